/**
 * The SQL side of catalog and orders, on PGlite and the PostgreSQL server: placement as one
 * transaction under races (the 50-way race for the last units, racing repeats of one idempotency
 * key, racing cancellations), what a refused placement leaves (nothing), and the report's SQL.
 * The store contract suite (tests/data/orders-store-contract.test.ts) holds every store to the
 * port; this file is about how the SQL store keeps it.
 */
import { expect, it } from 'vitest';
import type { Product } from '../../../src/core/catalog/product.js';
import type { PlacementOutcome } from '../../../src/core/orders/order-repository.js';
import type { PlacementRequest } from '../../../src/core/orders/order.js';
import { newId } from '../../../src/core/shared/ids.js';
import { EMBEDDED_TRANSACTION_LIMITS } from '../../../src/data/prisma/embedded-store.js';
import { STORE_DEADLINE_MS } from '../../../src/data/shared/guarded-store.js';
import { asSqlFixture, sqlStoreKinds } from '../../support/sql-stores.js';
import { aProduct } from '../contracts/contract-data.js';
import { describeEachStore } from '../../support/stores.js';

const T0 = new Date('2026-05-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let seq = 0;
function aPlacement(lines: PlacementRequest['lines'], overrides: Partial<PlacementRequest> = {}): PlacementRequest {
  const when = overrides.at ?? at(60_000 + seq++);
  return { id: newId(when), customerId: 'customer-1', idempotencyKey: null, lines, at: when, ...overrides };
}

const kinds = (outcomes: PlacementOutcome[]) =>
  outcomes.reduce<Record<string, number>>((tally, o) => ({ ...tally, [o.kind]: (tally[o.kind] ?? 0) + 1 }), {});

describeEachStore(
  'SQL orders',
  (fixture, kind) => {
    const store = () => fixture().store;
    const prisma = () => asSqlFixture(fixture()).store.prisma;
    const stockOf = async (id: string) => (await store().products.findById(id))!.stock;

    async function stocked(...products: Product[]): Promise<Product[]> {
      for (const product of products) await store().products.insert(product);
      return products;
    }

    it('places an order priced at the products as reserved, and reads it back with its lines in the given order', async () => {
      const [cheap, dear] = await stocked(aProduct({ priceCents: 100 }), aProduct({ priceCents: 999_999, stock: 100 }));
      // Given dear first: the lines keep that order although products are reserved in id order.
      const request = aPlacement([
        { productId: dear!.id, quantity: 100 },
        { productId: cheap!.id, quantity: 3 },
      ]);
      const outcome = await store().orders.place(request);
      expect(outcome.kind).toBe('placed');
      const expected = {
        id: request.id,
        customerId: 'customer-1',
        idempotencyKey: null,
        status: 'PLACED',
        lines: [
          { productId: dear!.id, quantity: 100, unitPriceCents: 999_999, totalCents: 99_999_900 },
          { productId: cheap!.id, quantity: 3, unitPriceCents: 100, totalCents: 300 },
        ],
        totalCents: 100_000_200,
        createdAt: request.at,
        updatedAt: request.at,
      };
      expect(outcome).toEqual({ kind: 'placed', order: expected });
      expect(await store().orders.findById(request.id)).toEqual(expected);
      expect(await stockOf(dear!.id)).toBe(0);
      expect(await stockOf(cheap!.id)).toBe(7);
    });

    it('names every short line, reserves nothing and records nothing when any line is short', async () => {
      const [a, b, c] = await stocked(aProduct({ stock: 5 }), aProduct({ stock: 1 }), aProduct({ stock: 2 }));
      const outcome = await store().orders.place(
        aPlacement([
          { productId: a!.id, quantity: 5 },
          { productId: b!.id, quantity: 2 },
          { productId: c!.id, quantity: 3 },
        ]),
      );
      expect(outcome).toEqual({ kind: 'out-of-stock', lineIndexes: [1, 2] });
      expect([await stockOf(a!.id), await stockOf(b!.id), await stockOf(c!.id)]).toEqual([5, 1, 2]);
      expect(await prisma().order.count()).toBe(0);
      expect(await prisma().orderLine.count()).toBe(0);
    });

    it('answers unknown and archived products as unavailable before short ones, changing nothing', async () => {
      const [ok, archived, short] = await stocked(aProduct(), aProduct({ archived: true }), aProduct({ stock: 0 }));
      const outcome = await store().orders.place(
        aPlacement([
          { productId: ok!.id, quantity: 1 },
          { productId: short!.id, quantity: 1 },
          { productId: 'no-such-product', quantity: 1 },
          { productId: archived!.id, quantity: 1 },
        ]),
      );
      expect(outcome).toEqual({ kind: 'unavailable', lineIndexes: [2, 3] });
      expect(await stockOf(ok!.id)).toBe(10);
      expect(await stockOf(archived!.id)).toBe(10);
      expect(await prisma().order.count()).toBe(0);
    });

    it('sells exactly the stock when 50 clients race for the last 10 units, and says how long it took', async () => {
      const [product] = await stocked(aProduct({ stock: 10 }));
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store().orders.place(aPlacement([{ productId: product!.id, quantity: 1 }], { customerId: `racer-${i}` })),
        ),
      );
      const ms = performance.now() - started;
      console.info(`[${kind.name}] 50 placements racing for 10 units: ${ms.toFixed(0)} ms`);
      expect(kinds(outcomes)).toEqual({ placed: 10, 'out-of-stock': 40 });
      for (const o of outcomes) if (o.kind === 'out-of-stock') expect(o.lineIndexes).toEqual([0]);
      expect(await stockOf(product!.id)).toBe(0);
      expect(await prisma().order.count()).toBe(10);
      const sold = await prisma().orderLine.aggregate({ _sum: { quantity: true } });
      expect(sold._sum.quantity).toBe(10);
      // The limit that matters: the server's store deadline (a 503 past it); PGlite's queue (maxWait,
      // past which a waiting placement fails with P2028).
      expect(ms).toBeLessThan(kind.name === 'postgres' ? STORE_DEADLINE_MS : EMBEDDED_TRANSACTION_LIMITS.maxWait);
    });

    it('never deadlocks nor oversells when multi-line orders race over the same products in every order', async () => {
      const products = await stocked(...Array.from({ length: 4 }, () => aProduct({ stock: 30 })));
      const orders = Array.from({ length: 40 }, (_, i) => {
        // Each order takes the 4 products in a rotated order, 1 unit each: 30 can be served.
        const lines = products.map((_, j) => ({ productId: products[(i + j) % 4]!.id, quantity: 1 }));
        return aPlacement(lines, { customerId: `multi-${i}` });
      });
      const outcomes = await Promise.all(orders.map((request) => store().orders.place(request)));
      expect(kinds(outcomes)).toEqual({ placed: 30, 'out-of-stock': 10 });
      for (const p of products) expect(await stockOf(p.id)).toBe(0);
    });

    it('answers a repeat with the first order, also when 10 repeats race, and binds no key on failure', async () => {
      const [product] = await stocked(aProduct({ stock: 100 }));
      const line = [{ productId: product!.id, quantity: 2 }];
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => store().orders.place(aPlacement(line, { idempotencyKey: 'retry-me' }))),
      );
      expect(kinds(outcomes)).toEqual({ placed: 1, duplicate: 9 });
      const ids = new Set(outcomes.map((o) => (o.kind === 'placed' || o.kind === 'duplicate' ? o.order.id : null)));
      expect(ids.size).toBe(1);
      expect(await stockOf(product!.id)).toBe(98);

      // Another customer's key is its own; a failed placement leaves its key free.
      expect((await store().orders.place(aPlacement(line, { idempotencyKey: 'retry-me', customerId: 'customer-2' }))).kind).toBe('placed');
      const tooMany = [{ productId: product!.id, quantity: 100 }];
      expect((await store().orders.place(aPlacement(tooMany, { idempotencyKey: 'fresh' }))).kind).toBe('out-of-stock');
      expect((await store().orders.place(aPlacement(line, { idempotencyKey: 'fresh' }))).kind).toBe('placed');
    });

    it('cancels once when cancellations race, returning the units once', async () => {
      const [product] = await stocked(aProduct({ stock: 10 }));
      const request = aPlacement([{ productId: product!.id, quantity: 4 }]);
      await store().orders.place(request);
      const change = { from: 'PLACED', to: 'CANCELLED', at: at(120_000) } as const;
      const results = await Promise.all(Array.from({ length: 8 }, () => store().orders.changeStatus(request.id, change)));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(results.find((r) => r !== null)).toMatchObject({ status: 'CANCELLED', updatedAt: change.at, totalCents: 1000 });
      expect(await stockOf(product!.id)).toBe(10);
    });

    it('moves a status by compare-and-set and leaves stock alone', async () => {
      const [product] = await stocked(aProduct({ stock: 10 }));
      const request = aPlacement([{ productId: product!.id, quantity: 4 }]);
      await store().orders.place(request);
      const paid = await store().orders.changeStatus(request.id, { from: 'PLACED', to: 'PAID', at: at(1) });
      expect(paid).toMatchObject({ id: request.id, status: 'PAID', lines: [{ quantity: 4 }] });
      expect(await store().orders.changeStatus(request.id, { from: 'PLACED', to: 'PAID', at: at(2) })).toBeNull();
      expect(await store().orders.changeStatus('no-such-order', { from: 'PLACED', to: 'PAID', at: at(2) })).toBeNull();
      expect(await stockOf(product!.id)).toBe(6);
    });

    it('caps stock at 1,000,000 when a cancellation returns units to a product restocked to the top', async () => {
      const [product] = await stocked(aProduct({ stock: 10 }));
      const request = aPlacement([{ productId: product!.id, quantity: 10 }]);
      await store().orders.place(request);
      expect((await store().products.restock(product!.id, 1_000_000, at(1))).kind).toBe('restocked');
      expect(await store().orders.changeStatus(request.id, { from: 'PLACED', to: 'CANCELLED', at: at(2) })).toMatchObject({
        status: 'CANCELLED',
      });
      expect(await stockOf(product!.id)).toBe(1_000_000);
    });

    it('counts both of two racing restocks and refuses one that would pass 1,000,000', async () => {
      const [product] = await stocked(aProduct({ stock: 0 }));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store().products.restock(product!.id, 1000, at(i))));
      expect(results.every((r) => r.kind === 'restocked')).toBe(true);
      expect(await stockOf(product!.id)).toBe(20_000);
      const over = await store().products.restock(product!.id, 980_001, at(99));
      expect(over).toEqual({ kind: 'over-limit', product: expect.objectContaining({ stock: 20_000 }) });
      expect(await store().products.restock('nope', 1, at(99))).toEqual({ kind: 'not-found' });
    });

    it('reports sales per product over [from, to) without cancelled orders, best-selling first, ties by product id', async () => {
      const [a, b, c] = await stocked(aProduct({ priceCents: 100, stock: 100 }), aProduct({ priceCents: 50, stock: 100 }), aProduct({ priceCents: 100, stock: 100 }));
      const inRange = (ms: number) => at(1_000_000 + ms);
      await store().orders.place(aPlacement([{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 4 }], { at: inRange(0) }));
      await store().orders.place(aPlacement([{ productId: c!.id, quantity: 2 }], { at: inRange(1) }));
      await store().orders.place(aPlacement([{ productId: a!.id, quantity: 1 }], { at: inRange(2) }));
      const cancelled = aPlacement([{ productId: c!.id, quantity: 50 }], { at: inRange(3) });
      await store().orders.place(cancelled);
      await store().orders.changeStatus(cancelled.id, { from: 'PLACED', to: 'CANCELLED', at: inRange(4) });
      await store().orders.place(aPlacement([{ productId: b!.id, quantity: 9 }], { at: inRange(10) })); // at `to`: out
      const rows = await store().orders.salesReport({ from: inRange(0), to: inRange(10) });
      // a: 300 (3 units, 2 orders); b and c: 200 each, b has more units.
      expect(rows).toEqual([
        { productId: a!.id, unitsSold: 3, revenueCents: 300, orderCount: 2 },
        { productId: b!.id, unitsSold: 4, revenueCents: 200, orderCount: 1 },
        { productId: c!.id, unitsSold: 2, revenueCents: 200, orderCount: 1 },
      ]);
      expect(await store().orders.salesReport({ from: inRange(11), to: inRange(20) })).toEqual([]);
    });

    it('matches % and _ in a product search literally', async () => {
      await stocked(aProduct({ name: '100% cotton' }), aProduct({ name: '1000 cotton' }), aProduct({ name: 'a_b' }), aProduct({ name: 'axb' }));
      const names = async (search: string) =>
        (await store().products.page({ limit: 10, filter: { search, includeArchived: false } })).map((p) => p.name);
      expect(await names('0%')).toEqual(['100% cotton']);
      expect(await names('A_B')).toEqual(['a_b']);
      expect(await store().products.count({ search: '%', includeArchived: false })).toBe(1);
      await stocked(aProduct({ name: 'back\\slash' }));
      expect(await names('K\\S')).toEqual(['back\\slash']);
    });

    it('settles nothing: every write was a transaction', async () => {
      expect(await store().orders.settleUnfinished(new Date())).toBe(0);
    });
  },
  sqlStoreKinds,
);
