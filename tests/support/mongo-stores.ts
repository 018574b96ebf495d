import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { withDatabase } from '../../src/data/mongo/connection-string.js';
import { COLLECTIONS } from '../../src/data/mongo/documents.js';
import { type MongoStore, openMongoStore } from '../../src/data/mongo/mongo-store.js';
import { aPlacement } from './catalog-records.js';
import type { StoreFixture, StoreKind } from './store-fixture.js';

/** The server under test; the path of the URL is replaced by a fresh database per fixture. */
export const mongoBaseUrl = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017';

/** A Mongo fixture also hands tests the raw database, to look at documents and indexes as stored. */
export interface MongoFixture extends StoreFixture {
  /** The URL the store was opened with (its own database). */
  readonly url: string;
  readonly db: Db;
  /** The store with its MongoDB-only extras (the outbox's purgeSent). */
  readonly store: MongoStore;
}

export async function openMongoFixture(): Promise<MongoFixture> {
  const url = withDatabase(mongoBaseUrl, `app_test_${randomBytes(6).toString('hex')}`);
  const store = await openMongoStore(url);
  // A second client of our own: the store exposes only the ports, and the
  // fixture must still be able to drop the database after closing the store.
  const client = await new MongoClient(url, { serverSelectionTimeoutMS: 5_000 }).connect();
  const db = client.db();
  return {
    url,
    db,
    store,
    async reset() {
      await Promise.all(Object.values(COLLECTIONS).map((name) => db.collection(name).deleteMany({})));
    },
    async dispose() {
      try {
        await store.close();
        await db.dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/** The Mongo view of a fixture that describeEachStore hands out as a plain StoreFixture. */
export function asMongoFixture(fixture: StoreFixture): MongoFixture {
  if (!('db' in fixture && 'url' in fixture)) throw new Error('not a MongoDB fixture');
  return fixture as MongoFixture;
}

export const mongoStore: StoreKind = {
  name: 'mongo',
  async unavailable() {
    let client: MongoClient | undefined;
    try {
      client = new MongoClient(mongoBaseUrl, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
      await client.db('admin').command({ ping: 1 });
      return null;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return `MongoDB not reachable at ${mongoBaseUrl}: ${why} (start FerretDB: scripts/ci/ferretdb.sh start, or set MONGODB_URL)`;
    } finally {
      await client?.close();
    }
  },
  open: openMongoFixture,
};

/**
 * What a process that stops between reserving and settling leaves on MongoDB:
 * a pending placement of `quantity` units (a second store on `url` whose
 * fault hook throws just before the settle write).
 */
export async function leaveAPendingPlacement(url: string, customerId: string, productId: string, quantity: number): Promise<void> {
  const broken = await openMongoStore(url, {
    faults: (point) => {
      if (point === 'placement:before-settle') throw new Error('stopped before settling');
    },
  });
  try {
    await broken.orders.place(aPlacement(customerId, [{ productId, quantity }])).then(
      () => {
        throw new Error('the placement settled although its process stopped before settling');
      },
      (error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'stopped before settling') throw error;
      },
    );
  } finally {
    await broken.close();
  }
}
