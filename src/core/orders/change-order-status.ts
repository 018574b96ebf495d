import type { Actor } from '../auth/actor.js';
import { statusChangeEvents } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';
import type { Order, OrderRecord, OrderStatus } from './order.js';
import { findVisibleOrder, orderNotFound, toOrder } from './order-access.js';
import type { OrderRepository } from './order-repository.js';

/** How many times a change lost to a concurrent one is re-decided before giving up with CONFLICT. */
const ATTEMPTS = 5;

/**
 * The read-decide-write loop shared by cancelOrder and setOrderStatus. The
 * order is read (NOT_FOUND when the caller may not see it), `decide` answers
 * the target status or throws (FORBIDDEN, CONFLICT), and the store's
 * compare-and-set applies it only if the status is still the one decided on.
 * When it is not (a concurrent change won), the order is read again and the
 * decision taken again on its new state: gone is NOT_FOUND, a state that no
 * longer allows the change is CONFLICT.
 */
export async function changeOrderStatus(
  deps: { orders: OrderRepository; clock: Clock },
  id: string,
  actor: Actor,
  decide: (order: OrderRecord) => OrderStatus,
): Promise<Order> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const order = await findVisibleOrder(deps.orders, id, actor);
    if (!order) throw orderNotFound();
    const to = decide(order);
    const change = { from: order.status, to, at: deps.clock() };
    const productIds = order.lines.map((line) => line.productId);
    const events = statusChangeEvents({ id: order.id, customerId: order.customerId, productIds }, change, change.at);
    const changed = await deps.orders.changeStatus(order.id, change, events);
    if (changed) return toOrder(changed);
  }
  throw new ConflictError('The order kept changing; try again');
}
