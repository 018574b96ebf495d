import { type Actor, requireActor } from '../auth/actor.js';
import type { Order } from './order.js';
import { findVisibleOrder, toOrder } from './order-access.js';
import type { OrderRepository } from './order-repository.js';

export class GetOrder {
  constructor(private readonly deps: { orders: OrderRepository }) {}

  /** The order, for its customer and ADMINs; null for anyone else, as if there were none. */
  async execute(id: string, actor: Actor | null): Promise<Order | null> {
    const order = await findVisibleOrder(this.deps.orders, id, requireActor(actor));
    return order ? toOrder(order) : null;
  }
}
