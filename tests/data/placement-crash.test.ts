/**
 * CONTRACT.md, "crash safety": a process killed while placing (or cancelling) an order loses no
 * stock and sells none twice. A child process (fixtures/placement-crash-child.ts) opens the store
 * with a FaultHook that SIGKILLs it at one named point of the write; the test then reopens the
 * store, lets it settle what it left (settleUnfinished, as start-up does) and checks that, for
 * every product, stock + units in live orders == the stock it started with, and that every write
 * the child saw completed is there.
 *
 * One entry of CRASH_STORES per store, with the fault points its adapter calls. A store joins by
 * adding itself here and its opener in the child.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/core/catalog/product.js';
import type { OrderRecord } from '../../src/core/orders/order.js';
import { newId } from '../../src/core/shared/ids.js';
import type { Store } from '../../src/core/store.js';
import { openEmbeddedStore } from '../../src/data/prisma/embedded-store.js';
import { openPgliteFixture, openPostgresFixture, pgliteStore, postgresStore } from '../support/sql-stores.js';

interface CrashDatabase {
  /** What the child opens: a data directory, a URL. */
  readonly location: string;
  /** The store in this process, opened again if it was handed over. */
  store(): Promise<Store>;
  /** Leaves the database to the child (PGlite's data directory has one opener at a time). */
  handOver(): Promise<void>;
  dispose(): Promise<void>;
}

interface CrashStore {
  /** The child's opener key (placement-crash-child.ts). */
  readonly name: string;
  /** Fault points the adapter calls inside a placement or a cancellation; each gets a killed child. */
  readonly points: readonly string[];
  /** The write in flight at the kill leaves no trace (it was one transaction). */
  readonly rollsBack: boolean;
  unavailable(): Promise<string | null>;
  /** One database for the file; each test brings products of its own. */
  prepare(): Promise<CrashDatabase>;
}

/** The points of PostgreSQL's placement and cancellation transactions (prisma-order-repository.ts). */
const SQL_POINTS = [
  'placement:after-order-insert',
  'placement:after-reserve:0',
  'placement:after-reserve:2',
  'placement:before-commit',
  'cancel:after-status',
  'cancel:after-return:1',
];

const CRASH_STORES: CrashStore[] = [
  {
    name: 'pglite',
    // Fewer than the server: each costs a PGlite start in the child and a recovery here (seconds).
    points: ['placement:after-order-insert', 'placement:after-reserve:2', 'placement:before-commit', 'cancel:after-return:1'],
    rollsBack: true,
    unavailable: () => pgliteStore.unavailable(),
    async prepare() {
      const fixture = await openPgliteFixture();
      let current: Store | undefined = fixture.store;
      return {
        location: fixture.dataDir,
        store: async () => (current ??= await openEmbeddedStore(fixture.dataDir)),
        async handOver() {
          await current?.close();
          current = undefined;
        },
        async dispose() {
          await current?.close();
          await fixture.dispose();
        },
      };
    },
  },
  {
    name: 'postgres',
    points: SQL_POINTS,
    rollsBack: true,
    unavailable: () => postgresStore.unavailable(),
    async prepare() {
      // A server has many clients: this process keeps its store open while the child works.
      const fixture = await openPostgresFixture();
      return {
        location: fixture.url,
        store: async () => fixture.store,
        handOver: async () => undefined,
        dispose: () => fixture.dispose(),
      };
    },
  },
];

const INITIAL_STOCK = 1_000;
const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'placement-crash-child.ts');
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const inCi = process.env.CI === 'true';

let batch = 0;
/** Three products of the test's own (the database is shared by the file's tests). */
const someProducts = (): Product[] => {
  batch += 1;
  return ['A', 'B', 'C'].map((letter, i) => {
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, batch, i));
    return {
      id: newId(createdAt),
      sku: `CRASH-${batch}-${letter}`,
      name: `Crash ${letter}`,
      description: '',
      priceCents: 100 * (i + 1),
      stock: INITIAL_STOCK,
      archived: false,
      createdAt,
      updatedAt: createdAt,
    };
  });
};

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

const children = new Set<ChildProcess>();

function runChild(store: string, location: string, point: string, hit: number, productIds: string[]): Promise<ChildRun> {
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

async function allOrders(store: Store): Promise<OrderRecord[]> {
  const orders: OrderRecord[] = [];
  for (;;) {
    const last = orders.at(-1);
    const page = await store.orders.page({ limit: 100, after: last && { createdAt: last.createdAt, id: last.id }, filter: {} });
    orders.push(...page);
    if (page.length < 100) return orders;
  }
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

for (const crashStore of CRASH_STORES) {
  describe(`a process killed while placing or cancelling orders [${crashStore.name}]`, async () => {
    const reason = await crashStore.unavailable();
    if (reason && !inCi) {
      console.warn(`skipping ${crashStore.name}: ${reason}`);
      describe.skip(`${crashStore.name} unavailable: ${reason}`, () => {});
      return;
    }
    let database: CrashDatabase | undefined;
    beforeAll(async () => {
      if (reason) throw new Error(`${crashStore.name} store unavailable under CI: ${reason}`);
      database = await crashStore.prepare();
    });
    afterAll(async () => {
      await database?.dispose();
    });

    for (const point of crashStore.points) {
      it(`loses no stock and sells none twice when killed at ${point}`, { timeout: 60_000 }, async () => {
        const db = database!;
        const products = someProducts();
        for (const product of products) await (await db.store()).products.insert(product);
        await db.handOver();
        // A few writes complete before the kill, so the check also covers committed ones.
        const hit = point.startsWith('cancel:') ? 2 : 3;
        const run = await runChild(crashStore.name, db.location, point, hit, products.map((p) => p.id));
        expect(run.signal, `the child should die at ${point}; exit ${run.code}: ${run.stderr}`).toBe('SIGKILL');
        expect(run.lines[0]).toBe('ready');

        const store = await db.store();
        await store.orders.settleUnfinished(new Date(Date.now() + 60_000));
        const productIds = new Set(products.map((p) => p.id));
        const orders = (await allOrders(store)).filter((order) => order.lines.some((line) => productIds.has(line.productId)));
        for (const product of products) {
          const stock = (await store.products.findById(product.id))!.stock;
          const sold = orders
            .filter((order) => order.status !== 'CANCELLED')
            .flatMap((order) => order.lines)
            .filter((line) => line.productId === product.id)
            .reduce((sum, line) => sum + line.quantity, 0);
          expect(stock + sold, `${product.sku}: stock ${stock} + ${sold} sold`).toBe(INITIAL_STOCK);
        }

        const byId = new Map(orders.map((order) => [order.id, order]));
        const placed = idsOf(run.lines, 'placed');
        for (const id of placed) expect(byId.get(id), `placed order ${id}`).toBeDefined();
        for (const id of idsOf(run.lines, 'cancelled')) expect(byId.get(id)?.status, `cancelled order ${id}`).toBe('CANCELLED');
        const cancelling = point.startsWith('cancel:');
        const inFlight = idsOf(run.lines, cancelling ? 'cancelling' : 'placing').at(-1);
        expect(inFlight, 'the write the kill interrupted').toBeDefined();
        if (crashStore.rollsBack) {
          // The transaction in flight left nothing: no order, or its order still PLACED.
          if (cancelling) expect(byId.get(inFlight!)?.status).toBe('PLACED');
          else expect(byId.has(inFlight!)).toBe(false);
          expect(orders).toHaveLength(placed.length);
        }
      });
    }
  });
}
