/**
 * CONTRACT.md, "crash safety": a process killed while placing (or cancelling) an order loses no
 * stock and sells none twice, on every store with multi-step writes. A child process
 * (fixtures/placement-crash-child.ts) opens the store with a FaultHook that SIGKILLs it at one
 * named point of a write; this process then lets the store settle what it left (settleUnfinished,
 * as a restarted instance does) and checks that
 * - the store settled as many orders as that point leaves unfinished, and a second sweep none;
 * - for every product, stock + units in live orders == the stock it started with;
 * - every write the child saw complete is there, and the write in flight was undone (or, where
 *   the store rolls forward, done) as a whole;
 * - the store's own bookkeeping is gone (assertNothingLeft);
 * - where the store's events are inspected (checksEvents), an event exists exactly when its change
 *   does: an order.placed (and a product.changed per product) for each order there, none for the
 *   placement rolled back, an order.cancelled (and the products' returns) for each cancelled order.
 *
 * One entry of CRASH_STORES per store, with the fault points its adapter calls. A store joins by
 * adding itself here and its opener in the child. The stores' suites run side by side, each
 * store's tests as its `runs` says. Opening PGlite blocks the event loop of its process for a
 * second or more under load, which fired the timers of the stores working beside it here (a
 * PostgreSQL connect's 3 s, the store deadline's 5 s): so every database is prepared (products
 * included) before the first test and disposed of after the last, one after another, and PGlite
 * is inspected after each crash by the child in a process of its own.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/core/catalog/product.js';
import type { Store } from '../../src/core/store.js';
import { aProduct } from '../support/catalog-records.js';
import { mongoStore, openMongoFixture } from '../support/mongo-stores.js';
import { openPgliteFixture, openPostgresFixture, pgliteStore, postgresStore } from '../support/sql-stores.js';
import type { StoreKind } from '../support/store-fixture.js';
import { type CrashInspection, type InspectedEvent, inspectAfterCrash, sqlEvents } from './fixtures/crash-inspection.js';

interface CrashDatabase {
  /** What the child opens: a data directory, a URL. */
  readonly location: string;
  /** Settles and reads the store after the child's death. */
  inspect(productIds: readonly string[]): Promise<CrashInspection>;
  /** Store-specific bookkeeping that must be gone after the sweep. */
  assertNothingLeft?(): Promise<void>;
  dispose(): Promise<void>;
}

interface CrashPoint {
  readonly point: string;
  /** The hit at which the child dies (a few writes complete first). */
  readonly hit: number;
  /** How many orders the first sweep reports settled (0 where the write was one transaction, or only harmless markers are left). */
  readonly settles: number;
  /** What becomes of the write in flight: rolled back with its transaction or by the sweep, or finished by the sweep. */
  readonly inFlight: 'undone' | 'done';
}

interface CrashStore {
  readonly kind: StoreKind;
  /**
   * How its tests run beside the other stores': 'sequential', one after another (PGlite has one
   * opener at a time; MongoDB's sweep counts every unfinished order in the database), or
   * 'parallel', all at once (each test has its own products and the store leaves nothing to sweep).
   */
  readonly runs: 'sequential' | 'parallel';
  /** Fault points the adapter calls inside a placement or a cancellation; each gets a killed child. */
  readonly points: readonly CrashPoint[];
  /** Its inspection reads the stored events (CrashInspection.events), which must match the orders. */
  readonly checksEvents?: boolean;
  /** One database for the file, holding every test's products (each test has its own). */
  prepare(products: readonly Product[]): Promise<CrashDatabase>;
}

/** A point of a transaction: the kill rolls the write back and leaves nothing to settle. */
const inTransaction = (point: string, hit: number): CrashPoint => ({ point, hit, settles: 0, inFlight: 'undone' });

