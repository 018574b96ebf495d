/**
 * Crash safety (CONTRACT.md, "crash safety"): a process killed while placing
 * or cancelling orders loses no stock and sells none twice. A child process
 * (fixtures/placement-crash-child.ts) opens the store with a fault hook that
 * SIGKILLs it at one named point of a multi-step write, placing and cancelling
 * orders in a loop; this process then runs settleUnfinished, as a restarted
 * instance would, and checks per product that stock + units in live orders
 * (settled, not cancelled) equals the initial stock.
 *
 * Generic over stores: a store with multi-step writes adds a CrashCase with
 * its fault points (and an opener in the child). Stores whose writes are
 * transactions may list the points their adapter calls, if any.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import type { Store } from '../../../src/core/store.js';
import { aProduct } from '../../support/catalog-records.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import type { StoreFixture, StoreKind } from '../../support/store-fixture.js';
import { describeEachStore } from '../../support/stores.js';

interface CrashCase {
  readonly kind: StoreKind;
  /** The child's name for the store (its opener). */
  readonly childKind: string;
  /** What the child opens: the fixture's own database. */
  urlOf(fixture: StoreFixture): string;
  /**
   * Fault points, each with the hit at which the child dies (a few orders complete first) and how
   * many orders the first sweep must report settled (0 where only harmless markers are left).
   */
  readonly points: readonly { point: string; hit: number; settles: number }[];
  /** Store-specific bookkeeping that must be gone after the sweep. */
  assertNothingLeft?(fixture: StoreFixture): Promise<void>;
}

const CRASH_CASES: CrashCase[] = [
  {
    kind: mongoStore,
    childKind: 'mongo',
    urlOf: (fixture) => asMongoFixture(fixture).url,
    points: [
      { point: 'placement:after-pending-insert', hit: 3, settles: 1 },
      { point: 'placement:after-reserve:0', hit: 3, settles: 1 },
      { point: 'placement:after-reserve:1', hit: 3, settles: 1 },
      { point: 'placement:before-settle', hit: 3, settles: 1 },
      { point: 'placement:after-settle', hit: 2, settles: 0 },
      { point: 'placement:after-release:0', hit: 1, settles: 1 },
      { point: 'cancel:after-status', hit: 2, settles: 1 },
      { point: 'cancel:after-return:0', hit: 2, settles: 1 },
      { point: 'cancel:after-return:1', hit: 2, settles: 1 },
      { point: 'cancel:after-returns', hit: 2, settles: 0 },
    ],
    async assertNothingLeft(fixture) {
      const db = asMongoFixture(fixture).db;
      expect({
        marked: await db.collection('products').countDocuments({ $or: [{ reservations: { $exists: true } }, { returns: { $exists: true } }] }),
        unsettled: await db.collection('orders').countDocuments({ placement: { $ne: 'settled' } }),
        returning: await db.collection('orders').countDocuments({ returningSince: { $exists: true } }),
      }).toEqual({ marked: 0, unsettled: 0, returning: 0 });
    },
  },
];

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/placement-crash-child.ts', import.meta.url));
const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function runChild(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', '@oxc-node/core/register', childScript, ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stderr });
    }),
  );
}

/** Units of each product held by live orders: settled and not cancelled. */
async function unitsInLiveOrders(store: Store): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  const orders = await store.orders.page({ limit: 100, filter: {} });
  for (const order of orders) {
    if (order.status === 'CANCELLED') continue;
    for (const line of order.lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  }
  return units;
}

for (const crash of CRASH_CASES) {
  describeEachStore(
    'a process killed in the middle of placing or cancelling',
    (fixture) => {
      for (const { point, hit, settles } of crash.points) {
        it(`loses no stock and sells none twice when killed at ${point}`, { timeout: 60_000 }, async () => {
          const { store } = fixture();
          const products = [aProduct({ stock: 200 }), aProduct({ stock: 200 }), aProduct({ stock: 5 })];
          for (const product of products) await store.products.insert(product);

          const started = performance.now();
          const exit = await runChild([crash.childKind, crash.urlOf(fixture()), point, String(hit), ...products.map((p) => p.id)]);
          expect(exit, exit.stderr).toMatchObject({ signal: 'SIGKILL' });

          // The restarted instance's sweep, with a horizon of now: everything the child began is older.
          expect(await store.orders.settleUnfinished(new Date())).toBe(settles);
          expect(await store.orders.settleUnfinished(new Date())).toBe(0);
          console.info(`[placement crash ${crash.kind.name}] ${point}: child and settlement ${Math.round(performance.now() - started)} ms`);

          const live = await unitsInLiveOrders(store);
          expect(live.size).toBeGreaterThan(0);
          for (const product of products) {
            const stock = (await store.products.findById(product.id))!.stock;
            expect({ product: product.id, total: stock + (live.get(product.id) ?? 0) }).toEqual({ product: product.id, total: product.stock });
          }
          await crash.assertNothingLeft?.(fixture());
        });
      }
    },
    [crash.kind],
  );
}
