import type { OrderStatus } from './order.js';

/**
 * The order's state machine, in one place (CONTRACT.md, "status"):
 * PLACED → PAID → SHIPPED → DELIVERED one step at a time (ADMIN), and
 * PLACED or PAID → CANCELLED (the customer or an ADMIN, via cancelOrder).
 * Anything else is CONFLICT.
 */
const NEXT: Partial<Record<OrderStatus, OrderStatus>> = { PLACED: 'PAID', PAID: 'SHIPPED', SHIPPED: 'DELIVERED' };
const CANCELLABLE: readonly OrderStatus[] = ['PLACED', 'PAID'];

/** Why `setOrderStatus` may not move an order from `from` to `to`, or null when it may. */
export function advanceRefusal(from: OrderStatus, to: OrderStatus): string | null {
  if (to === 'CANCELLED') return 'An order is cancelled with cancelOrder';
  if (from === to) return `The order is already ${from}`;
  if (NEXT[from] !== to) return `An order cannot go from ${from} to ${to}`;
  return null;
}

/** Why `cancelOrder` may not cancel an order in `from`, or null when it may. */
export function cancelRefusal(from: OrderStatus): string | null {
  return CANCELLABLE.includes(from) ? null : `A ${from} order cannot be cancelled`;
}
