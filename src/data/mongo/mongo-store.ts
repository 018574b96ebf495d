import { MongoClient } from 'mongodb';
import type { Store } from '../../core/store.js';
import { databaseName } from './connection-string.js';
import { DocumentLocks } from './document-locks.js';
import { COLLECTIONS, type LockDocument, type RefreshTokenDocument, type RevocationDocument, type UserDocument } from './documents.js';
import { ensureIndexes } from './indexes.js';
import { MongoRefreshTokenRepository } from './mongo-refresh-token-repository.js';
import { MongoUserRepository } from './mongo-user-repository.js';

/**
 * Short enough that readiness reports a dead server within seconds instead of
 * hanging on the driver's 30 s default.
 */
const TIMEOUTS = { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000 } as const;

/**
 * The nosql store: MongoDB (or a wire-compatible server such as FerretDB)
 * through the native driver. Uses no transactions and no collation: the
 * promises of the contract rest on unique keys alone (email, token hash, the
 * revocation's _id, and the per-document locks' _id), which every
 * MongoDB-protocol server enforces.
 */
export async function openMongoStore(url: string): Promise<Store> {
  const name = databaseName(url);
  const client = new MongoClient(url, TIMEOUTS);
  try {
    await client.connect();
    const db = client.db(name);
    await ensureIndexes(db);
    return {
      users: new MongoUserRepository(
        db.collection<UserDocument>(COLLECTIONS.users),
        new DocumentLocks(db.collection<LockDocument>(COLLECTIONS.documentLocks)),
      ),
      refreshTokens: new MongoRefreshTokenRepository(
        db.collection<RefreshTokenDocument>(COLLECTIONS.refreshTokens),
        db.collection<RevocationDocument>(COLLECTIONS.refreshTokenRevocations),
      ),
      ping: async () => {
        await db.command({ ping: 1 });
      },
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
