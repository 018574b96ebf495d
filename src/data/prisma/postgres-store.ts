import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { FaultHook } from '../shared/fault-hook.js';
import { guardStore, STORE_DEADLINE_MS } from '../shared/guarded-store.js';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, type MigrateOptions } from './migrate.js';
import { isPostgresConnectionFailure, poolConfig } from './pg-connection-failures.js';
import { PgReadsUserRepository } from './pg-user-reads.js';
import type { TransactionLimits } from './prisma-order-repository.js';
import { createPrismaStore, type PrismaStore } from './prisma-store.js';
import { pgClientSession } from './sql-sessions.js';
import { statementNames } from './statement-names.js';

export interface PostgresStoreOptions {
  /** Overrides STORE_DEADLINE_MS (tests). */
  deadlineMs?: number;
  /** Crash-test seam inside the placement transaction (fault-hook.ts); none by default. */
  faults?: FaultHook;
}

/**
 * The placement and cancellation transactions fit in the store deadline: waiting for a pool
 * connection (maxWait) plus the transaction itself (timeout) end before the guard gives up, so a
 * transaction Prisma abandons is rolled back rather than left to commit after a 503.
 */
export const serverTransactionLimits = (deadlineMs: number): TransactionLimits => ({
  maxWait: Math.floor(deadlineMs * 0.4),
  timeout: Math.floor(deadlineMs * 0.5),
});

/**
 * A PostgreSQL server through @prisma/adapter-pg's pool. Connects lazily and does not migrate:
 * on a shared server that is a deliberate deploy step (`npm run db:migrate`, or migratePostgres).
 * A server can go away: every call has the store deadline, and a lost or refused connection is
 * the core's ServiceUnavailableError (guarded-store.ts, pg-connection-failures.ts).
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PrismaStore> {
  // One pool for Prisma and the prepared hot reads (pg-user-reads.ts). Prisma's statements are
  // named too, so each connection parses and plans a query shape once (statement-names.ts).
  const pool = new pg.Pool(poolConfig(url));
  // An idle connection that dies is only dropped (the next call reports the outage); without a
  // listener, before Prisma adds its own on first use, the pool's 'error' would crash the process.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: statementNames() }) });
  // The pool is ours (Prisma may never have connected): closing ends it after $disconnect.
  const store = createPrismaStore(prisma, () => pool.end(), {
    users: new PgReadsUserRepository(prisma, pool),
    transactions: serverTransactionLimits(options.deadlineMs ?? STORE_DEADLINE_MS),
    faults: options.faults,
  });
  return guardStore(store, {
    isConnectionFailure: isPostgresConnectionFailure,
    deadlineMs: options.deadlineMs,
  });
}

/** Applies pending migrations over one dedicated connection (the advisory lock lives on it); returns their names. */
export async function migratePostgres(url: string, options: MigrateOptions = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection also rejects the pending query, which is what we report; without a
  // listener the 'error' event would crash the process instead.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await applyMigrations(pgClientSession(client), options);
  } finally {
    await client.end();
  }
}
