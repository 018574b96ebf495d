import type { DomainEvent } from '../events/domain-event.js';
import type { PagePosition } from '../shared/paging.js';
import type { Product } from './product.js';

export interface ProductFilter {
  /** 1 to 100 characters, matched case-insensitively as a substring of name or sku; wildcards are literal. */
  search?: string;
  /** Archived products are left out unless this is true. */
  includeArchived: boolean;
}

/** Only the fields given change; stock is changed by restock and by orders, never set. */
export type ProductChanges = Partial<Pick<Product, 'sku' | 'name' | 'description' | 'priceCents' | 'archived'>> & {
  updatedAt: Date;
};

export type RestockOutcome =
  | { kind: 'restocked'; product: Product }
  | { kind: 'not-found' }
  /** stock + quantity would pass STOCK_MAX: nothing changed. */
  | { kind: 'over-limit'; product: Product };

/**
 * The catalog's port. Any string is accepted as an id: an id no record has
 * (well-formed or not) finds nothing. A write's `events` are stored in the
 * same atomic write as the change, and only when it happens (see UserRepository).
 */
export interface ProductRepository {
  /** Throws ConflictError when the sku is taken, also under concurrent inserts. */
  insert(product: Product, events?: readonly DomainEvent[]): Promise<void>;
  findById(id: string): Promise<Product | null>;
  /** Every product among `ids` that exists, in one round trip, in any order (callers re-order). */
  findManyByIds(ids: readonly string[]): Promise<Product[]>;
  /** The updated product, or null when none has that id. Throws ConflictError on a taken sku. */
  update(id: string, changes: ProductChanges, events?: readonly DomainEvent[]): Promise<Product | null>;
  /** Adds `quantity` units atomically (two racing restocks both count), unless that passes STOCK_MAX. */
  restock(id: string, quantity: number, at: Date, events?: readonly DomainEvent[]): Promise<RestockOutcome>;
  /** Up to `limit` products ordered by (createdAt, id) ascending, strictly after `after` when given. */
  page(query: { limit: number; after?: PagePosition; filter: ProductFilter }): Promise<Product[]>;
  count(filter: ProductFilter): Promise<number>;
}
