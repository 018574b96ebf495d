import type { DomainEvent } from '../events/domain-event.js';
import type { PagePosition } from '../shared/paging.js';
import type { OrderRecord, OrderStatus, PlacementRequest } from './order.js';

export type PlacementOutcome =
  | { kind: 'placed'; order: OrderRecord }
  /** This customer already has a settled order with this idempotency key (its lines may differ: the core compares). */
  | { kind: 'duplicate'; order: OrderRecord }
  /** Lines (indexes into request.lines) whose product is unknown or archived; nothing was reserved. */
  | { kind: 'unavailable'; lineIndexes: number[] }
  /** Lines asking for more units than are left; nothing was reserved. */
  | { kind: 'out-of-stock'; lineIndexes: number[] };

export interface OrderFilter {
  status?: OrderStatus;
  customerId?: string;
}

/** One product's sales over a period, from orders that are not cancelled. */
export interface ProductSalesRow {
  productId: string;
  unitsSold: number;
  revenueCents: number;
  /** Orders with at least one line of this product. */
  orderCount: number;
}

export interface StatusChange {
  from: OrderStatus;
  to: OrderStatus;
  at: Date;
}

/**
 * The orders' port. Atomicity is named here, not leaked as a transaction: each
 * store keeps these promises its own way (a transaction; a recorded
 * reservation settled with compensation), proven by the store contract suite
 * under races and crashes. A placement that is not settled yet is visible to
 * no read (not findById, page, count nor salesReport).
 */
export interface OrderRepository {
  /**
   * Reserves every line's units and records the order priced with
   * `placedOrder` from the products as read while reserving, or changes
   * nothing. Products are reserved in product-id order. With an idempotency
   * key the customer has already used, answers `duplicate` with that order;
   * a placement racing one with the same key waits for it: its order once it
   * is placed, or a placement of its own when the first failed (a failed
   * placement binds no key). `events` are stored with the order, only when
   * the outcome is `placed`, and become visible to the outbox when the
   * order does (never for a placement that is undone).
   */
  place(request: PlacementRequest, events?: readonly DomainEvent[]): Promise<PlacementOutcome>;
  findById(id: string): Promise<OrderRecord | null>;
  /**
   * Compare-and-set: moves the order from `change.from` to `change.to`, or
   * changes nothing and answers null when it is absent or no longer in
   * `from`. A change to CANCELLED returns every line's units to stock in the
   * same atomic step, exactly once. `events` are stored in that step too,
   * and only when the change is made.
   */
  changeStatus(id: string, change: StatusChange, events?: readonly DomainEvent[]): Promise<OrderRecord | null>;
  /** Up to `limit` orders ordered by (createdAt, id) descending, strictly before `after` when given. */
  page(query: { limit: number; after?: PagePosition; filter: OrderFilter }): Promise<OrderRecord[]>;
  count(filter: OrderFilter): Promise<number>;
  /**
   * Per product, over orders not cancelled created in [from, to): ordered by
   * revenue, then units (both descending), then product id.
   */
  salesReport(range: { from: Date; to: Date }): Promise<ProductSalesRow[]>;
  /**
   * The same rows as salesReport, one bounded page at a time for the CSV
   * export: ordered by product id (compared as bytes), strictly after
   * `afterProductId` when given, at most `limit` of them.
   */
  salesPage(query: { from: Date; to: Date; afterProductId?: string; limit: number }): Promise<ProductSalesRow[]>;
  /**
   * Finishes or compensates placements and cancellations that a crashed
   * process left unsettled and that began before `olderThan`; answers how
   * many it settled. Stores whose writes are transactions have none and
   * answer 0. Run at start-up and periodically.
   */
  settleUnfinished(olderThan: Date): Promise<number>;
}