const CRASH_STORES: CrashStore[] = [
  {
    kind: pgliteStore,
    runs: 'sequential',
    checksEvents: true,
    // Fewer than the server: each costs a PGlite start in the child and a recovery here (seconds).
    points: [
      inTransaction('placement:after-order-insert', 3),
      inTransaction('placement:after-reserve:2', 3),
      inTransaction('placement:before-commit', 3),
      inTransaction('cancel:after-return:1', 2),
    ],
    async prepare(products) {
      const fixture = await openPgliteFixture();
      await insertAll(fixture.store, products);
      // The data directory has one opener at a time, and PGlite would block this process's event
      // loop for seconds under load (firing the timers of the stores beside it): children open it.
      await fixture.store.close();
      return {
        location: fixture.dataDir,
        async inspect(productIds) {
          const run = await runChild('pglite', fixture.dataDir, { point: 'inspect', hit: 0 }, productIds);
          const line = run.lines.find((l) => l.startsWith('inspection '));
          if (run.code !== 0 || !line) throw new Error(`inspecting PGlite failed (exit ${run.code}): ${run.stderr}`);
          return JSON.parse(line.slice('inspection '.length)) as CrashInspection;
        },
        dispose: () => fixture.dispose(),
      };
    },
  },
  {
    kind: postgresStore,
    runs: 'parallel',
    checksEvents: true,
    // The points of PostgreSQL's placement and cancellation transactions (prisma-order-repository.ts).
    points: [
      inTransaction('placement:after-order-insert', 3),
      inTransaction('placement:after-reserve:0', 3),
      inTransaction('placement:after-reserve:2', 3),
      inTransaction('placement:before-commit', 3),
      inTransaction('cancel:after-status', 2),
      inTransaction('cancel:after-return:1', 2),
    ],
    async prepare(products) {
      // A server has many clients: this process keeps its store open while the child works.
      const fixture = await openPostgresFixture();
      await insertAll(fixture.store, products);
      return {
        location: fixture.url,
        inspect: (productIds) => inspectAfterCrash(fixture.store, productIds, sqlEvents(fixture.store)),
        dispose: () => fixture.dispose(),
      };
    },
  },
  {
    kind: mongoStore,
    runs: 'sequential',
    // The steps of the placement and cancellation sagas (mongo-order-repository.ts, mongo-order-settlement.ts).
    points: [
      { point: 'placement:after-pending-insert', hit: 3, settles: 1, inFlight: 'undone' },
      { point: 'placement:after-reserve:0', hit: 3, settles: 1, inFlight: 'undone' },
      { point: 'placement:after-reserve:1', hit: 3, settles: 1, inFlight: 'undone' },
      { point: 'placement:before-settle', hit: 3, settles: 1, inFlight: 'undone' },
      { point: 'placement:after-settle', hit: 2, settles: 0, inFlight: 'done' },
      { point: 'placement:after-release:0', hit: 1, settles: 1, inFlight: 'undone' },
      { point: 'cancel:after-status', hit: 2, settles: 1, inFlight: 'done' },
      { point: 'cancel:after-return:0', hit: 2, settles: 1, inFlight: 'done' },
      { point: 'cancel:after-return:1', hit: 2, settles: 1, inFlight: 'done' },
      { point: 'cancel:after-returns', hit: 2, settles: 0, inFlight: 'done' },
    ],
    async prepare(products) {
      const fixture = await openMongoFixture();
      await insertAll(fixture.store, products);
      return {
        location: fixture.url,
        inspect: (productIds) => inspectAfterCrash(fixture.store, productIds),
        async assertNothingLeft() {
          const { db } = fixture;
          expect({
            marked: await db.collection('products').countDocuments({ $or: [{ reservations: { $exists: true } }, { returns: { $exists: true } }] }),
            unsettled: await db.collection('orders').countDocuments({ placement: { $ne: 'settled' } }),
            returning: await db.collection('orders').countDocuments({ returningSince: { $exists: true } }),
          }).toEqual({ marked: 0, unsettled: 0, returning: 0 });
        },
        dispose: () => fixture.dispose(),
      };
    },
  },
];

const INITIAL_STOCK = 200;
const CHILD = new URL('./fixtures/placement-crash-child.ts', import.meta.url).pathname;
const REPO_ROOT = new URL('../..', import.meta.url).pathname;
const inCi = process.env.CI === 'true';

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

const children = new Set<ChildProcess>();

function runChild(store: string, location: string, { point, hit }: Pick<CrashPoint, 'point' | 'hit'>, productIds: readonly string[]): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--import', '@oxc-node/core/register', CHILD, store, location, point, String(hit), JSON.stringify(productIds)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, lines: stdout.split('\n').filter(Boolean), stderr });
    });
  });
}

/** The ids after `verb` in the child's lines, in order. */
const idsOf = (lines: string[], verb: string) => lines.filter((l) => l.startsWith(`${verb} `)).map((l) => l.slice(verb.length + 1));

/**
 * An event exists exactly when its change does: one order.placed per order found among those the
 * child began (none for a placement refused or rolled back), one order.cancelled per cancelled
 * order, and per product one 'ordered' change per order holding it and one 'returned' per
 * cancelled one.
 */
function assertEventsMatch(
  events: readonly InspectedEvent[] | undefined,
  orders: CrashInspection['orders'],
  begun: readonly string[],
  productIds: readonly string[],
): void {
  expect(events, 'the inspection reads the stored events').toBeDefined();
  const count = (type: string, match: (data: InspectedEvent['data']) => boolean) =>
    events!.filter((event) => event.type === type && match(event.data)).length;
  const byId = new Map(orders.map((order) => [order.id, order]));
  for (const id of begun) {
    expect(count('order.placed', (data) => data.orderId === id), `order.placed of ${id}`).toBe(byId.has(id) ? 1 : 0);
  }
  for (const order of orders) {
    expect(count('order.cancelled', (data) => data.orderId === order.id), `order.cancelled of ${order.id} (${order.status})`).toBe(
      order.status === 'CANCELLED' ? 1 : 0,
    );
  }
  for (const productId of productIds) {
    const holding = orders.filter((order) => order.lines.some((line) => line.productId === productId));
    const changes = (change: string) => count('product.changed', (data) => data.productId === productId && data.change === change);
    expect(changes('ordered'), `product.changed ordered of ${productId}`).toBe(holding.length);
    expect(changes('returned'), `product.changed returned of ${productId}`).toBe(holding.filter((order) => order.status === 'CANCELLED').length);
  }
}

