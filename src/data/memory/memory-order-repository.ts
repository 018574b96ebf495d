import type { DomainEvent } from '../../core/events/domain-event.js';
import { STOCK_MAX } from '../../core/catalog/product.js';
import { type OrderRecord, placedOrder, type PlacementRequest } from '../../core/orders/order.js';
import type {
  OrderFilter,
  OrderRepository,
  PlacementOutcome,
  ProductSalesRow,
  StatusChange,
} from '../../core/orders/order-repository.js';
import type { PagePosition } from '../../core/shared/paging.js';
import type { MemoryOutbox } from './memory-outbox.js';
import type { ProductShelf } from './memory-product-repository.js';
import { byPosition, copy, isAfter } from './records.js';

const byProductId = (a: { productId: string }, b: { productId: string }): number =>
  a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;

const matches = (order: OrderRecord, { status, customerId }: OrderFilter): boolean =>
  (status === undefined || order.status === status) && (customerId === undefined || order.customerId === customerId);

/**
 * Orders in process memory. Every write is one synchronous step between
 * reading and writing (no await in the middle), so on one event loop it is
 * atomic: a placement reserves all its lines or none, a status change is a
 * compare-and-set, and nothing is ever left unsettled.
 */
export class MemoryOrderRepository implements OrderRepository {
  private readonly orders = new Map<string, OrderRecord>();
  /** customerId NUL idempotencyKey → order id: keys are per customer. */
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly shelf: ProductShelf,
    private readonly outbox: MemoryOutbox,
  ) {}

  async place(request: PlacementRequest, events?: readonly DomainEvent[]): Promise<PlacementOutcome> {
    const keyOf = request.idempotencyKey === null ? null : `${request.customerId}\u0000${request.idempotencyKey}`;
    const earlier = keyOf === null ? undefined : this.keys.get(keyOf);
    if (earlier !== undefined) return { kind: 'duplicate', order: copy(this.orders.get(earlier)!) };

    const products = request.lines.map((line) => this.shelf.get(line.productId));
    const unavailable = indexesWhere(products, (product) => !product || product.archived);
    if (unavailable.length > 0) return { kind: 'unavailable', lineIndexes: unavailable };
    const short = indexesWhere(request.lines, (line, i) => products[i]!.stock < line.quantity);
    if (short.length > 0) return { kind: 'out-of-stock', lineIndexes: short };

    request.lines.forEach((line, i) => (products[i]!.stock -= line.quantity));
    const order = placedOrder(request, (productId) => this.shelf.get(productId)!.priceCents);
    this.orders.set(order.id, copy(order));
    if (keyOf !== null) this.keys.set(keyOf, order.id);
    this.outbox.append(events);
    return { kind: 'placed', order: copy(order) };
  }

  async findById(id: string): Promise<OrderRecord | null> {
    const order = this.orders.get(id);
    return order ? copy(order) : null;
  }

  async changeStatus(id: string, change: StatusChange, events?: readonly DomainEvent[]): Promise<OrderRecord | null> {
    const order = this.orders.get(id);
    if (!order || order.status !== change.from) return null;
    if (change.to === 'CANCELLED') {
      for (const line of order.lines) {
        const product = this.shelf.get(line.productId);
        // Never past the maximum, as the SQL store's CHECK: a restock may have filled it meanwhile.
        if (product) product.stock = Math.min(product.stock + line.quantity, STOCK_MAX);
      }
    }
    order.status = change.to;
    order.updatedAt = new Date(change.at.getTime());
    this.outbox.append(events);
    return copy(order);
  }

  async page({ limit, after, filter }: { limit: number; after?: PagePosition; filter: OrderFilter }): Promise<OrderRecord[]> {
    return [...this.orders.values()]
      .filter((order) => matches(order, filter) && (!after || isAfter(after, order)))
      .sort((a, b) => byPosition(b, a))
      .slice(0, limit)
      .map(copy);
  }

  async count(filter: OrderFilter): Promise<number> {
    let count = 0;
    for (const order of this.orders.values()) if (matches(order, filter)) count += 1;
    return count;
  }

  async salesReport(range: { from: Date; to: Date }): Promise<ProductSalesRow[]> {
    return this.salesByProduct(range).sort(
      (a, b) => b.revenueCents - a.revenueCents || b.unitsSold - a.unitsSold || byProductId(a, b),
    );
  }

  async salesPage({ from, to, afterProductId, limit }: { from: Date; to: Date; afterProductId?: string; limit: number }): Promise<ProductSalesRow[]> {
    return this.salesByProduct({ from, to })
      .filter((row) => afterProductId === undefined || row.productId > afterProductId)
      .sort(byProductId)
      .slice(0, limit);
  }

  private salesByProduct({ from, to }: { from: Date; to: Date }): ProductSalesRow[] {
    const rows = new Map<string, ProductSalesRow>();
    for (const order of this.orders.values()) {
      const created = order.createdAt.getTime();
      if (order.status === 'CANCELLED' || created < from.getTime() || created >= to.getTime()) continue;
      for (const line of order.lines) {
        const row = rows.get(line.productId) ?? { productId: line.productId, unitsSold: 0, revenueCents: 0, orderCount: 0 };
        row.unitsSold += line.quantity;
        row.revenueCents += line.totalCents;
        row.orderCount += 1;
        rows.set(line.productId, row);
      }
    }
    return [...rows.values()];
  }

  /** Nothing is ever left half-done in memory. */
  async settleUnfinished(): Promise<number> {
    return 0;
  }

  clear(): void {
    this.orders.clear();
    this.keys.clear();
  }
}

function indexesWhere<T>(items: readonly T[], predicate: (item: T, index: number) => boolean): number[] {
  return items.flatMap((item, index) => (predicate(item, index) ? [index] : []));
}
