import type { Product } from '../../core/catalog/product.js';

/** A product as REST and the CLI print it: exactly the GraphQL Product fields, dates as ISO-8601 strings. */
export interface ProductJson {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export const productJson = (product: Product): ProductJson => ({
  id: product.id,
  sku: product.sku,
  name: product.name,
  description: product.description,
  priceCents: product.priceCents,
  stock: product.stock,
  archived: product.archived,
  createdAt: product.createdAt.toISOString(),
  updatedAt: product.updatedAt.toISOString(),
});
