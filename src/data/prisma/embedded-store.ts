import { PGlite } from '@electric-sql/pglite';
import { resolve } from 'node:path';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { FaultHook } from '../shared/fault-hook.js';
import { lockDataDir } from './data-dir-lock.js';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, type MigrateOptions } from './migrate.js';
import type { TransactionLimits } from './prisma-order-repository.js';
import { createPrismaStore, type PrismaStore } from './prisma-store.js';
import { pgliteSession } from './sql-sessions.js';

export interface EmbeddedStoreOptions extends MigrateOptions {
  /** Crash-test seam inside the placement transaction (fault-hook.ts); none by default. */
  faults?: FaultHook;
}

/**
 * PGlite is one session: its transactions run one at a time, each waiting for the one before
 * (pglite-prisma-adapter takes PGlite's transaction lock in startTransaction). A burst of
 * placements therefore queues in maxWait, which is long so that 50 racing clients wait their turn
 * instead of failing with P2028; a transaction itself takes milliseconds, and a stuck one is
 * rolled back after `timeout` so that it cannot hold the queue.
 */
export const EMBEDDED_TRANSACTION_LIMITS: TransactionLimits = { maxWait: 20_000, timeout: 5_000 };

/**
 * PostgreSQL in-process (PGlite), files under dataDir: the zero-setup default. Migrations run on
 * open because no operator step exists here. The directory is locked for this process until
 * close(); a second opener, here or in another process, gets a DataDirInUseError.
 * The first open of an empty directory runs initdb, which takes seconds; later opens are fast.
 */
export async function openEmbeddedStore(dataDir: string, options: EmbeddedStoreOptions = {}): Promise<PrismaStore> {
  const dir = resolve(dataDir);
  const lock = lockDataDir(dir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dir);
    await applyMigrations(pgliteSession(db), options);
    const pglite = db;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return createPrismaStore(
      prisma,
      async () => {
        try {
          await pglite.close();
        } finally {
          lock.release();
        }
      },
      { transactions: EMBEDDED_TRANSACTION_LIMITS, faults: options.faults },
    );
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}
