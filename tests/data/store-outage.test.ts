/**
 * CONTRACT.md, SERVICE_UNAVAILABLE, at the adapters: a network store whose
 * database goes away (cut, refused, or a black hole that never answers)
 * rejects every call with the core's ServiceUnavailableError, never the
 * driver's error; it says it is down (the availability the core asks before
 * hashing), and recovers by itself once the database is back. The database
 * goes away through a TCP proxy (tests/support/tcp-proxy.ts).
 *
 * The embedded store (PGlite) is not here on purpose: it runs inside the
 * process, so it has no connection to lose. Its failures are bugs, not
 * outages, and stay INTERNAL_SERVER_ERROR; it reports no availability.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../src/core/shared/errors.js';
import { newId } from '../../src/core/shared/ids.js';
import type { Store } from '../../src/core/store.js';
import type { UserRecord } from '../../src/core/users/user.js';
import { isMongoConnectionFailure } from '../../src/data/mongo/connection-failures.js';
import { withDatabase } from '../../src/data/mongo/connection-string.js';
import { openMongoStore } from '../../src/data/mongo/mongo-store.js';
import { migratePostgres, openPostgresStore } from '../../src/data/prisma/postgres-store.js';
import { describeWith } from '../operations/services.js';
import { pollUntil } from '../support/server-process.js';
import { mongoBaseUrl } from '../support/mongo-stores.js';
import { createTestDatabase, dropTestDatabase, openPgliteFixture } from '../support/sql-stores.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { aProduct } from './contracts/contract-data.js';

/** Short, so a black hole costs the suite seconds; production uses STORE_DEADLINE_MS (5 s). */
const DEADLINE_MS = 1_500;
/** Generous: how long a recovery may take on a loaded machine. The contract promises no timing. */
const RECOVERY_MS = 15_000;

