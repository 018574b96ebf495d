import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import { type Connection, type ConnectionWithoutTotal, type ListOptions, pageArguments, toConnection } from '../shared/connection.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';
import { isRecord } from '../shared/validation.js';
import { ORDER_STATUSES, type Order, type OrderStatus } from './order.js';
import { toOrder } from './order-access.js';
import type { OrderFilter, OrderRepository } from './order-repository.js';

export interface ListOrdersInput {
  /** Page size, 1 to 100; 20 when omitted. */
  first?: number;
  after?: string | null;
  status?: OrderStatus | null;
  /** ADMINs: one customer's orders. A USER may give only its own id. */
  customerId?: string | null;
}

export type OrderPage = Connection<Order>;
export type OrderPageWithoutTotal = ConnectionWithoutTotal<Order>;

export class ListOrders {
  constructor(private readonly deps: { orders: OrderRepository }) {}

  /** Orders newest first, ties broken by id, keyset-paged. A USER sees its own; ADMINs every one. */
  execute(input: ListOrdersInput | undefined, actor: Actor | null): Promise<OrderPage>;
  execute(input: ListOrdersInput | undefined, actor: Actor | null, options: ListOptions): Promise<OrderPage | OrderPageWithoutTotal>;
  async execute(
    input: ListOrdersInput = {},
    actor: Actor | null,
    options: ListOptions = { withTotal: true },
  ): Promise<OrderPage | OrderPageWithoutTotal> {
    const caller = requireActor(actor);
    if (!isRecord(input)) throw new ValidationError([], 'Input must be an object');
    const { first, after } = pageArguments(input);
    const filter: OrderFilter = {};
    const status: unknown = input.status;
    if (status != null) {
      if (!ORDER_STATUSES.includes(status as OrderStatus)) {
        throw new ValidationError([{ field: 'status', message: `must be one of ${ORDER_STATUSES.join(', ')}` }]);
      }
      filter.status = status as OrderStatus;
    }
    if (input.customerId != null && typeof input.customerId !== 'string') {
      throw new ValidationError([{ field: 'customerId', message: 'must be a string' }]);
    }
    if (isPrivileged(caller)) {
      if (input.customerId != null) filter.customerId = input.customerId;
    } else {
      if (caller.kind !== 'user' || (input.customerId != null && input.customerId !== caller.id)) {
        throw new ForbiddenError("Only an administrator may list another customer's orders");
      }
      filter.customerId = caller.id;
    }
    // A malformed customer id has no orders: an empty page without a store call.
    if (filter.customerId !== undefined && !isWellFormedId(filter.customerId)) {
      return toConnection([], first, toOrder, options.withTotal ? 0 : undefined);
    }
    const [records, totalCount] = await Promise.all([
      this.deps.orders.page({ limit: first + 1, after, filter }),
      options.withTotal ? this.deps.orders.count(filter) : undefined,
    ]);
    return toConnection(records, first, toOrder, totalCount);
  }
}