async function insertAll(store: Store, products: readonly Product[]): Promise<void> {
  for (const product of products) await store.products.insert(product);
}

/** Three products of each test's own, made before the databases are prepared. */
const productsOf = new Map(
  CRASH_STORES.flatMap((crashStore) => crashStore.points).map((crashPoint) => [crashPoint, [1, 2, 3].map(() => aProduct({ stock: INITIAL_STOCK }))] as const),
);

const unavailable = new Map(await Promise.all(CRASH_STORES.map(async (crashStore) => [crashStore, await crashStore.kind.unavailable()] as const)));
/** Each store's database, or why it could not be prepared. */
const databases = new Map<CrashStore, CrashDatabase | Error>();

beforeAll(async () => {
  // One after another: nothing else runs yet, so no timer of one fires while another blocks.
  for (const crashStore of CRASH_STORES) {
    if (unavailable.get(crashStore)) continue;
    const products = crashStore.points.flatMap((crashPoint) => productsOf.get(crashPoint)!);
    databases.set(crashStore, await crashStore.prepare(products).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  }
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const database of databases.values()) if (!(database instanceof Error)) await database.dispose();
});

for (const crashStore of CRASH_STORES) {
  const { name } = crashStore.kind;
  // Vitest runs consecutive concurrent suites side by side, and a concurrent suite's tests together unless they say otherwise.
  describe(`a process killed while placing or cancelling orders [${name}]`, { concurrent: true }, () => {
    const reason = unavailable.get(crashStore);
    if (reason && !inCi) {
      console.warn(`skipping ${name}: ${reason}`);
      describe.skip(`${name} unavailable: ${reason}`, () => {});
      return;
    }
    let database: CrashDatabase | undefined;
    beforeAll(() => {
      if (reason) throw new Error(`${name} store unavailable under CI: ${reason}`);
      const prepared = databases.get(crashStore);
      if (prepared instanceof Error) throw prepared;
      database = prepared;
    });

    for (const crashPoint of crashStore.points) {
      const { point, settles, inFlight } = crashPoint;
      it(`loses no stock and sells none twice when killed at ${point}`, { concurrent: crashStore.runs === 'parallel', timeout: 60_000 }, async () => {
        const db = database!;
        const products = productsOf.get(crashPoint)!;
        const productIds = products.map((p) => p.id);
        const run = await runChild(name, db.location, crashPoint, productIds);
        expect(run.signal, `the child should die at ${point}; exit ${run.code}: ${run.stderr}`).toBe('SIGKILL');
        expect(run.lines[0]).toBe('ready');

        // The restarted instance's sweeps.
        const { settled, orders, stocks, events } = await db.inspect(productIds);
        expect(settled, 'orders the first and a second sweep settle').toEqual([settles, 0]);
        const live = orders.filter((order) => order.status !== 'CANCELLED');
        expect(live.length, 'some orders stay live').toBeGreaterThan(0);
        for (const product of products) {
          const stock = stocks[product.id]!;
          const sold = live
            .flatMap((order) => order.lines)
            .filter((line) => line.productId === product.id)
            .reduce((sum, line) => sum + line.quantity, 0);
          expect(stock + sold, `${product.sku}: stock ${stock} + ${sold} sold`).toBe(INITIAL_STOCK);
        }

        const byId = new Map(orders.map((order) => [order.id, order]));
        const placed = idsOf(run.lines, 'placed');
        for (const id of placed) expect(byId.get(id), `placed order ${id}`).toBeDefined();
        for (const id of idsOf(run.lines, 'refused')) expect(byId.has(id), `refused order ${id}`).toBe(false);
        for (const id of idsOf(run.lines, 'cancelled')) expect(byId.get(id)?.status, `cancelled order ${id}`).toBe('CANCELLED');
        const cancelling = point.startsWith('cancel:');
        const inFlightId = idsOf(run.lines, cancelling ? 'cancelling' : 'placing').at(-1);
        expect(inFlightId, 'the write the kill interrupted').toBeDefined();
        if (cancelling) {
          expect(byId.get(inFlightId!)?.status, `the cancellation in flight (${inFlight})`).toBe(inFlight === 'done' ? 'CANCELLED' : 'PLACED');
        } else {
          expect(byId.has(inFlightId!), `the placement in flight (${inFlight})`).toBe(inFlight === 'done');
        }
        // Nothing else: no order but those the child saw placed and the one in flight, if finished.
        expect(orders).toHaveLength(placed.length + (!cancelling && inFlight === 'done' ? 1 : 0));
        await db.assertNothingLeft?.();
        if (crashStore.checksEvents) assertEventsMatch(events, orders, idsOf(run.lines, 'placing'), productIds);
      });
    }
  });
}
