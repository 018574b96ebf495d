import { MongoClient } from 'mongodb';
import { ServiceUnavailableError } from '../../core/shared/errors.js';
import type { Store } from '../../core/store.js';
import { type FaultHook, noFaults } from '../shared/fault-hook.js';
import { guardStore, STORE_DEADLINE_MS } from '../shared/guarded-store.js';
import { isMongoConnectionFailure } from './connection-failures.js';
import { databaseName } from './connection-string.js';
import { DocumentLocks } from './document-locks.js';
import {
  COLLECTIONS,
  type LockDocument,
  type OrderDocument,
  type ProductDocument,
  type RefreshTokenDocument,
  type RevocationDocument,
  type SalesExportChunkDocument,
  type SalesExportDocument,
  type SentMailDocument,
  type UserDocument,
} from './documents.js';
import { ensureIndexes } from './indexes.js';
import { MongoOrderRepository } from './mongo-order-repository.js';
import { MongoOrderSettlement } from './mongo-order-settlement.js';
import { MongoOutbox, MongoSentMailLog } from './mongo-outbox.js';
import { DEFAULT_PLACEMENT_TIMINGS, MongoPlacement, type PlacementTimings } from './mongo-placement.js';
import { MongoProductRepository } from './mongo-product-repository.js';
import { MongoRefreshTokenRepository } from './mongo-refresh-token-repository.js';
import { MongoSalesExportRepository } from './mongo-sales-export-repository.js';
import { MongoStock } from './mongo-stock.js';
import { MongoUserRepository } from './mongo-user-repository.js';

export interface MongoStoreOptions {
  /** Overrides the store deadline (tests). */
  deadlineMs?: number;
  /** Called at the named points of placement and cancellation (crash tests); noFaults otherwise. */
  faults?: FaultHook;
  /** Overrides the placement's staleness and idempotency wait (tests). */
  placementTimings?: Partial<PlacementTimings>;
}

/** The Mongo store's outbox also offers purgeSent (maintenance). */
export interface MongoStore extends Store {
  readonly outbox: MongoOutbox;
  readonly sentMail: MongoSentMailLog;
}

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
 * The orders' store deadline: above the product lock's wait (20 s, DocumentLocks), so that a
 * placement queued on a hot product gets its answer; no answer within it is a store not answering.
 */
const ORDERS_DEADLINE_MS = 25_000;

/**
 * The nosql store: MongoDB (or a wire-compatible server such as FerretDB)
 * through the native driver. Uses no transactions and no collation: the
 * promises of the contract rest on unique keys alone (email, token hash, sku,
 * the order's idempotency field, the revocation's _id, and the per-document
 * locks' _id), which every MongoDB-protocol server enforces, and on
 * single-document writes being whole after a crash. Events are embedded in
 * the documents they describe, in the write that changes them (mongo-outbox.ts). Placements and
 * cancellations are several such writes; what a crash leaves between them is
 * finished by orders.settleUnfinished (mongo-order-settlement.ts).
 * A server can go away: every call has the store deadline, and a lost or
 * refused connection is the core's ServiceUnavailableError, at open too.
 */
export async function openMongoStore(url: string, options: MongoStoreOptions = {}): Promise<MongoStore> {
  const name = databaseName(url);
  const client = new MongoClient(url, TIMEOUTS);
  try {
    await client.connect();
    const db = client.db(name);
    await ensureIndexes(db);
    const faults = options.faults ?? noFaults;
    const locks = new DocumentLocks(db.collection<LockDocument>(COLLECTIONS.documentLocks));
    const products = db.collection<ProductDocument>(COLLECTIONS.products);
    const orders = db.collection<OrderDocument>(COLLECTIONS.orders);
    const stock = new MongoStock(products, locks);
    const settlement = new MongoOrderSettlement(orders, products, stock, locks, faults);
    const placement = new MongoPlacement(orders, stock, settlement, faults, { ...DEFAULT_PLACEMENT_TIMINGS, ...options.placementTimings });
    const store: MongoStore = {
      users: new MongoUserRepository(db.collection<UserDocument>(COLLECTIONS.users), locks),
      refreshTokens: new MongoRefreshTokenRepository(
        db.collection<RefreshTokenDocument>(COLLECTIONS.refreshTokens),
        db.collection<RevocationDocument>(COLLECTIONS.refreshTokenRevocations),
      ),
      products: new MongoProductRepository(products, locks),
      orders: new MongoOrderRepository(orders, placement, settlement, faults),
      salesExports: new MongoSalesExportRepository(
        db.collection<SalesExportDocument>(COLLECTIONS.salesExports),
        db.collection<SalesExportChunkDocument>(COLLECTIONS.salesExportChunks),
        locks,
      ),
      outbox: new MongoOutbox(db, locks),
      sentMail: new MongoSentMailLog(db.collection<SentMailDocument>(COLLECTIONS.sentMail)),
      ping: async () => {
        await db.command({ ping: 1 });
      },
      close: () => client.close(),
    };
    return guardStore(store, {
      isConnectionFailure: isMongoConnectionFailure,
      deadlineMs: options.deadlineMs,
      // Longer for orders: racing placements of one product take turns on its lock (measured on
      // FerretDB 1.24: 50 placements of one product take 1 to 5 s on a loaded 2-CPU machine).
      ordersDeadlineMs: options.deadlineMs ?? ORDERS_DEADLINE_MS,
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