let seq = 0;
function aUser(): UserRecord {
  seq += 1;
  const now = new Date();
  return {
    id: newId(now),
    email: `outage${seq}-${randomBytes(3).toString('hex')}@example.com`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    passwordHash: 'hash',
    role: 'USER',
    tokenVersion: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** The rejection of `call`, with how long it took; fails the test when it resolves. */
async function failureOf(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const outcome = await call().then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (!outcome) throw new Error('expected the store call to fail');
  return { error: outcome.error, ms: performance.now() - started };
}

function expectUnavailable(error: unknown): void {
  expect(error).toBeInstanceOf(ServiceUnavailableError);
  const unavailable = error as ServiceUnavailableError;
  expect(unavailable.code).toBe('SERVICE_UNAVAILABLE');
  expect(unavailable.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(unavailable.retryAfterSeconds).toBeLessThanOrEqual(5);
  // The message is the core's own: no driver, host or SQL text reaches it (the cause is for the log).
  expect(unavailable.message).toBe(new ServiceUnavailableError().message);
}

const isDown = (store: Store): boolean => {
  try {
    store.availability!.assertAvailable();
    return false;
  } catch (error) {
    expectUnavailable(error);
    return true;
  }
};

/** Each store call a request makes, one of each kind (reads, writes, the ping). */
function everyKindOfCall(store: Store): Record<string, () => Promise<unknown>> {
  return {
    'users.insert': () => store.users.insert(aUser()),
    'users.findByEmail': () => store.users.findByEmail('nobody@example.com'),
    'users.findById': () => store.users.findById(newId(new Date())),
    'users.findCaller': () => store.users.findCaller(newId(new Date())),
    'users.page': () => store.users.page({ limit: 5 }),
    'users.count': () => store.users.count(),
    'users.update': () => store.users.update(newId(new Date()), { firstName: 'X', updatedAt: new Date() }),
    'refreshTokens.findByHash': () => store.refreshTokens.findByHash('0'.repeat(64)),
    ping: () => store.ping(),
  };
}

function outageBehaviour(name: string, setup: () => { store: () => Store; proxy: () => TcpProxy; fastFailure: boolean }): void {
  const { store, proxy, fastFailure } = setup();

  async function back(): Promise<void> {
    await proxy().start();
    // Each assertAvailable starts a background ping while down; the state clears when one answers.
    await pollUntil(`${name} to be available again`, () => !isDown(store()), { timeoutMs: RECOVERY_MS, intervalMs: 100 });
  }

  it('answers normally and is not known down while the database answers', async () => {
    await store().users.insert(aUser());
    expect(await store().users.count()).toBeGreaterThan(0);
    expect(isDown(store())).toBe(false);
  });

  it('rejects every kind of call with SERVICE_UNAVAILABLE when the database is cut, and is known down', async () => {
    await store().ping();
    await proxy().stop();
    try {
      const calls = Object.entries(everyKindOfCall(store()));
      const failures = await Promise.all(calls.map(async ([what, call]) => ({ what, ...(await failureOf(call)) })));
      for (const { what, error, ms } of failures) {
        expect.soft(error, what).toBeInstanceOf(ServiceUnavailableError);
        expectUnavailable(error);
        // PostgreSQL refuses or resets at once, so it is the driver's typed error that decided, not the deadline.
        if (fastFailure) expect.soft(ms, what).toBeLessThan(DEADLINE_MS);
      }
      expect(isDown(store())).toBe(true);
    } finally {
      await back();
    }
  });

  it('recovers by itself once the database is back: calls and availability work again without a restart', async () => {
    await proxy().stop();
    await failureOf(() => store().users.count());
    expect(isDown(store())).toBe(true);
    await back();
    const user = aUser();
    await store().users.insert(user);
    expect(await store().users.findById(user.id)).toMatchObject({ email: user.email });
  });

  it('rejects with SERVICE_UNAVAILABLE within its deadline when the database does not answer at all', async () => {
    await store().ping();
    proxy().hold();
    try {
      const { error, ms } = await failureOf(() => store().users.findByEmail('nobody@example.com'));
      expectUnavailable(error);
      expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      expect(ms).toBeLessThan(DEADLINE_MS + 3_000);
      expect(isDown(store())).toBe(true);
    } finally {
      proxy().release();
      await back();
    }
  });

  it('does not count an error the database itself reports (a duplicate email is CONFLICT) as an outage', async () => {
    const user = aUser();
    await store().users.insert(user);
    const { error } = await failureOf(() => store().users.insert({ ...aUser(), email: user.email }));
    expect((error as ServiceUnavailableError).code).toBe('CONFLICT');
    expect(isDown(store())).toBe(false);
  });
}

describeWith(['postgres'], 'a PostgreSQL server store whose database goes away', () => {
  let database: { name: string; url: string } | undefined;
  let proxy: TcpProxy | undefined;
  let store: Store | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migratePostgres(database.url);
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    store = await openPostgresStore(viaProxy.toString(), { deadlineMs: DEADLINE_MS });
  });

  afterAll(async () => {
    await store?.close();
    await proxy?.stop();
    if (database) await dropTestDatabase(database.name);
  });

  outageBehaviour('postgres', () => ({ store: () => store!, proxy: () => proxy!, fastFailure: true }));

  // A placement is an interactive transaction: Prisma's own limits (maxWait, timeout) decide
  // before the guard does, and their P2028 must be an outage too, not an internal error.
  async function aStockedProduct(): Promise<string> {
    const product = aProduct({ stock: 10 });
    await store!.products.insert(product);
    return product.id;
  }
  const placementOf = (productId: string) => {
    const now = new Date();
    return { id: newId(now), customerId: 'outage-customer', idempotencyKey: null, lines: [{ productId, quantity: 1 }], at: now };
  };

  it('rejects a placement and a cancellation with SERVICE_UNAVAILABLE when the database is cut', async () => {
    const productId = await aStockedProduct();
    const placed = placementOf(productId);
    expect((await store!.orders.place(placed)).kind).toBe('placed');
    await proxy!.stop();
    try {
      expectUnavailable((await failureOf(() => store!.orders.place(placementOf(productId)))).error);
      const cancel = { from: 'PLACED', to: 'CANCELLED', at: new Date() } as const;
      expectUnavailable((await failureOf(() => store!.orders.changeStatus(placed.id, cancel))).error);
    } finally {
      await back();
    }
    expect((await store!.products.findById(productId))!.stock).toBe(9);
  });

  it('rejects a placement with SERVICE_UNAVAILABLE within the deadline when the database does not answer, and sells nothing', async () => {
    const productId = await aStockedProduct();
    await store!.ping();
    proxy!.hold();
    try {
      const { error, ms } = await failureOf(() => store!.orders.place(placementOf(productId)));
      expectUnavailable(error);
      expect(ms).toBeLessThan(DEADLINE_MS + 3_000);
    } finally {
      proxy!.release();
      await back();
    }
    expect((await store!.products.findById(productId))!.stock).toBe(10);
  });

  async function back(): Promise<void> {
    await proxy!.start();
    await pollUntil('postgres to be available again', () => !isDown(store!), { timeoutMs: RECOVERY_MS, intervalMs: 100 });
  }
});

describeWith(['mongo'], 'a MongoDB store (FerretDB) whose database goes away', () => {
  const databaseName = `app_test_${randomBytes(6).toString('hex')}`;
  let proxy: TcpProxy | undefined;
  let store: Store | undefined;

  beforeAll(async () => {
    const direct = new URL(mongoBaseUrl);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 27017) });
    store = await openMongoStore(withDatabase(`mongodb://127.0.0.1:${proxy.port}`, databaseName), { deadlineMs: DEADLINE_MS });
  });

  afterAll(async () => {
    await store?.close();
    await proxy?.stop();
    const client = new MongoClient(withDatabase(mongoBaseUrl, databaseName), { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  });

  // The driver waits for a server to come back (server selection), so a cut is decided by the deadline or by that wait.
  outageBehaviour('mongo', () => ({ store: () => store!, proxy: () => proxy!, fastFailure: false }));

  it('refuses to open on a database that does not answer with SERVICE_UNAVAILABLE (the CLI reports it)', async () => {
    await proxy!.stop();
    try {
      const { error } = await failureOf(() => openMongoStore(withDatabase(`mongodb://127.0.0.1:${proxy!.port}`, databaseName)));
      expectUnavailable(error);
    } finally {
      await proxy!.start();
    }
  });

  describe("the driver's own errors for a cut database are recognized by class", () => {
    it('MongoServerSelectionError when nothing listens, and the network error of a connection cut under it', async () => {
      const url = withDatabase(`mongodb://127.0.0.1:${proxy!.port}`, databaseName);
      // No retries and a short selection wait, so each error is the driver's first.
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 1_000, retryReads: false, retryWrites: false });
      try {
        await client.db().command({ ping: 1 });
        const cut = client.db().collection('users').countDocuments();
        await proxy!.stop();
        const errors = [await cut.then(() => null, (error: unknown) => error)];
        errors.push(await client.db().command({ ping: 1 }).then(() => null, (error: unknown) => error));
        for (const error of errors) {
          if (error === null) continue; // the count may have finished before the cut
          expect((error as Error).name).toMatch(/^Mongo(Network|NetworkTimeout|ServerSelection|PoolCleared)Error$/);
          expect(isMongoConnectionFailure(error)).toBe(true);
        }
        expect(errors.at(-1)).not.toBeNull();
      } finally {
        await client.close();
        await proxy!.start();
      }
    });
  });
});

describe('the embedded store (PGlite) has no connection to lose', () => {
  it('reports no availability, so the core never refuses work for it', async () => {
    const fixture = await openPgliteFixture();
    try {
      expect(fixture.store.availability).toBeUndefined();
    } finally {
      await fixture.dispose();
    }
  });
});
