/**
 * Records for the catalog and orders contract suites: valid, unique per call,
 * small (the race cases run on every store, PostgreSQL and FerretDB included).
 */
import type { Product } from '../../../src/core/catalog/product.js';
import type { PlacementRequest } from '../../../src/core/orders/order.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { Store } from '../../../src/core/store.js';
import type { UserRecord } from '../../../src/core/users/user.js';

export const T0 = new Date('2026-02-01T00:00:00.000Z');
export const at = (ms: number): Date => new Date(T0.getTime() + ms);

let seq = 0;

export function aProduct(overrides: Partial<Product> = {}): Product {
  seq += 1;
  const createdAt = overrides.createdAt ?? at(seq * 1000);
  return {
    id: newId(createdAt),
    sku: `SKU-${process.pid}-${seq}`,
    name: `Product ${seq}`,
    description: 'A thing\nwith two lines',
    priceCents: 250,
    stock: 10,
    archived: false,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

export function aUserRecord(overrides: Partial<UserRecord> = {}): UserRecord {
  seq += 1;
  const createdAt = overrides.createdAt ?? at(seq * 1000);
  return {
    id: newId(createdAt),
    email: `customer${process.pid}-${seq}@example.com`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    passwordHash: `hash-${seq}`,
    role: 'USER',
    createdAt,
    updatedAt: createdAt,
    tokenVersion: 0,
    ...overrides,
  };
}

/** Inserts the products and answers them as stored. */
export async function stocked(store: Store, ...products: Product[]): Promise<Product[]> {
  for (const product of products) await store.products.insert(product);
  return products;
}

/** A customer that exists in the store (orders may refer to their users). */
export async function aCustomer(store: Store): Promise<UserRecord> {
  const user = aUserRecord();
  await store.users.insert(user);
  return user;
}

export function aPlacement(
  customerId: string,
  lines: readonly { productId: string; quantity: number }[],
  overrides: Partial<PlacementRequest> = {},
): PlacementRequest {
  seq += 1;
  const placedAt = overrides.at ?? at(seq * 1000);
  return { id: newId(placedAt), customerId, idempotencyKey: null, lines, ...overrides, at: placedAt };
}

export async function stockOf(store: Store, productId: string): Promise<number> {
  const product = await store.products.findById(productId);
  if (!product) throw new Error(`product ${productId} is gone`);
  return product.stock;
}
