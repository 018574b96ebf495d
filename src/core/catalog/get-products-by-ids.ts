import { isWellFormedId } from '../shared/ids.js';
import type { Product } from './product.js';
import type { ProductRepository } from './product-repository.js';

export class GetProductsByIds {
  constructor(private readonly deps: { products: ProductRepository }) {}

  /**
   * Public. One store read for every id (a DataLoader's batch), answered in
   * the order of `ids`, null where none has that id; malformed ids are never sent.
   */
  async execute(ids: readonly string[]): Promise<(Product | null)[]> {
    const wanted = [...new Set(ids.filter((id) => typeof id === 'string' && isWellFormedId(id)))];
    const found = wanted.length > 0 ? await this.deps.products.findManyByIds(wanted) : [];
    const byId = new Map(found.map((product) => [product.id, product]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
