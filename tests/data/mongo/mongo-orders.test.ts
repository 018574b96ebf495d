/**
 * What only the MongoDB orders adapter has to prove: that its placement
 * without transactions (a pending order, reservations recorded on the
 * products, compensation, a sweep) keeps the port's promises on the server
 * under test (FerretDB 1.24 in CI, whose updates are not atomic), including
 * a placement halted at each of its steps as a crash would leave it. The
 * behaviour every store shares is in the store contract suite; the crash of a
 * real process is placement-crash.test.ts.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { newId } from '../../../src/core/shared/ids.js';
import { openMongoStore } from '../../../src/data/mongo/mongo-store.js';
import { aPlacement, aProduct } from '../../support/catalog-records.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';

const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await run();
  } finally {
    console.info(`[mongo orders] ${label}: ${Math.round(performance.now() - started)} ms`);
  }
};

/** A fault hook that halts the placement or cancellation forever at `point`, as a crash there would. */
function haltAt(point: string) {
  let reached!: () => void;
  const halted = new Promise<void>((resolve) => (reached = resolve));
  return {
    halted,
    faults: (at: string) => (at === point ? (reached(), new Promise<void>(() => {})) : undefined),
  };
}

/** A fault hook that pauses at `point` until resume() is called, as a placer stalled there would. */
function pauseAt(point: string) {
  let reached!: () => void;
  let resume!: () => void;
  const paused = new Promise<void>((resolve) => (reached = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  return { paused, resume, faults: (at: string) => (at === point ? (reached(), resumed) : undefined) };
}

describeEachStore(
  'MongoDB orders without transactions',
  (fixture) => {
    const store = () => fixture().store;
    const db = () => asMongoFixture(fixture()).db;
    const customer = newId();

    async function withStore<T>(options: Parameters<typeof openMongoStore>[1], use: (other: Store) => Promise<T>): Promise<T> {
      const other = await openMongoStore(asMongoFixture(fixture()).url, options);
      try {
        return await use(other);
      } finally {
        await other.close();
      }
    }

    async function stocked(...stocks: number[]) {
      const products = stocks.map((stock) => aProduct({ stock }));
      for (const product of products) await store().products.insert(product);
      return products;
    }

    const stockOf = async (id: string) => (await store().products.findById(id))!.stock;
    const leftovers = async () => ({
      marked: await db()
        .collection('products')
        .countDocuments({ $or: [{ reservations: { $exists: true } }, { returns: { $exists: true } }] }),
      unsettled: await db().collection('orders').countDocuments({ placement: { $ne: 'settled' } }),
      returning: await db().collection('orders').countDocuments({ returningSince: { $exists: true } }),
      locks: await db().collection('documentLocks').countDocuments(),
    });
    const clean = { marked: 0, unsettled: 0, returning: 0, locks: 0 };

    it('places an order priced from the products, takes the units, and leaves no bookkeeping behind', async () => {
      const [a, b] = await stocked(5, 7);
      const outcome = await store().orders.place(aPlacement(customer, [{ productId: b!.id, quantity: 2 }, { productId: a!.id, quantity: 5 }]));
      expect(outcome.kind).toBe('placed');
      if (outcome.kind !== 'placed') return;
      expect(outcome.order.lines).toEqual([
        { productId: b!.id, quantity: 2, unitPriceCents: b!.priceCents, totalCents: 2 * b!.priceCents },
        { productId: a!.id, quantity: 5, unitPriceCents: a!.priceCents, totalCents: 5 * a!.priceCents },
      ]);
      expect(await store().orders.findById(outcome.order.id)).toEqual(outcome.order);
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([0, 5]);
      expect(await leftovers()).toEqual(clean);
    });

    it('names every unavailable line, or else every short line, and gives back what it had reserved', async () => {
      const [a, b, c] = await stocked(5, 1, 3);
      await store().products.update(c!.id, { archived: true, updatedAt: new Date() });
      const short = await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 5 }, { productId: b!.id, quantity: 2 }]));
      expect(short).toEqual({ kind: 'out-of-stock', lineIndexes: [1] });
      const unavailable = await store().orders.place(
        aPlacement(customer, [{ productId: newId(), quantity: 1 }, { productId: b!.id, quantity: 9 }, { productId: c!.id, quantity: 1 }]),
      );
      expect(unavailable).toEqual({ kind: 'unavailable', lineIndexes: [0, 2] });
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([5, 1]);
      expect(await store().orders.count({})).toBe(0);
      expect(await leftovers()).toEqual(clean);
    });

    it('frees the idempotency key of a failed placement', async () => {
      const [a] = await stocked(1);
      const key = { idempotencyKey: 'retry-me' };
      expect((await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 2 }], key))).kind).toBe('out-of-stock');
      const placed = await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 1 }], key));
      expect(placed.kind).toBe('placed');
      const again = await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 1 }], key));
      expect(again).toEqual({ kind: 'duplicate', order: placed.kind === 'placed' && placed.order });
    });

    it('shows a placement halted before it settles to no read, and makes a racing repeat of its key wait for it', async () => {
      const [a] = await stocked(4);
      const { halted, faults } = haltAt('placement:before-settle');
      await withStore({ faults }, async (other) => {
        const request = aPlacement(customer, [{ productId: a!.id, quantity: 3 }], { idempotencyKey: 'k' });
        void other.orders.place(request);
        await halted;
        expect(await store().orders.findById(request.id)).toBeNull();
        expect(await store().orders.page({ limit: 10, filter: {} })).toEqual([]);
        expect(await store().orders.count({ customerId: customer })).toBe(0);
        expect(await store().orders.salesReport({ from: new Date(0), to: new Date(Date.now() + 60_000) })).toEqual([]);
        // A young pending placement is no one's to settle.
        expect(await store().orders.settleUnfinished(new Date(Date.now() - 30_000))).toBe(0);
        expect(await stockOf(a!.id)).toBe(1);

        // The repeat waits; once the halted placement is given up for dead, it places its own order.
        const repeat = aPlacement(customer, [{ productId: a!.id, quantity: 2 }], { idempotencyKey: 'k' });
        const repeated = withStore({ placementTimings: { staleAfterMs: 300 } }, (third) => third.orders.place(repeat));
        expect((await repeated).kind).toBe('placed');
        expect(await stockOf(a!.id)).toBe(2);
        expect(await leftovers()).toEqual(clean);
      });
    });

    const placementPoints = [
      'placement:after-pending-insert',
      'placement:after-reserve:0',
      'placement:after-reserve:1',
      'placement:before-settle',
      'placement:after-settle',
    ];
    for (const point of placementPoints) {
      it(`settles a placement halted at ${point}: units back unless the order is placed, no bookkeeping left`, async () => {
        const [a, b] = await stocked(5, 5);
        const { halted, faults } = haltAt(point);
        const request = aPlacement(customer, [{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 3 }], { idempotencyKey: 'p' });
        await withStore({ faults }, async (other) => {
          void other.orders.place(request);
          await halted;
        });
        const settled = await store().orders.settleUnfinished(new Date());
        const placed = point === 'placement:after-settle';
        expect(settled).toBe(placed ? 0 : 1);
        expect(await store().orders.settleUnfinished(new Date())).toBe(0);
        expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual(placed ? [3, 2] : [5, 5]);
        expect((await store().orders.findById(request.id)) !== null).toBe(placed);
        expect(await leftovers()).toEqual(clean);
        // The key is bound only when the order was placed.
        const repeat = await store().orders.place({ ...request, id: newId() });
        expect(repeat.kind).toBe(placed ? 'duplicate' : 'placed');
      });
    }

    it('settles a placement halted while giving back its reservations after a short line', async () => {
      const [a, b] = await stocked(5, 1);
      const { halted, faults } = haltAt('placement:after-release:0');
      const [first, second] = [a!, b!].sort((x, y) => (x.id < y.id ? -1 : 1));
      await withStore({ faults }, async (other) => {
        void other.orders.place(aPlacement(customer, [{ productId: first!.id, quantity: 1 }, { productId: second!.id, quantity: second!.stock + 1 }]));
        await halted;
      });
      await store().orders.settleUnfinished(new Date());
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([5, 1]);
      expect(await leftovers()).toEqual(clean);
    });

    for (const point of ['cancel:after-status', 'cancel:after-return:0', 'cancel:after-returns']) {
      it(`finishes a cancellation halted at ${point}: every unit back exactly once`, async () => {
        const [a, b] = await stocked(5, 5);
        const placed = await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 3 }]));
        if (placed.kind !== 'placed') throw new Error(placed.kind);
        const { halted, faults } = haltAt(point);
        await withStore({ faults }, async (other) => {
          void other.orders.changeStatus(placed.order.id, { from: 'PLACED', to: 'CANCELLED', at: new Date() });
          await halted;
        });
        expect((await store().orders.findById(placed.order.id))?.status).toBe('CANCELLED');
        await store().orders.settleUnfinished(new Date());
        await store().orders.settleUnfinished(new Date());
        expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([5, 5]);
        expect(await leftovers()).toEqual(clean);
      });
    }

    it('undoes a placement that the sweep overtook while it was stalled, once it goes on', async () => {
      const [a, b] = await stocked(5, 5);
      const { paused, resume, faults } = pauseAt('placement:after-reserve:0');
      const request = aPlacement(customer, [{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 3 }], { idempotencyKey: 'slow' });
      await withStore({ faults }, async (other) => {
        const placing = other.orders.place(request);
        placing.catch(() => undefined);
        await paused;
        // The sweep takes it for dead: aborting, units back, order deleted.
        expect(await store().orders.settleUnfinished(new Date())).toBe(1);
        resume();
        await expect(placing).rejects.toThrow(/undone by the sweep/);
      });
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([5, 5]);
      expect(await store().orders.findById(request.id)).toBeNull();
      expect(await leftovers()).toEqual(clean);
    });

    it('settles each unfinished placement once when two instances sweep at the same time', async () => {
      const [a, b] = await stocked(5, 5);
      for (const point of ['placement:after-reserve:0', 'placement:before-settle', 'placement:after-settle']) {
        const { halted, faults } = haltAt(point);
        await withStore({ faults }, async (other) => {
          void other.orders.place(aPlacement(newId(), [{ productId: a!.id, quantity: 1 }, { productId: b!.id, quantity: 1 }]));
          await halted;
        });
      }
      const counts = await withStore({}, (other) =>
        Promise.all([store().orders.settleUnfinished(new Date()), other.orders.settleUnfinished(new Date())]),
      );
      expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(2);
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([4, 4]);
      expect(await store().orders.count({})).toBe(1);
      expect(await leftovers()).toEqual(clean);
    });

    it('keeps sku and idempotency unique by index, and indexes the paging orders and the sweep', async () => {
      const names = async (collection: string) =>
        (await db().collection(collection).listIndexes().toArray()).map(({ name, unique }) => `${name}${unique ? ' unique' : ''}`).sort();
      expect(await names('products')).toEqual(['_id_', 'createdAt_id', 'outbox_at', 'sku_unique unique']);
      expect(await names('orders')).toEqual([
        '_id_',
        'createdAt_id',
        'customerId_createdAt_id',
        'idem_unique unique',
        'outbox_at',
        'pendingSince',
        'returningSince',
      ]);
    });

    it('sells exactly the stock to 50 racing placements of one product', async () => {
      const [a] = await stocked(10);
      const outcomes = await timed('50 racing placements for 10 units', () =>
        Promise.all(Array.from({ length: 50 }, () => store().orders.place(aPlacement(newId(), [{ productId: a!.id, quantity: 1 }])))),
      );
      expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(10);
      expect(outcomes.filter((o) => o.kind === 'out-of-stock')).toHaveLength(40);
      expect(await stockOf(a!.id)).toBe(0);
      expect(await store().orders.count({})).toBe(10);
      expect(await leftovers()).toEqual(clean);
    });

    it('keeps every line or none when two-line placements race in opposite product orders', async () => {
      const [a, b] = await stocked(6, 6);
      const outcomes = await timed('20 opposite-order two-line placements for 6+6 units', () =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) => {
            const lines = [{ productId: a!.id, quantity: 1 }, { productId: b!.id, quantity: 1 }];
            return store().orders.place(aPlacement(newId(), i % 2 ? lines : lines.reverse()));
          }),
        ),
      );
      const placed = outcomes.filter((o) => o.kind === 'placed').length;
      expect(placed).toBe(6);
      expect([await stockOf(a!.id), await stockOf(b!.id)]).toEqual([0, 0]);
      expect(await leftovers()).toEqual(clean);
    });

    it('answers 20 racing placements with one idempotency key with one order', async () => {
      const [a] = await stocked(50);
      const outcomes = await timed('20 racing placements with one key', () =>
        Promise.all(
          Array.from({ length: 20 }, () => store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 2 }], { idempotencyKey: 'same' }))),
        ),
      );
      const placed = outcomes.filter((o) => o.kind === 'placed');
      expect(placed).toHaveLength(1);
      const id = placed[0]!.kind === 'placed' && placed[0]!.order.id;
      expect(outcomes.every((o) => (o.kind === 'placed' || o.kind === 'duplicate') && o.order.id === id)).toBe(true);
      expect(await stockOf(a!.id)).toBe(48);
      expect(await leftovers()).toEqual(clean);
    });

    it('counts all of 20 racing restocks, and returns the units of an order cancelled twice at once only once', async () => {
      const [a] = await stocked(0);
      await timed('20 racing restocks', () => Promise.all(Array.from({ length: 20 }, () => store().products.restock(a!.id, 5, new Date()))));
      expect(await stockOf(a!.id)).toBe(100);
      const placed = await store().orders.place(aPlacement(customer, [{ productId: a!.id, quantity: 30 }]));
      if (placed.kind !== 'placed') throw new Error(placed.kind);
      const cancels = await timed('10 racing cancellations', () =>
        Promise.all(Array.from({ length: 10 }, () => store().orders.changeStatus(placed.order.id, { from: 'PLACED', to: 'CANCELLED', at: new Date() }))),
      );
      expect(cancels.filter((c) => c !== null)).toHaveLength(1);
      expect(await stockOf(a!.id)).toBe(100);
      expect(await leftovers()).toEqual(clean);
    });
  },
  [mongoStore],
);
