import type { Product } from '../../src/core/catalog/product.js';
import type { PlacementRequest } from '../../src/core/orders/order.js';
import { newId } from '../../src/core/shared/ids.js';

let seq = 0;

/** A product to insert straight through the port (tests of stores, below the use cases). */
export function aProduct(overrides: Partial<Product> = {}): Product {
  seq += 1;
  const createdAt = overrides.createdAt ?? new Date(Date.UTC(2026, 0, 1, 0, 0, seq % 60, seq % 1000));
  return {
    id: newId(createdAt),
    sku: `SKU-${seq}-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    name: `Product ${seq}`,
    description: '',
    priceCents: 100 * ((seq % 9) + 1),
    stock: 10,
    archived: false,
    createdAt,
    updatedAt: createdAt,
    ...overrides,
  };
}

/** A placement request for `lines`, with a fresh order id. */
export function aPlacement(
  customerId: string,
  lines: { productId: string; quantity: number }[],
  overrides: Partial<PlacementRequest> = {},
): PlacementRequest {
  const at = overrides.at ?? new Date();
  return { id: newId(at), customerId, idempotencyKey: null, lines, at, ...overrides };
}
