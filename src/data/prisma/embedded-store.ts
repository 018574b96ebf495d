import { PGlite } from '@electric-sql/pglite';
import { resolve } from 'node:path';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { lockDataDir } from './data-dir-lock.js';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, type MigrateOptions } from './migrate.js';
import { createPrismaStore, type PrismaStore } from './prisma-store.js';
import { pgliteSession } from './sql-sessions.js';

/**
 * PostgreSQL in-process (PGlite), files under dataDir: the zero-setup default. Migrations run on
 * open because no operator step exists here. The directory is locked for this process until
 * close(); a second opener, here or in another process, gets a DataDirInUseError.
 * The first open of an empty directory runs initdb, which takes seconds; later opens are fast.
 */
export async function openEmbeddedStore(dataDir: string, options: MigrateOptions = {}): Promise<PrismaStore> {
  const dir = resolve(dataDir);
  const lock = lockDataDir(dir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dir);
    await applyMigrations(pgliteSession(db), options);
    const pglite = db;
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return createPrismaStore(prisma, async () => {
      try {
        await pglite.close();
      } finally {
        lock.release();
      }
    });
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}
