import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { openEmbeddedStore } from '../../src/data/prisma/embedded-store.js';
import { defaultMigrationsDir, readMigrationFiles } from '../../src/data/prisma/migration-files.js';
import { migratePostgres, openPostgresStore } from '../../src/data/prisma/postgres-store.js';
import type { PrismaStore } from '../../src/data/prisma/prisma-store.js';
import type { FaultHook } from '../../src/data/shared/fault-hook.js';
import type { StoreFixture, StoreKind } from './store-fixture.js';

/** A SQL fixture also hands tests the Prisma client, to look at rows as stored. */
export interface SqlFixture extends StoreFixture {
  readonly store: PrismaStore;
}

/** The SQL view of a fixture that describeEachStore hands out as a plain StoreFixture. */
export function asSqlFixture(fixture: StoreFixture): SqlFixture {
  if (!('prisma' in fixture.store)) throw new Error('not a SQL fixture');
  return fixture as SqlFixture;
}

// DELETE, not TRUNCATE: on a nearly empty table it is several times faster (PGlite: ~30 ms against ~200 ms).
// Children before parents (the foreign keys); orders have none to users.
const TABLES = ['sales_export_chunks', 'sales_exports', 'order_lines', 'orders', 'products', 'refresh_tokens', 'users', 'outbox_events', 'sent_mail'];
const truncateAll = async (store: PrismaStore) => {
  for (const table of TABLES) await store.prisma.$executeRawUnsafe(`DELETE FROM ${table}`);
};

// ---------------------------------------------------------------------------------------------
// Embedded PostgreSQL (PGlite)

/**
 * Creating a PGlite data directory runs initdb (about 8 s on a small machine); opening an existing
 * one takes well under a second. So the fixture copies a migrated template, built once per machine
 * for this set of migrations and this PGlite version, into a fresh temp dir per open(). The store
 * is still opened (and migrated, a no-op) by openEmbeddedStore; the from-scratch path is covered
 * by tests/data/prisma/embedded-store.test.ts, which never uses the template.
 */
let template: Promise<string> | undefined;

function embeddedTemplate(): Promise<string> {
  template ??= (async () => {
    const require = createRequire(import.meta.url);
    const pgliteDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
    const pgliteVersion = (JSON.parse(readFileSync(join(pgliteDir, 'package.json'), 'utf8')) as { version: string }).version;
    const checksums = readMigrationFiles(defaultMigrationsDir()).map((m) => m.checksum);
    const key = createHash('sha256').update([pgliteVersion, ...checksums].join('\n')).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), `app-pglite-template-${key}`);
    if (existsSync(join(dir, 'PG_VERSION'))) return dir;

    const build = mkdtempSync(join(tmpdir(), 'app-pglite-build-'));
    try {
      const store = await openEmbeddedStore(join(build, 'data'));
      await store.close();
      // Rename is atomic: a parallel test worker either sees no template or a complete one.
      try {
        renameSync(join(build, 'data'), dir);
      } catch (error) {
        if (!existsSync(join(dir, 'PG_VERSION'))) throw error; // otherwise another worker won the race
      }
    } finally {
      rmSync(build, { recursive: true, force: true });
    }
    return dir;
  })();
  return template;
}

/** What a test may hand to the store a fixture opens. */
export interface SqlFixtureOptions {
  /** The crash-test seam inside the placement and cancellation transactions (fault-hook.ts). */
  faults?: FaultHook;
}

export async function openPgliteFixture(options: SqlFixtureOptions = {}): Promise<SqlFixture & { readonly dataDir: string }> {
  const root = mkdtempSync(join(tmpdir(), 'app-pglite-'));
  const dataDir = join(root, 'data');
  try {
    cpSync(await embeddedTemplate(), dataDir, { recursive: true });
    const store = await openEmbeddedStore(dataDir, { faults: options.faults });
    return {
      dataDir,
      store,
      reset: async () => void (await truncateAll(store)),
      async dispose() {
        try {
          await store.close();
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

export const pgliteStore: StoreKind = {
  name: 'pglite',
  unavailable: async () => null, // in-process: nothing to start
  open: () => openPgliteFixture(),
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL server

/** A role allowed to create databases, on the server under test; each fixture gets its own database. */
export const postgresAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The admin URL with its database (the URL path) replaced. */
export function postgresUrlFor(database: string): string {
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The URL with any password hidden, for messages. */
const shown = (raw: string): string => {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
};

/** Runs statements as the admin role on a short-lived connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function asPostgresAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined); // surfaces through the pending query instead
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE app_test_<random>; returns its name and URL. Nothing migrated yet. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `app_test_${randomBytes(6).toString('hex')}`;
  await asPostgresAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return { name, url: postgresUrlFor(name) };
}

/** FORCE ends connections a failed test may have left open (PostgreSQL 13+). */
export const dropTestDatabase = (name: string) =>
  asPostgresAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

export async function openPostgresFixture(options: SqlFixtureOptions = {}): Promise<SqlFixture & { readonly url: string }> {
  const { name, url } = await createTestDatabase();
  try {
    await migratePostgres(url);
    const store = await openPostgresStore(url, { faults: options.faults });
    return {
      url,
      store,
      reset: async () => void (await truncateAll(store)),
      async dispose() {
        try {
          await store.close();
        } finally {
          await dropTestDatabase(name);
        }
      },
    };
  } catch (error) {
    await dropTestDatabase(name);
    throw error;
  }
}

export const postgresStore: StoreKind = {
  name: 'postgres',
  async unavailable() {
    try {
      await asPostgresAdmin((client) => client.query('SELECT 1'));
      return null;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return `PostgreSQL not reachable at ${shown(postgresAdminUrl)} (${why}); start it or set TEST_DATABASE_URL`;
    }
  },
  open: () => openPostgresFixture(),
};

/** Both SQL stores, for suites about what only SQL stores do. */
export const sqlStoreKinds: StoreKind[] = [pgliteStore, postgresStore];
