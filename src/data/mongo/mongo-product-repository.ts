import type { Collection, Filter } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { ProductChanges, ProductFilter, ProductRepository, RestockOutcome } from '../../core/catalog/product-repository.js';
import { type Product, STOCK_MAX } from '../../core/catalog/product.js';
import type { PagePosition } from '../../core/shared/paging.js';
import type { DocumentLocks } from './document-locks.js';
import { COLLECTIONS, outboxOf, PRODUCT_PROJECTION, type ProductDocument, pushEvents, toProduct, toProductDocument } from './documents.js';
import { conflictOnDuplicateKey } from './duplicate-key.js';

const SKU_TAKEN = 'This sku is taken';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function filterOf(filter: ProductFilter): Filter<ProductDocument> {
  const conditions: Filter<ProductDocument>[] = [];
  if (!filter.includeArchived) conditions.push({ archived: false });
  if (filter.search !== undefined) {
    // A literal substring, case-insensitively: every regex character escaped.
    const pattern = { $regex: escapeRegex(filter.search), $options: 'i' };
    conditions.push({ $or: [{ name: pattern }, { sku: pattern }] });
  }
  return conditions.length === 0 ? {} : conditions.length === 1 ? conditions[0]! : { $and: conditions };
}

const after = (position: PagePosition): Filter<ProductDocument> => ({
  $or: [{ createdAt: { $gt: position.createdAt } }, { createdAt: position.createdAt, _id: { $gt: position.id } }],
});

/**
 * Products. Every update runs under the product's document lock, the same
 * lock the orders take to move stock (mongo-stock.ts): FerretDB 1.x writes a
 * whole document back on update, so an unlocked rename could undo a
 * reservation that raced it.
 */
export class MongoProductRepository implements ProductRepository {
  constructor(
    private readonly products: Collection<ProductDocument>,
    private readonly locks: DocumentLocks,
  ) {}

  private locked<T>(id: string, write: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`${COLLECTIONS.products}:${id}`, write);
  }

  async insert(product: Product, events?: readonly DomainEvent[]): Promise<void> {
    await conflictOnDuplicateKey(() => this.products.insertOne({ ...toProductDocument(product), ...outboxOf(events) }), SKU_TAKEN);
  }

  async findById(id: string): Promise<Product | null> {
    const doc = await this.products.findOne({ _id: id }, { projection: PRODUCT_PROJECTION });
    return doc && toProduct(doc);
  }

  async findManyByIds(ids: readonly string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const docs = await this.products.find({ _id: { $in: [...new Set(ids)] } }, { projection: PRODUCT_PROJECTION }).toArray();
    return docs.map(toProduct);
  }

  async update(id: string, changes: ProductChanges, events?: readonly DomainEvent[]): Promise<Product | null> {
    const set: Partial<Omit<ProductDocument, '_id'>> = { updatedAt: changes.updatedAt };
    if (changes.sku !== undefined) set.sku = changes.sku;
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.priceCents !== undefined) set.priceCents = changes.priceCents;
    if (changes.archived !== undefined) set.archived = changes.archived;
    const doc = await this.locked(id, () =>
      conflictOnDuplicateKey(
        // No projection: FerretDB 1.x's findAndModify has none (toProduct drops the bookkeeping).
        () => this.products.findOneAndUpdate({ _id: id }, { $set: set, ...pushEvents(events) }, { returnDocument: 'after' }),
        SKU_TAKEN,
      ),
    );
    return doc && toProduct(doc);
  }

  restock(id: string, quantity: number, at: Date, events?: readonly DomainEvent[]): Promise<RestockOutcome> {
    return this.locked(id, async () => {
      const doc = await this.products.findOne({ _id: id }, { projection: PRODUCT_PROJECTION });
      if (!doc) return { kind: 'not-found' };
      if (doc.stock + quantity > STOCK_MAX) return { kind: 'over-limit', product: toProduct(doc) };
      const updated = await this.products.findOneAndUpdate(
        { _id: id },
        { $inc: { stock: quantity }, $set: { updatedAt: at }, ...pushEvents(events) },
        { returnDocument: 'after' },
      );
      return updated ? { kind: 'restocked', product: toProduct(updated) } : { kind: 'not-found' };
    });
  }

  async page(query: { limit: number; after?: PagePosition; filter: ProductFilter }): Promise<Product[]> {
    const filter = filterOf(query.filter);
    const docs = await this.products
      .find(query.after ? { $and: [filter, after(query.after)] } : filter, { projection: PRODUCT_PROJECTION })
      .sort({ createdAt: 1, _id: 1 })
      .limit(query.limit)
      .toArray();
    return docs.map(toProduct);
  }

  count(filter: ProductFilter): Promise<number> {
    return this.products.countDocuments(filterOf(filter));
  }
}
