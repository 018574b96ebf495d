/**
 * What the catalog and orders REST suites share: the JSON key sets the
 * contract fixes, a valid product body, and ways to make products and orders
 * over HTTP with the callers of rest-harness.ts.
 */
import { expect } from 'vitest';
import { type Answer, ISO_DATE, USER_FIELDS, type useRestApi } from './rest-harness.js';

export { newestFirst, oldestFirst } from '../../support/list-order.js';

export const PRODUCT_FIELDS = ['archived', 'createdAt', 'description', 'id', 'name', 'priceCents', 'sku', 'stock', 'updatedAt'];
export const ORDER_FIELDS = ['createdAt', 'customer', 'id', 'lines', 'status', 'totalCents', 'updatedAt'];
export const LINE_FIELDS = ['product', 'quantity', 'totalCents', 'unitPriceCents'];
export const SALES_FIELDS = ['orderCount', 'product', 'revenueCents', 'unitsSold'];

let seq = 0;
/** A valid POST /api/products body, unique sku per call. */
export function aProductBody(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return { sku: `SKU-${seq}`, name: `Product ${seq}`, description: 'A thing', priceCents: 1000, stock: 10, ...overrides };
}

/** A product as REST shows it: exactly the GraphQL Product fields, ISO dates. */
export function expectProductJson(product: Record<string, unknown>): void {
  expect(Object.keys(product).sort()).toEqual(PRODUCT_FIELDS);
  expect(product.createdAt).toMatch(ISO_DATE);
  expect(product.updatedAt).toMatch(ISO_DATE);
}

/** An order as REST shows it: the GraphQL Order fields, `customer` (seven User fields, or null) and each line's product embedded. */
export function expectOrderJson(order: any): void {
  expect(Object.keys(order).sort()).toEqual(ORDER_FIELDS);
  if (order.customer !== null) expect(Object.keys(order.customer).sort()).toEqual(USER_FIELDS);
  for (const line of order.lines) {
    expect(Object.keys(line).sort()).toEqual(LINE_FIELDS);
    expectProductJson(line.product);
  }
  expect(order.createdAt).toMatch(ISO_DATE);
  expect(order.updatedAt).toMatch(ISO_DATE);
}

type Api = ReturnType<typeof useRestApi>;

/** Catalog and order helpers over one REST api (an ADMIN made once per call of `shop`). */
export function catalogHelpers(api: Api) {
  /** Creates products as `token` (an ADMIN's) and returns them as REST shows them. */
  async function createProducts(token: string, ...bodies: Record<string, unknown>[]) {
    const products = [];
    for (const body of bodies) {
      const answer = await api.request('POST', '/api/products', { json: aProductBody(body), token });
      expect(answer.status, answer.text).toBe(201);
      products.push(answer.body.product);
    }
    return products as { id: string; sku: string; name: string; priceCents: number; stock: number; archived: boolean; createdAt: string }[];
  }

  async function placeOrder(token: string, lines: { productId: string; quantity: number }[], idempotencyKey?: string): Promise<Answer> {
    return api.request('POST', '/api/orders', { json: { lines }, token, ...(idempotencyKey && { headers: { 'idempotency-key': idempotencyKey } }) });
  }

  /** Places an order that must succeed (201) and returns it. */
  async function anOrder(token: string, lines: { productId: string; quantity: number }[]) {
    const answer = await placeOrder(token, lines);
    expect(answer.status, answer.text).toBe(201);
    return answer.body.order;
  }

  async function stockOf(productId: string): Promise<number> {
    const answer = await api.request('GET', `/api/products/${productId}`);
    expect(answer.status, answer.text).toBe(200);
    return answer.body.product.stock;
  }

  return { createProducts, placeOrder, anOrder, stockOf };
}
