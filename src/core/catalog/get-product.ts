import { isWellFormedId } from '../shared/ids.js';
import type { Product } from './product.js';
import type { ProductRepository } from './product-repository.js';

export class GetProduct {
  constructor(private readonly deps: { products: ProductRepository }) {}

  /** Public: anyone may read a product, archived or not; null when none has that id (malformed ids included). */
  async execute(id: string): Promise<Product | null> {
    if (typeof id !== 'string' || !isWellFormedId(id)) return null;
    return this.deps.products.findById(id);
  }
}
