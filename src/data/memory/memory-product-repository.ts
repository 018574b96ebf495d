import type { Product } from '../../core/catalog/product.js';
import { STOCK_MAX } from '../../core/catalog/product.js';
import type { ProductChanges, ProductFilter, ProductRepository, RestockOutcome } from '../../core/catalog/product-repository.js';
import type { DomainEvent } from '../../core/events/domain-event.js';
import { ConflictError } from '../../core/shared/errors.js';
import type { PagePosition } from '../../core/shared/paging.js';
import type { MemoryOutbox } from './memory-outbox.js';
import { byPosition, copy, definedOnly, isAfter } from './records.js';

/**
 * The products, shared with the memory order repository: a placement reads
 * and reserves them in one synchronous step, which is what makes it atomic.
 */
export type ProductShelf = Map<string, Product>;

/** A literal, case-insensitive substring of name or sku: no character of the search is special. */
const matches = (product: Product, { search, includeArchived }: ProductFilter): boolean => {
  if (product.archived && !includeArchived) return false;
  if (search === undefined) return true;
  const needle = search.toLowerCase();
  return product.name.toLowerCase().includes(needle) || product.sku.toLowerCase().includes(needle);
};

export class MemoryProductRepository implements ProductRepository {
  constructor(
    private readonly shelf: ProductShelf,
    private readonly outbox: MemoryOutbox,
  ) {}

  async insert(product: Product, events?: readonly DomainEvent[]): Promise<void> {
    if (this.shelf.has(product.id) || this.skuTaken(product.sku)) throw new ConflictError('This sku is taken');
    this.shelf.set(product.id, copy(product));
    this.outbox.append(events);
  }

  async findById(id: string): Promise<Product | null> {
    const product = this.shelf.get(id);
    return product ? copy(product) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<Product[]> {
    return [...new Set(ids)].flatMap((id) => {
      const product = this.shelf.get(id);
      return product ? [copy(product)] : [];
    });
  }

  async update(id: string, changes: ProductChanges, events?: readonly DomainEvent[]): Promise<Product | null> {
    const product = this.shelf.get(id);
    if (!product) return null;
    if (changes.sku !== undefined && this.skuTaken(changes.sku, id)) throw new ConflictError('This sku is taken');
    const updated = copy({ ...product, ...definedOnly(changes) });
    this.shelf.set(id, updated);
    this.outbox.append(events);
    return copy(updated);
  }

  async restock(id: string, quantity: number, at: Date, events?: readonly DomainEvent[]): Promise<RestockOutcome> {
    const product = this.shelf.get(id);
    if (!product) return { kind: 'not-found' };
    if (product.stock + quantity > STOCK_MAX) return { kind: 'over-limit', product: copy(product) };
    product.stock += quantity;
    product.updatedAt = new Date(at.getTime());
    this.outbox.append(events);
    return { kind: 'restocked', product: copy(product) };
  }

  async page({ limit, after, filter }: { limit: number; after?: PagePosition; filter: ProductFilter }): Promise<Product[]> {
    return [...this.shelf.values()]
      .filter((product) => matches(product, filter) && (!after || isAfter(product, after)))
      .sort(byPosition)
      .slice(0, limit)
      .map(copy);
  }

  async count(filter: ProductFilter): Promise<number> {
    let count = 0;
    for (const product of this.shelf.values()) if (matches(product, filter)) count += 1;
    return count;
  }

  private skuTaken(sku: string, exceptId?: string): boolean {
    for (const product of this.shelf.values()) if (product.sku === sku && product.id !== exceptId) return true;
    return false;
  }
}
