import DataLoader from 'dataloader';
import type { Actor } from '../../core/auth/actor.js';
import type { Product } from '../../core/catalog/product.js';
import type { UseCases } from '../../core/use-cases.js';
import type { User } from '../../core/users/user.js';

/**
 * Batched reads for nested fields (an order's customer, a line's product): every
 * key asked for during one tick of execution goes to the store in one round trip,
 * so a page of orders costs the same number of reads whatever its size
 * (CONTRACT.md, "nested reads"). Made per request: the cache never outlives the
 * request, and the users loader reads as this request's caller.
 */
export interface Loaders {
  readonly users: DataLoader<string, User | null>;
  readonly products: DataLoader<string, Product | null>;
}

export function createLoaders(useCases: UseCases, actor: () => Promise<Actor | null>): Loaders {
  return {
    users: new DataLoader<string, User | null>(async (ids) => useCases.getUsersByIds.execute(ids, await actor())),
    products: new DataLoader<string, Product | null>(async (ids) => useCases.getProductsByIds.execute(ids)),
  };
}

/** A product an order or a sales row refers to. Products are never deleted, so a missing one is a broken store (masked, logged). */
export async function loadReferencedProduct(loaders: Loaders, id: string): Promise<Product> {
  const product = await loaders.products.load(id);
  if (!product) throw new Error(`product ${id} referenced by an order is missing`);
  return product;
}
