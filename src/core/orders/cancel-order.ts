import { type Actor, requireActor } from '../auth/actor.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError } from '../shared/errors.js';
import { changeOrderStatus } from './change-order-status.js';
import type { Order } from './order.js';
import type { OrderRepository } from './order-repository.js';
import { cancelRefusal } from './order-status.js';

export class CancelOrder {
  constructor(private readonly deps: { orders: OrderRepository; clock: Clock }) {}

  /**
   * The customer or an ADMIN cancels a PLACED or PAID order; the store returns
   * its units once. NOT_FOUND for anyone else; CONFLICT in any other status.
   */
  async execute(id: string, actor: Actor | null): Promise<Order> {
    return changeOrderStatus(this.deps, id, requireActor(actor), (order) => {
      const refusal = cancelRefusal(order.status);
      if (refusal) throw new ConflictError(refusal);
      return 'CANCELLED';
    });
  }
}
