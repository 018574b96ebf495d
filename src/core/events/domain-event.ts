import type { OrderStatus } from '../orders/order.js';
import { newId } from '../shared/ids.js';

/**
 * What happened, as data: the core returns events with the change they
 * describe, and every store writes them in the same atomic write as that
 * change (an outbox row in the transaction; an event embedded in the document
 * that changes). So an event exists exactly when its change does. A relay
 * moves them to the job queue (the event id is the job id), and workers act
 * on them. Payloads carry ids, not copies: a consumer reads what it needs,
 * and nothing personal (an email, a password) travels through the queue.
 */
export interface EventPayloads {
  'user.registered': { userId: string };
  /** The user's password was changed (by them or by an ADMIN/operator). */
  'user.password-changed': { userId: string };
  'order.placed': { orderId: string; customerId: string };
  /** Any status change but a cancellation (PLACED → PAID → SHIPPED → DELIVERED). */
  'order.status-changed': { orderId: string; customerId: string; from: OrderStatus; to: OrderStatus };
  /** A change to CANCELLED: its units went back to stock in the same write. */
  'order.cancelled': { orderId: string; customerId: string; from: OrderStatus };
  /**
   * A product's details or stock changed: created, updated, restocked, or its
   * stock moved because an order took or returned units.
   */
  'product.changed': { productId: string; change: ProductChange };
  /** An ADMIN asked for a CSV of the sales report; a worker builds it. */
  'sales-export.requested': { exportId: string };
}

export type ProductChange = 'created' | 'updated' | 'restocked' | 'ordered' | 'returned';

export type EventType = keyof EventPayloads;

export const EVENT_TYPES = [
  'user.registered',
  'user.password-changed',
  'order.placed',
  'order.status-changed',
  'order.cancelled',
  'product.changed',
  'sales-export.requested',
] as const satisfies readonly EventType[];

export type DomainEvent = {
  [T in EventType]: {
    /** A UUIDv7 made by the core: unique, time-ordered, and the id of the job it becomes. */
    readonly id: string;
    readonly type: T;
    /** When the change happened (the use case's clock). */
    readonly at: Date;
    readonly data: EventPayloads[T];
  };
}[EventType];

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** A new event of `type` at `at`, with a fresh id. */
export function domainEvent<T extends EventType>(type: T, data: EventPayloads[T], at: Date): EventOf<T> {
  return { id: newId(at), type, at, data } as EventOf<T>;
}

/** The events of a placement: the order, and each product whose stock it took. */
export function placementEvents(order: { id: string; customerId: string; productIds: readonly string[] }, at: Date): DomainEvent[] {
  return [
    domainEvent('order.placed', { orderId: order.id, customerId: order.customerId }, at),
    ...order.productIds.map((productId) => domainEvent('product.changed', { productId, change: 'ordered' }, at)),
  ];
}

/** The events of a status change; a cancellation also names each product whose units came back. */
export function statusChangeEvents(
  order: { id: string; customerId: string; productIds: readonly string[] },
  change: { from: OrderStatus; to: OrderStatus },
  at: Date,
): DomainEvent[] {
  if (change.to !== 'CANCELLED') {
    return [domainEvent('order.status-changed', { orderId: order.id, customerId: order.customerId, from: change.from, to: change.to }, at)];
  }
  return [
    domainEvent('order.cancelled', { orderId: order.id, customerId: order.customerId, from: change.from }, at),
    ...order.productIds.map((productId) => domainEvent('product.changed', { productId, change: 'returned' }, at)),
  ];
}
