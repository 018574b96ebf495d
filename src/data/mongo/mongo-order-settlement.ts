import type { Collection } from 'mongodb';
import type { FaultHook } from '../shared/fault-hook.js';
import type { DocumentLocks } from './document-locks.js';
import { COLLECTIONS, type OrderDocument, type ProductDocument, type RequestedLine } from './documents.js';
import type { MongoStock } from './mongo-stock.js';

/** The same order for every process: two that take product locks in one order never wait on each other in a cycle. */
export const inProductOrder = <L extends RequestedLine>(lines: readonly L[]): L[] =>
  [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));

const orderIdOf = (markerKey: string) => decodeURIComponent(markerKey);

/**
 * At most this many orders (and marked products) per kind per sweep, so that one call stays
 * well inside the store deadline after a crash left many; the next sweep (every 15 s) takes the rest.
 */
const SWEEP_BATCH = 100;

/**
 * The steps that finish what a placement or a cancellation left undone, used
 * by the processes that began them and by the sweep (settleUnfinished) after a
 * crash. Each is idempotent and safe to run twice at once: the moves of units
 * are guarded by the markers on the product (mongo-stock.ts), and the order's
 * own state changes are read-check-write under its document lock.
 *
 * An order's placement goes pending → settled (by its placer only) or
 * pending → aborting → deleted (by the placer when it fails, or by the sweep
 * when it is left pending too long). `aborting` is written under the order's
 * lock before any unit is given back, so a placer that is merely slow can no
 * longer settle it afterwards: it finds its order gone or aborting and
 * compensates in its turn.
 */
export class MongoOrderSettlement {
  constructor(
    private readonly orders: Collection<OrderDocument>,
    private readonly products: Collection<ProductDocument>,
    private readonly stock: MongoStock,
    private readonly locks: DocumentLocks,
    private readonly faults: FaultHook,
  ) {}

  lockOrder<T>(id: string, write: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`${COLLECTIONS.orders}:${id}`, write);
  }

  /**
   * Gives back every unit the placement still holds and deletes its order,
   * which frees its idempotency key. Run by the placer when it failed.
   */
  async compensate(orderId: string, lines: readonly RequestedLine[]): Promise<void> {
    for (const [i, line] of inProductOrder(lines).entries()) {
      await this.stock.release(line.productId, orderId);
      await this.faults(`placement:after-release:${i}`);
    }
    await this.orders.deleteOne({ _id: orderId, placement: { $in: ['pending', 'aborting'] } });
  }

  /**
   * Compensates a placement pending since before `olderThan` (or already
   * aborting): true when this call found it unsettled and undid it.
   */
  async abandon(orderId: string, olderThan: Date): Promise<boolean> {
    const doomed = await this.lockOrder(orderId, async () => {
      const doc = await this.orders.findOne({ _id: orderId });
      if (!doc || doc.placement === 'settled') return null;
      if (doc.placement === 'pending') {
        if (!doc.pendingSince || doc.pendingSince >= olderThan) return null;
        await this.orders.updateOne({ _id: orderId }, { $set: { placement: 'aborting' } });
      }
      return doc;
    });
    if (!doomed) return false;
    for (const line of inProductOrder(doomed.lines)) await this.stock.release(line.productId, orderId);
    await this.orders.deleteOne({ _id: orderId, placement: 'aborting' });
    return true;
  }

  /**
   * The rest of a cancellation once its status is written (`returningSince`
   * set in that same write): every line's units back, exactly once, then the
   * cancellation marked done, then the products' return markers dropped.
   */
  async finishReturns(order: Pick<OrderDocument, '_id' | 'lines'>): Promise<void> {
    const lines = inProductOrder(order.lines);
    for (const [i, line] of lines.entries()) {
      await this.stock.giveBack(line.productId, order._id, line.quantity);
      await this.faults(`cancel:after-return:${i}`);
    }
    await this.lockOrder(order._id, () => this.orders.updateOne({ _id: order._id }, { $unset: { returningSince: '' } }));
    await this.faults('cancel:after-returns');
    for (const line of lines) await this.stock.forget(line.productId, order._id, 'returns');
  }

  /** OrderRepository.settleUnfinished: see there. */
  async settleUnfinished(olderThan: Date): Promise<number> {
    const settled = new Set<string>();
    const stuck = await this.orders
      .find({ placement: { $in: ['pending', 'aborting'] }, pendingSince: { $lt: olderThan } }, { projection: { _id: 1 } })
      .limit(SWEEP_BATCH)
      .toArray();
    for (const { _id } of stuck) if (await this.abandon(_id, olderThan)) settled.add(_id);

    const returning = await this.orders
      .find({ returningSince: { $lt: olderThan } }, { projection: { _id: 1, lines: 1 } })
      .limit(SWEEP_BATCH)
      .toArray();
    for (const order of returning) {
      await this.finishReturns(order);
      settled.add(order._id);
    }

    for (const id of await this.sweepMarkers()) settled.add(id);
    return settled.size;
  }

  /**
   * Markers that no running step will clear: a reservation whose order is
   * gone or aborting gives its units back (a placer that crashed after the
   * sweep had compensated its order, or mid-compensation); one of a settled
   * order is dropped (its units stay sold); a return of a finished
   * cancellation is dropped. A marker is only ever written after its order's
   * state that makes it live (order inserted; returningSince set), so reading
   * the products first and the orders second sees that state or a later one.
   * Answers the orders whose units moved.
   */
  private async sweepMarkers(): Promise<string[]> {
    const marked = await this.products
      .find({ $or: [{ reservations: { $exists: true } }, { returns: { $exists: true } }] }, { projection: { reservations: 1, returns: 1 } })
      .limit(SWEEP_BATCH)
      .toArray();
    if (marked.length === 0) return [];
    const orderIds = new Set(marked.flatMap((p) => [...Object.keys(p.reservations ?? {}), ...Object.keys(p.returns ?? {})].map(orderIdOf)));
    const orders = await this.orders
      .find({ _id: { $in: [...orderIds] } }, { projection: { placement: 1, returningSince: 1 } })
      .toArray();
    const byId = new Map(orders.map((order) => [order._id, order]));
    const released = new Set<string>();
    for (const product of marked) {
      for (const key of Object.keys(product.reservations ?? {})) {
        const orderId = orderIdOf(key);
        const order = byId.get(orderId);
        if (!order || order.placement === 'aborting') {
          if (await this.stock.release(product._id, orderId)) released.add(orderId);
        } else if (order.placement === 'settled') {
          await this.stock.forget(product._id, orderId, 'reservations');
        }
      }
      for (const key of Object.keys(product.returns ?? {})) {
        const orderId = orderIdOf(key);
        if (byId.get(orderId)?.returningSince === undefined) await this.stock.forget(product._id, orderId, 'returns');
      }
    }
    return [...released];
  }
}
