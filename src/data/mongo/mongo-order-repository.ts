import type { Collection, Filter } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { OrderFilter, OrderRepository, PlacementOutcome, ProductSalesRow, StatusChange } from '../../core/orders/order-repository.js';
import type { OrderRecord, PlacementRequest } from '../../core/orders/order.js';
import type { PagePosition } from '../../core/shared/paging.js';
import type { FaultHook } from '../shared/fault-hook.js';
import { type OrderDocument, pushEvents, type SettledOrderDocument, toOrderRecord } from './documents.js';
import type { MongoOrderSettlement } from './mongo-order-settlement.js';
import type { MongoPlacement } from './mongo-placement.js';

/** Every read sees settled orders only: a pending or aborting placement is visible to none. */
const SETTLED = { placement: 'settled' } as const;

function filterOf(filter: OrderFilter): Filter<OrderDocument> {
  return {
    ...SETTLED,
    ...(filter.status !== undefined && { status: filter.status }),
    ...(filter.customerId !== undefined && { customerId: filter.customerId }),
  };
}

/** Strictly before (createdAt, id) in the newest-first order. */
const before = (position: PagePosition): Filter<OrderDocument> => ({
  $or: [{ createdAt: { $lt: position.createdAt } }, { createdAt: position.createdAt, _id: { $lt: position.id } }],
});

interface SalesGroup {
  _id: string;
  value: number;
}

/**
 * Orders on a server without transactions: placement is MongoPlacement's,
 * the finishing of what a crash left undone MongoOrderSettlement's. A status
 * change is a compare-and-set under the order's document lock; a
 * cancellation commits with that write (which also records that units are
 * to be returned) and then returns the units exactly once.
 */
export class MongoOrderRepository implements OrderRepository {
  constructor(
    private readonly orders: Collection<OrderDocument>,
    private readonly placement: MongoPlacement,
    private readonly settlement: MongoOrderSettlement,
    private readonly faults: FaultHook,
  ) {}

  place(request: PlacementRequest, events?: readonly DomainEvent[]): Promise<PlacementOutcome> {
    return this.placement.place(request, events);
  }

  async findById(id: string): Promise<OrderRecord | null> {
    const doc = await this.orders.findOne({ _id: id, ...SETTLED });
    return doc && toOrderRecord(doc as SettledOrderDocument);
  }

  async changeStatus(id: string, change: StatusChange, events?: readonly DomainEvent[]): Promise<OrderRecord | null> {
    const cancelling = change.to === 'CANCELLED';
    const changed = await this.settlement.lockOrder(id, async () => {
      const doc = await this.orders.findOne({ _id: id, ...SETTLED });
      if (doc?.status !== change.from) return null;
      return this.orders.findOneAndUpdate(
        { _id: id, ...SETTLED, status: change.from },
        // The status, "units to return" and the events in one write: after a crash the sweep knows to return them.
        { $set: { status: change.to, updatedAt: change.at, ...(cancelling && { returningSince: new Date() }) }, ...pushEvents(events) },
        { returnDocument: 'after' },
      );
    });
    if (!changed) return null;
    if (cancelling) {
      await this.faults('cancel:after-status');
      try {
        await this.settlement.finishReturns(changed);
      } catch {
        // The cancellation is committed; the sweep returns what is left.
      }
    }
    return toOrderRecord(changed as SettledOrderDocument);
  }

  async page(query: { limit: number; after?: PagePosition; filter: OrderFilter }): Promise<OrderRecord[]> {
    const filter = filterOf(query.filter);
    const docs = await this.orders
      .find(query.after ? { $and: [filter, before(query.after)] } : filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(query.limit)
      .toArray();
    return docs.map((doc) => toOrderRecord(doc as SettledOrderDocument));
  }

  count(filter: OrderFilter): Promise<number> {
    return this.orders.countDocuments(filterOf(filter));
  }

  /**
   * Only $match, $unwind and $group, one pipeline per figure: FerretDB 1.24
   * has no arithmetic expressions (so revenue sums the line totals stored at
   * placement), and computes only the FIRST accumulator of a $group (the
   * others come back 0; order-probes.test.ts). After the $unwind each row is
   * one line, and an order has each product once, so counting rows per
   * product counts its orders. The three run at once and are joined here.
   */
  async salesReport(range: { from: Date; to: Date }): Promise<ProductSalesRow[]> {
    const match = { $match: { ...SETTLED, status: { $ne: 'CANCELLED' }, createdAt: { $gte: range.from, $lt: range.to } } };
    const sum = (of: string | 1) =>
      this.orders
        .aggregate<SalesGroup>([match, { $unwind: '$lines' }, { $group: { _id: '$lines.productId', value: { $sum: of } } }])
        .toArray()
        .then((groups) => new Map(groups.map(({ _id, value }) => [_id, value])));
    const [units, revenue, orderCounts] = await Promise.all([sum('$lines.quantity'), sum('$lines.totalCents'), sum(1)]);
    return [...units]
      .map(([productId, unitsSold]) => ({
        productId,
        unitsSold,
        revenueCents: revenue.get(productId) ?? 0,
        orderCount: orderCounts.get(productId) ?? 0,
      }))
      .sort(
        (a, b) =>
          b.revenueCents - a.revenueCents ||
          b.unitsSold - a.unitsSold ||
          (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
      );
  }

  /**
   * salesReport's pipelines, one page at a time: the units pipeline picks the
   * page (the products after `afterProductId`, by id, at most `limit`), the
   * other two figures are summed for those products only.
   */
  async salesPage({ from, to, afterProductId, limit }: { from: Date; to: Date; afterProductId?: string; limit: number }): Promise<ProductSalesRow[]> {
    const match = { $match: { ...SETTLED, status: { $ne: 'CANCELLED' }, createdAt: { $gte: from, $lt: to } } };
    const sum = (of: string | 1, products: Filter<OrderDocument>, page: object[] = []) =>
      this.orders.aggregate<SalesGroup>([match, { $unwind: '$lines' }, { $match: products }, { $group: { _id: '$lines.productId', value: { $sum: of } } }, ...page]).toArray();
    const after = afterProductId === undefined ? {} : { 'lines.productId': { $gt: afterProductId } };
    const units = await sum('$lines.quantity', after, [{ $sort: { _id: 1 } }, { $limit: limit }]);
    if (units.length === 0) return [];
    const ids = { 'lines.productId': { $in: units.map((group) => group._id) } };
    const [revenue, orderCounts] = await Promise.all(
      [sum('$lines.totalCents', ids), sum(1, ids)].map((groups) => groups.then((found) => new Map(found.map(({ _id, value }) => [_id, value])))),
    );
    return units.map(({ _id: productId, value: unitsSold }) => ({
      productId,
      unitsSold,
      revenueCents: revenue!.get(productId) ?? 0,
      orderCount: orderCounts!.get(productId) ?? 0,
    }));
  }

  settleUnfinished(olderThan: Date): Promise<number> {
    return this.settlement.settleUnfinished(olderThan);
  }
}
