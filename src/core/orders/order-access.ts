import { type Actor, isPrivileged } from '../auth/actor.js';
import { NotFoundError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';
import type { Order, OrderRecord } from './order.js';
import type { OrderRepository } from './order-repository.js';

/** Its customer, ADMINs and the operator see an order; to anyone else it does not exist. */
export const maySee = (actor: Actor, order: Pick<Order, 'customerId'>): boolean =>
  isPrivileged(actor) || (actor.kind === 'user' && actor.id === order.customerId);

/** What every entry point may show of an order: never the idempotency key. */
export const toOrder = ({ idempotencyKey: _key, ...order }: OrderRecord): Order => order;

export const orderNotFound = (): NotFoundError => new NotFoundError('No order has this id');

/** The order if `actor` may see it, else null; a malformed id finds nothing without a store call. */
export async function findVisibleOrder(orders: OrderRepository, id: unknown, actor: Actor): Promise<OrderRecord | null> {
  if (typeof id !== 'string' || !isWellFormedId(id)) return null;
  const order = await orders.findById(id);
  return order && maySee(actor, order) ? order : null;
}
