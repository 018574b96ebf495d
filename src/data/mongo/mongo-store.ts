import type { ProductRepository } from '../../core/catalog/product-repository.js';
import type { OrderRepository } from '../../core/orders/order-repository.js';
import { notBuilt } from '../shared/not-built.js';
import { MongoClient } from 'mongodb';
import { ServiceUnavailableError } from '../../core/shared/errors.js';
import type { Store } from '../../core/store.js';
import { guardStore, STORE_DEADLINE_MS } from '../shared/guarded-store.js';
import { isMongoConnectionFailure } from './connection-failures.js';
import { databaseName } from './connection-string.js';
import { DocumentLocks } from './document-locks.js';
import { COLLECTIONS, type LockDocument, type RefreshTokenDocument, type RevocationDocument, type UserDocument } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { MongoRefreshTokenRepository } from './mongo-refresh-token-repository.js';
import { MongoUserRepository } from './mongo-user-repository.js';

/**
 * Short enough that readiness reports a dead server within seconds instead of
 * hanging on the driver's 30 s default. The socket timeout sits just past the
 * store deadline (guarded-store.ts answers first): it only frees a connection
 * that hangs. The driver's monitor re-checks a server it lost only every
 * heartbeat (10 s by default), and until it does every call fails server
 * selection, so a database that is back would stay "down" for up to 10 s
 * more; a 2 s heartbeat bounds that, for one small `hello` per 2 s.
 */
const TIMEOUTS = {
  serverSelectionTimeoutMS: STORE_DEADLINE_MS,
  heartbeatFrequencyMS: 2_000,
  connectTimeoutMS: STORE_DEADLINE_MS,
  socketTimeoutMS: STORE_DEADLINE_MS + 500,
} as const;

/**
 * The nosql store: MongoDB (or a wire-compatible server such as FerretDB)
 * through the native driver. Uses no transactions and no collation: the
 * promises of the contract rest on unique keys alone (email, token hash, the
 * revocation's _id, and the per-document locks' _id), which every
 * MongoDB-protocol server enforces.
 * A server can go away: every call has the store deadline, and a lost or
 * refused connection is the core's ServiceUnavailableError, at open too.
 */
export async function openMongoStore(url: string, options: { deadlineMs?: number } = {}): Promise<Store> {
  const name = databaseName(url);
  const client = new MongoClient(url, TIMEOUTS);
  try {
    await client.connect();
    const db = client.db(name);
    await ensureIndexes(db);
    const store: Store = {
      users: new MongoUserRepository(
        db.collection<UserDocument>(COLLECTIONS.users),
        new DocumentLocks(db.collection<LockDocument>(COLLECTIONS.documentLocks)),
      ),
      refreshTokens: new MongoRefreshTokenRepository(
        db.collection<RefreshTokenDocument>(COLLECTIONS.refreshTokens),
        db.collection<RevocationDocument>(COLLECTIONS.refreshTokenRevocations),
      ),
      products: notBuilt<ProductRepository>('products'),
      orders: notBuilt<OrderRepository>('orders'),
      ping: async () => {
        await db.command({ ping: 1 });
      },
      close: () => client.close(),
    };
    return guardStore(store, {
      isConnectionFailure: isMongoConnectionFailure,
      deadlineMs: options.deadlineMs,
      // The driver monitors the server: when it knows of no server that holds data, every call would
      // only wait for server selection, so the store is down from that moment, and up again with it.
      watch: ({ down, up }) =>
        client.on('topologyDescriptionChanged', ({ newDescription }) => (newDescription.hasDataBearingServers ? up() : down())),
    });
  } catch (error) {
    await client.close();
    if (isMongoConnectionFailure(error)) throw new ServiceUnavailableError(undefined, undefined, { cause: error });
    throw error;
  }
}
