import type { Collection, UpdateFilter } from 'mongodb';
import { STOCK_MAX } from '../../core/catalog/product.js';
import type { DocumentLocks } from './document-locks.js';
import { COLLECTIONS, markerKey, type ProductDocument } from './documents.js';

export type Reservation = { kind: 'reserved'; priceCents: number } | { kind: 'unavailable' } | { kind: 'short' };

type Marks = 'reservations' | 'returns';


/**
 * Stock after units come back, never past STOCK_MAX (a restock may have filled
 * it meanwhile): the same cap as the SQL store's CHECK and the memory store.
 * Set, not incremented: the caller holds the product's lock and read `stock`.
 */
const returned = (stock: number, quantity: number): number => Math.min(stock + quantity, STOCK_MAX);

/**
 * Every change of a product's stock, each one locked read-check-write of the
 * product document (FerretDB 1.x loses racing updates, see DocumentLocks).
 * The stock change and the marker saying which order it belongs to go in ONE
 * single-document write, which is atomic on every server and under a crash:
 * after any crash the product itself tells whether an order's units are
 * taken (`reservations`) or given back (`returns`), so repeating a step after
 * a crash, or two processes doing it at once, moves the units exactly once.
 */
export class MongoStock {
  constructor(
    private readonly products: Collection<ProductDocument>,
    private readonly locks: DocumentLocks,
  ) {}

  private locked<T>(productId: string, write: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`${COLLECTIONS.products}:${productId}`, write);
  }

  /** Stock and archived flag of the products among `ids` that exist, read without locks (for error answers). */
  async levels(ids: readonly string[]): Promise<Map<string, Pick<ProductDocument, 'stock' | 'archived'>>> {
    const docs = await this.products.find({ _id: { $in: [...new Set(ids)] } }, { projection: { stock: 1, archived: 1 } }).toArray();
    return new Map(docs.map((doc) => [doc._id, doc]));
  }

  /**
   * Takes `quantity` units for the order and reads the price it pays. An
   * order already holding a reservation here keeps it (a repeated step).
   */
  async reserve(productId: string, orderId: string, quantity: number): Promise<Reservation> {
    const key = markerKey(orderId);
    // A refusal needs no lock: a read of committed state that shows too little stock (stock only
    // grows by restock and returns) is a true answer at that moment, and the losers of a race for
    // the last units then do not queue on the lock at all.
    const glance = await this.products.findOne({ _id: productId }, { projection: { stock: 1, archived: 1 } });
    if (!glance || glance.archived) return { kind: 'unavailable' };
    if (glance.stock < quantity) return { kind: 'short' };
    return this.locked(productId, async () => {
      const doc = await this.products.findOne({ _id: productId });
      if (!doc || doc.archived) return { kind: 'unavailable' };
      if (doc.reservations?.[key] !== undefined) return { kind: 'reserved', priceCents: doc.priceCents };
      if (doc.stock < quantity) return { kind: 'short' };
      // The filter repeats the checks so that MongoDB, whose updates are atomic, holds them even without the lock.
      const { matchedCount } = await this.products.updateOne(
        { _id: productId, stock: { $gte: quantity }, [`reservations.${key}`]: { $exists: false } },
        { $inc: { stock: -quantity }, $set: { [`reservations.${key}`]: quantity } },
      );
      return matchedCount === 1 ? { kind: 'reserved', priceCents: doc.priceCents } : { kind: 'short' };
    });
  }

  /** Gives back the units of an order's reservation, if it still holds one here. True when units moved. */
  release(productId: string, orderId: string): Promise<boolean> {
    return this.locked(productId, async () => {
      const doc = await this.products.findOne({ _id: productId });
      const quantity = doc?.reservations?.[markerKey(orderId)];
      if (!doc || quantity === undefined) return false;
      await this.products.updateOne({ _id: productId }, { $set: { stock: returned(doc.stock, quantity) }, ...dropMark(doc, 'reservations', orderId) });
      return true;
    });
  }

  /** Returns a cancelled order's units, unless this product has taken them back already. True when units moved. */
  giveBack(productId: string, orderId: string, quantity: number): Promise<boolean> {
    const key = markerKey(orderId);
    return this.locked(productId, async () => {
      const doc = await this.products.findOne({ _id: productId });
      // A deleted product takes nothing back: its units left the catalog with it.
      if (!doc || doc.returns?.[key] !== undefined) return false;
      await this.products.updateOne({ _id: productId }, { $set: { stock: returned(doc.stock, quantity), [`returns.${key}`]: quantity } });
      return true;
    });
  }

  /**
   * Drops an order's marker once nobody needs it: a reservation of a settled
   * order (its units stay sold), or a return of a cancellation that is finished.
   */
  forget(productId: string, orderId: string, marks: Marks): Promise<void> {
    return this.locked(productId, async () => {
      const doc = await this.products.findOne({ _id: productId });
      if (!doc || doc[marks]?.[markerKey(orderId)] === undefined) return;
      await this.products.updateOne({ _id: productId }, dropMark(doc, marks, orderId));
    });
  }
}

/** `$unset` of one marker, or of the whole map when it was the last (so "has markers" is "the field exists"). */
function dropMark(doc: ProductDocument, marks: Marks, orderId: string): UpdateFilter<ProductDocument> {
  const others = Object.keys(doc[marks] ?? {}).filter((key) => key !== markerKey(orderId));
  return { $unset: others.length === 0 ? { [marks]: '' } : { [`${marks}.${markerKey(orderId)}`]: '' } };
}
