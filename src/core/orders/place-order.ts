import { type Actor, requireActor } from '../auth/actor.js';
import { placementEvents } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, ForbiddenError, OutOfStockError, ValidationError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { isRecord, rejectUnknownFields } from '../shared/validation.js';
import type { Order } from './order.js';
import { toOrder } from './order-access.js';
import type { OrderRepository } from './order-repository.js';
import { checkIdempotencyKey, checkLines, sameLines, UNAVAILABLE } from './order-rules.js';

export interface PlaceOrderInput {
  /** 1 to 20 lines, each product at most once, quantity 1 to 100. */
  lines: readonly { productId: string; quantity: number }[];
  /** 1 to 100 characters; the same key from the same customer answers the order first placed with it. */
  idempotencyKey?: string | null;
}

export interface Placement {
  order: Order;
  /** false when an earlier placement with the same idempotency key answered (REST: 200 instead of 201). */
  created: boolean;
}

export class PlaceOrder {
  constructor(private readonly deps: { orders: OrderRepository; clock: Clock }) {}

  /**
   * Any authenticated user, for itself: every line is reserved or none is.
   * Throws ValidationError (`lines`, `lines.<i>.productId`, `lines.<i>.quantity`,
   * `idempotencyKey`), OutOfStockError, ConflictError (a key reused with other lines).
   */
  async execute(input: PlaceOrderInput, actor: Actor | null): Promise<Placement> {
    const caller = requireActor(actor);
    // The operator is nobody's account: an order needs a customer.
    if (caller.kind !== 'user') throw new ForbiddenError('Only a signed-in user can place an order');
    if (!isRecord(input)) throw new ValidationError([], 'Input must be an object');
    rejectUnknownFields(input, ['lines', 'idempotencyKey']);
    const checked = checkLines(input.lines);
    const key = checkIdempotencyKey(input.idempotencyKey);
    const errors = 'errors' in checked ? [...checked.errors] : [];
    if ('error' in key) errors.push({ field: 'idempotencyKey', message: key.error });
    if ('errors' in checked || 'error' in key) throw new ValidationError(errors);
    const { lines } = checked;

    const at = this.deps.clock();
    const request = { id: newId(at), customerId: caller.id, idempotencyKey: key.value, lines, at };
    const events = placementEvents({ id: request.id, customerId: caller.id, productIds: lines.map((line) => line.productId) }, at);
    const outcome = await this.deps.orders.place(request, events);
    switch (outcome.kind) {
      case 'placed':
        return { order: toOrder(outcome.order), created: true };
      case 'duplicate':
        if (!sameLines(outcome.order.lines, lines)) {
          throw new ConflictError('This idempotency key was used for an order with other lines');
        }
        return { order: toOrder(outcome.order), created: false };
      case 'unavailable':
        throw new ValidationError(outcome.lineIndexes.map((i) => ({ field: `lines.${i}.productId`, message: UNAVAILABLE })));
      case 'out-of-stock':
        throw new OutOfStockError(
          outcome.lineIndexes.map((i) => ({ field: `lines.${i}.quantity`, message: 'asks for more units than are left' })),
        );
    }
  }
}
