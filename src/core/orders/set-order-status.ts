import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import type { Clock } from '../shared/clock.js';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors.js';
import { changeOrderStatus } from './change-order-status.js';
import { ORDER_STATUSES, type Order, type OrderStatus } from './order.js';
import type { OrderRepository } from './order-repository.js';
import { advanceRefusal } from './order-status.js';

export class SetOrderStatus {
  constructor(private readonly deps: { orders: OrderRepository; clock: Clock }) {}

  /**
   * ADMIN or operator: one step along PLACED → PAID → SHIPPED → DELIVERED.
   * NOT_FOUND (decided first) for an order the caller may not see, FORBIDDEN
   * for its customer, CONFLICT for a skip, the same status, or CANCELLED.
   */
  async execute(id: string, status: OrderStatus, actor: Actor | null): Promise<Order> {
    const caller = requireActor(actor);
    return changeOrderStatus(this.deps, id, caller, (order) => {
      if (!isPrivileged(caller)) throw new ForbiddenError('Only an administrator may change an order status');
      if (!ORDER_STATUSES.includes(status)) {
        throw new ValidationError([{ field: 'status', message: `must be one of ${ORDER_STATUSES.join(', ')}` }]);
      }
      const refusal = advanceRefusal(order.status, status);
      if (refusal) throw new ConflictError(refusal);
      return status;
    });
  }
}
