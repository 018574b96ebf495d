/**
 * CONTRACT.md, "nested reads": resolving `customer` and `lines.product` for a
 * page of orders costs a fixed number of store round trips, whatever the page
 * size. Every call the server makes on the store's ports is counted through a
 * proxy, per request; and totalCount is counted only when the document shows it.
 */
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { describeEachStore } from '../../support/stores.js';
import { type AuthJson } from './documents.js';
import { LARGEST_ORDER_PAGE, ORDER, ORDER_IDS, ORDERS, ORDERS_NESTED, PRODUCTS, PRODUCTS_WITHOUT_TOTAL, type ProductJson } from './orders-documents.js';
import { useOrdersApi } from './orders-http.js';

const PORTS = ['users', 'refreshTokens', 'products', 'orders'] as const;

/** The store with each port call recorded as `port.method`; calls named in `failing` throw like a broken driver. */
function countingStore(store: Store, calls: string[], failing: Set<string>): Store {
  const ports = new Map<string | symbol, object>(
    PORTS.map((name) => {
      const port = store[name] as object;
      const counted = new Proxy(port, {
        get(target, method, receiver) {
          const value: unknown = Reflect.get(target, method, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            const call = `${name}.${String(method)}`;
            calls.push(call);
            if (failing.has(call)) return Promise.reject(new Error(`driver exploded in ${call}: SELECT * FROM secrets`));
            return value.apply(target, args);
          };
        },
      });
      return [name, counted];
    }),
  );
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = ports.get(property) ?? Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describeEachStore('nested reads over GraphQL', (fixture) => {
  const calls: string[] = [];
  const failing = new Set<string>();
  const api = useOrdersApi(fixture, (store) => countingStore(store, calls, failing));
  afterEach(() => failing.clear());

  /** `count` orders from 10 customers, each with 2 lines over 5 products. */
  async function seed(count: number): Promise<{ admin: AuthJson; products: ProductJson[] }> {
    const admin = await api.anAdmin();
    const customers = [];
    for (let i = 0; i < 10; i++) customers.push(await api.aUser());
    const products = [];
    for (let i = 0; i < 5; i++) products.push(await api.aProduct(admin, { stock: 1000 }));
    for (let i = 0; i < count; i++) {
      const lines = [products[i % 5]!, products[(i + 1) % 5]!].map(({ id }) => ({ productId: id, quantity: 1 }));
      await api.anOrder(customers[i % 10]!, lines);
    }
    return { admin, products };
  }

  /** The port calls one request makes. */
  async function callsOf(request: () => Promise<unknown>): Promise<string[]> {
    calls.length = 0;
    await request();
    return [...calls].sort();
  }

  it('reads a page of orders with their customers and products in the same round trips for 10 orders as for 100', async () => {
    const { admin } = await seed(100);
    const pageOf = async (first: number) =>
      callsOf(async () => {
        const answer = await api.post(ORDERS_NESTED, { first }, admin.accessToken);
        expect(answer.body.errors).toBeUndefined();
        const nodes = answer.body.data!.orders.edges.map(({ node }) => node);
        expect(nodes).toHaveLength(first);
        expect(nodes.every(({ customer, lines }) => customer !== null && lines.length === 2)).toBe(true);
      });
    const ten = await pageOf(10);
    const hundred = await pageOf(100);
    expect(hundred).toEqual(ten);
    // The caller's check, the page, one batch of customers, one batch of products.
    expect(ten.filter((call) => call.endsWith('findManyByIds'))).toEqual(['products.findManyByIds', 'users.findManyByIds']);
    expect(ten.filter((call) => call.startsWith('orders.'))).toEqual(['orders.page']);
  });

  it('serves the contract\'s largest order page (100 orders, every field, customer, products, count) within the limits', async () => {
    const { admin } = await seed(100);
    const answer = await api.raw(LARGEST_ORDER_PAGE, {}, admin.accessToken);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.orders.totalCount).toBe(100);
    expect(answer.body.data!.orders.edges).toHaveLength(100);
    expect(answer.body.data!.orders.edges[0].node.lines[0].product.sku).toMatch(/^SKU-/);
  });

  it('counts products and orders only when the document selects totalCount', async () => {
    const { admin } = await seed(3);
    expect(await callsOf(() => api.post(PRODUCTS_WITHOUT_TOTAL, { first: 10 }))).toEqual(['products.page']);
    expect(await callsOf(() => api.post(PRODUCTS, { first: 10 }))).toEqual(['products.count', 'products.page']);
    expect(await callsOf(() => api.post(ORDER_IDS, { first: 10 }, admin.accessToken))).toEqual(['orders.page', 'users.findCaller']);
    expect((await callsOf(() => api.post(ORDERS, { first: 10 }, admin.accessToken))).filter((call) => call.startsWith('orders.'))).toEqual([
      'orders.count',
      'orders.page',
    ]);
  });

  it('masks a store failure in a batched read as INTERNAL_SERVER_ERROR on that field, showing nothing of it', async () => {
    const { admin } = await seed(1);
    const [id] = (await api.post(ORDER_IDS, { first: 1 }, admin.accessToken)).body.data!.orders.edges.map(({ node }) => node.id);
    failing.add('products.findManyByIds');
    const answer = await api.post(ORDER, { id: id! }, admin.accessToken);
    expect(answer.status).toBe(200);
    // Product! and [OrderLine!]! carry the null up to the nullable order.
    expect(answer.body.data).toEqual({ order: null });
    expect(answer.body.errors?.map(({ message, path, extensions }) => ({ message, path, extensions }))).toEqual([
      { message: 'Internal server error', path: ['order', 'lines', 0, 'product'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/driver|SELECT|secrets/);
  });
});
