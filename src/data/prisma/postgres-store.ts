import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, type MigrateOptions } from './migrate.js';
import { createPrismaStore, type PrismaStore } from './prisma-store.js';
import { pgClientSession } from './sql-sessions.js';

/**
 * A PostgreSQL server through @prisma/adapter-pg's pool. Connects lazily and does not migrate:
 * on a shared server that is a deliberate deploy step (`npm run db:migrate`, or migratePostgres).
 */
export async function openPostgresStore(url: string): Promise<PrismaStore> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  // $disconnect disposes the adapter, which ends the pool it created.
  return createPrismaStore(prisma, async () => undefined);
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
