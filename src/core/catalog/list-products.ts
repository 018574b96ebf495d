import type { Actor } from '../auth/actor.js';
import { type Connection, type ConnectionWithoutTotal, type ListOptions, pageArguments, toConnection } from '../shared/connection.js';
import { ValidationError } from '../shared/errors.js';
import { checkBoolean, isRecord } from '../shared/validation.js';
import type { Product } from './product.js';
import type { ProductFilter, ProductRepository } from './product-repository.js';
import { checkSearch } from './product-rules.js';

export interface ListProductsInput {
  /** Page size, 1 to 100; 20 when omitted. */
  first?: number;
  after?: string | null;
  /** 1 to 100 characters, matched case-insensitively and literally as a substring of name or sku. */
  search?: string | null;
  /** Archived products are listed only when true. */
  includeArchived?: boolean | null;
}

export type ProductPage = Connection<Product>;
export type ProductPageWithoutTotal = ConnectionWithoutTotal<Product>;

export class ListProducts {
  constructor(private readonly deps: { products: ProductRepository }) {}

  /** Public. Products oldest first, ties broken by id, keyset-paged; with the total count unless `withTotal: false`. */
  execute(input: ListProductsInput | undefined, actor: Actor | null): Promise<ProductPage>;
  execute(input: ListProductsInput | undefined, actor: Actor | null, options: ListOptions): Promise<ProductPage | ProductPageWithoutTotal>;
  async execute(
    input: ListProductsInput = {},
    _actor: Actor | null,
    options: ListOptions = { withTotal: true },
  ): Promise<ProductPage | ProductPageWithoutTotal> {
    if (!isRecord(input)) throw new ValidationError([], 'Input must be an object');
    const { first, after } = pageArguments(input);
    const filter: ProductFilter = { includeArchived: false };
    if (input.search != null) {
      const search = checkSearch(input.search);
      if ('error' in search) throw new ValidationError([{ field: 'search', message: search.error }]);
      filter.search = search.value;
    }
    if (input.includeArchived != null) {
      const includeArchived = checkBoolean(input.includeArchived);
      if ('error' in includeArchived) throw new ValidationError([{ field: 'includeArchived', message: includeArchived.error }]);
      filter.includeArchived = includeArchived.value;
    }
    const [records, totalCount] = await Promise.all([
      this.deps.products.page({ limit: first + 1, after, filter }),
      options.withTotal ? this.deps.products.count(filter) : undefined,
    ]);
    return toConnection(records, first, (product) => product, totalCount);
  }
}
