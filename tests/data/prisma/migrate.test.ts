/**
 * The migration runner against a PostgreSQL server: it must leave _prisma_migrations exactly as
 * `prisma migrate deploy` would, so that either tool can take over from the other.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../../src/data/prisma/migration-files.js';
import { migratePostgres } from '../../../src/data/prisma/postgres-store.js';
import { createTestDatabase, dropTestDatabase } from '../../support/sql-stores.js';
import { describeWithPostgres } from './with-postgres.js';

const INIT = '20261122022800_init';
const TOKEN_VERSION = '20261201173500_token_version';
const CATALOG_ORDERS = '20261201200000_catalog_orders';
const OUTBOX = '20261202000000_outbox';
/** Every folder of prisma/migrations, oldest first: a new migration is added here. */
const SALES_EXPORTS = '20261202010000_sales_exports';
const MIGRATIONS = [INIT, TOKEN_VERSION, CATALOG_ORDERS, OUTBOX, SALES_EXPORTS];
const initSqlPath = join(defaultMigrationsDir(), INIT, 'migration.sql');
// Computed here from the files' bytes, independently of the code under test.
const checksumOf = (name: string) => createHash('sha256').update(readFileSync(join(defaultMigrationsDir(), name, 'migration.sql'))).digest('hex');

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase(): Promise<string> {
  const { name, url } = await createTestDatabase();
  cleanups.push(() => dropTestDatabase(name));
  return url;
}

async function query<Row extends object>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** A private copy of prisma/migrations that a test may edit or extend. */
function copyOfMigrations(): string {
  const root = mkdtempSync(join(tmpdir(), 'app-migrations-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'migrations');
  cpSync(defaultMigrationsDir(), dir, { recursive: true });
  return dir;
}

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}
const migrationRows = (url: string) => query<MigrationRow>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name');

describeWithPostgres('migrations', () => {
  it('applies every migration to an empty database, in order, and records each as Prisma does', async () => {
    const url = await freshDatabase();
    expect(await migratePostgres(url)).toEqual(MIGRATIONS);

    const rows = await migrationRows(url);
    expect(rows.map((row) => row.migration_name)).toEqual(MIGRATIONS);
    for (const row of rows) {
      expect(row).toMatchObject({ checksum: checksumOf(row.migration_name), logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it('gives the users and refresh tokens of a database migrated before token versions version 0', async () => {
    const url = await freshDatabase();
    const migrationsDir = copyOfMigrations();
    // Every migration from the token versions on is set aside, then put back.
    const laterOnes = MIGRATIONS.slice(MIGRATIONS.indexOf(TOKEN_VERSION));
    const later = join(migrationsDir, '..', 'later');
    for (const name of laterOnes) {
      cpSync(join(migrationsDir, name), join(later, name), { recursive: true });
      rmSync(join(migrationsDir, name), { recursive: true });
    }
    expect(await migratePostgres(url, { migrationsDir })).toEqual([INIT]);
    await query(
      url,
      `INSERT INTO users (id, email, first_name, last_name, password_hash, created_at, updated_at)
         VALUES ('u1', 'old@example.com', 'Old', 'User', 'h', now(), now());
       INSERT INTO refresh_tokens (id, token_hash, user_id, family_id, expires_at, created_at)
         VALUES ('t1', 'th', 'u1', 'f1', now(), now())`,
    );

    cpSync(later, migrationsDir, { recursive: true });
    expect(await migratePostgres(url, { migrationsDir })).toEqual(laterOnes);
    expect(await query(url, 'SELECT token_version FROM users')).toEqual([{ token_version: 0 }]);
    expect(await query(url, 'SELECT token_version FROM refresh_tokens')).toEqual([{ token_version: 0 }]);
  });

  it('creates _prisma_migrations with the columns Prisma creates', async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
    ]);
    const primaryKey = await query(url, `SELECT conname FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'`);
    expect(primaryKey).toEqual([{ conname: '_prisma_migrations_pkey' }]);
  });

  it('creates the enum, indexes and foreign key under the names Prisma gives them', async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const indexes = await query(
      url,
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('users', 'refresh_tokens') ORDER BY indexname`,
    );
    expect(indexes.map((i) => (i as { indexdef: string }).indexdef)).toEqual([
      'CREATE INDEX refresh_tokens_family_id_idx ON public.refresh_tokens USING btree (family_id)',
      'CREATE UNIQUE INDEX refresh_tokens_pkey ON public.refresh_tokens USING btree (id)',
      'CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON public.refresh_tokens USING btree (token_hash)',
      'CREATE INDEX refresh_tokens_user_id_idx ON public.refresh_tokens USING btree (user_id)',
      'CREATE INDEX users_created_at_id_idx ON public.users USING btree (created_at, id)',
      'CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)',
      'CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)',
    ]);
    const foreignKeys = await query(
      url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE contype = 'f' AND conrelid IN ('users'::regclass, 'refresh_tokens'::regclass) ORDER BY conname`,
    );
    expect(foreignKeys).toEqual([
      {
        conname: 'refresh_tokens_user_id_fkey',
        def: 'FOREIGN KEY (user_id) REFERENCES users(id) ON UPDATE CASCADE ON DELETE CASCADE',
      },
    ]);
    const roles = await query(url, `SELECT unnest(enum_range(NULL::"Role"))::text AS label`);
    expect(roles).toEqual([{ label: 'USER' }, { label: 'ADMIN' }]);
  });

  it('creates the catalog and orders tables with the indexes, keys and checks schema.prisma and the adapters rely on', async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const indexes = await query<{ indexdef: string }>(
      url,
      `SELECT indexdef FROM pg_indexes WHERE tablename IN ('products', 'orders', 'order_lines') ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexdef)).toEqual([
      'CREATE UNIQUE INDEX order_lines_order_id_product_id_key ON public.order_lines USING btree (order_id, product_id)',
      'CREATE UNIQUE INDEX order_lines_pkey ON public.order_lines USING btree (order_id, "position")',
      'CREATE INDEX order_lines_product_id_idx ON public.order_lines USING btree (product_id)',
      'CREATE INDEX orders_created_at_id_idx ON public.orders USING btree (created_at DESC, id DESC)',
      'CREATE INDEX orders_customer_id_created_at_id_idx ON public.orders USING btree (customer_id, created_at, id)',
      'CREATE UNIQUE INDEX orders_customer_id_idempotency_key_key ON public.orders USING btree (customer_id, idempotency_key)',
      'CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)',
      'CREATE INDEX orders_status_created_at_id_idx ON public.orders USING btree (status, created_at, id)',
      'CREATE INDEX products_created_at_id_idx ON public.products USING btree (created_at, id)',
      'CREATE UNIQUE INDEX products_pkey ON public.products USING btree (id)',
      'CREATE UNIQUE INDEX products_sku_key ON public.products USING btree (sku)',
    ]);
    const constraints = await query(
      url,
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE contype IN ('f', 'c') AND conrelid IN ('products'::regclass, 'orders'::regclass, 'order_lines'::regclass)
        ORDER BY conname`,
    );
    // No foreign key from orders.customer_id to users: a deleted user's orders are kept.
    expect(constraints).toEqual([
      { conname: 'order_lines_order_id_fkey', def: 'FOREIGN KEY (order_id) REFERENCES orders(id) ON UPDATE CASCADE ON DELETE CASCADE' },
      { conname: 'order_lines_product_id_fkey', def: 'FOREIGN KEY (product_id) REFERENCES products(id) ON UPDATE CASCADE ON DELETE RESTRICT' },
      { conname: 'order_lines_quantity_check', def: 'CHECK (((quantity >= 1) AND (quantity <= 100)))' },
      { conname: 'order_lines_total_cents_check', def: 'CHECK ((total_cents = (quantity * unit_price_cents)))' },
      { conname: 'order_lines_unit_price_cents_check', def: 'CHECK (((unit_price_cents >= 0) AND (unit_price_cents <= 1000000)))' },
      { conname: 'products_price_cents_check', def: 'CHECK (((price_cents >= 0) AND (price_cents <= 1000000)))' },
      { conname: 'products_stock_check', def: 'CHECK (((stock >= 0) AND (stock <= 1000000)))' },
    ]);
    const statuses = await query(url, `SELECT unnest(enum_range(NULL::"OrderStatus"))::text AS label`);
    expect(statuses.map((s) => (s as { label: string }).label)).toEqual(['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED']);
  });

  it('creates the outbox and sent-mail tables, with the backlog index the claim reads and no foreign key to the changes', async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const indexes = await query<{ indexdef: string }>(
      url,
      `SELECT indexdef FROM pg_indexes WHERE tablename IN ('outbox_events', 'sent_mail') ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexdef)).toEqual([
      'CREATE UNIQUE INDEX outbox_events_pkey ON public.outbox_events USING btree (id)',
      'CREATE INDEX outbox_events_unsent_idx ON public.outbox_events USING btree (occurred_at, id) WHERE (sent_at IS NULL)',
      'CREATE UNIQUE INDEX sent_mail_pkey ON public.sent_mail USING btree (event_id)',
    ]);
    const columns = await query(
      url,
      `SELECT table_name, column_name, data_type, datetime_precision AS precision, is_nullable FROM information_schema.columns
        WHERE table_name IN ('outbox_events', 'sent_mail') ORDER BY table_name, ordinal_position`,
    );
    const column = (table: string, name: string, type: string, precision: number | null, nullable: boolean) => ({
      table_name: table,
      column_name: name,
      data_type: type,
      precision,
      is_nullable: nullable ? 'YES' : 'NO',
    });
    expect(columns).toEqual([
      column('outbox_events', 'id', 'text', null, false),
      column('outbox_events', 'type', 'text', null, false),
      column('outbox_events', 'occurred_at', 'timestamp with time zone', 3, false),
      column('outbox_events', 'payload', 'jsonb', null, false),
      column('outbox_events', 'leased_until', 'timestamp with time zone', 3, true),
      column('outbox_events', 'sent_at', 'timestamp with time zone', 3, true),
      column('sent_mail', 'event_id', 'text', null, false),
      column('sent_mail', 'message_id', 'text', null, false),
      column('sent_mail', 'sent_at', 'timestamp with time zone', 3, false),
    ]);
    const foreignKeys = await query(
      url,
      `SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('outbox_events'::regclass, 'sent_mail'::regclass)`,
    );
    expect(foreignKeys).toEqual([]);
  });

  it('applies nothing on a second run and leaves the record as it was', async () => {
    const url = await freshDatabase();
    await migratePostgres(url);
    const before = await migrationRows(url);
    expect(await migratePostgres(url)).toEqual([]);
    expect(await migrationRows(url)).toEqual(before);
  });

  it('applies the migration once when several migrators race on one fresh database', async () => {
    const url = await freshDatabase();
    // Without the advisory lock these collide on CREATE TABLE _prisma_migrations or CREATE TYPE "Role".
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => migratePostgres(url)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []))).toEqual(MIGRATIONS);
    expect(await migrationRows(url)).toHaveLength(MIGRATIONS.length);
  });

  it('refuses to run when an applied migration file has been edited', async () => {
    const url = await freshDatabase();
    const migrationsDir = copyOfMigrations();
    await migratePostgres(url, { migrationsDir });
    writeFileSync(join(migrationsDir, INIT, 'migration.sql'), `${readFileSync(initSqlPath, 'utf8')}\n-- edited\n`);
    await expect(migratePostgres(url, { migrationsDir })).rejects.toThrow(`Migration ${INIT} was edited after it was applied`);
  });

  it('accepts an applied migration whose line endings git converted to CRLF', async () => {
    const url = await freshDatabase();
    const migrationsDir = copyOfMigrations();
    await migratePostgres(url, { migrationsDir });
    writeFileSync(join(migrationsDir, INIT, 'migration.sql'), readFileSync(initSqlPath, 'utf8').replaceAll('\n', '\r\n'));
    expect(await migratePostgres(url, { migrationsDir })).toEqual([]);
  });

  it('records a failing migration with its error, rolls its script back, and refuses to go on', async () => {
    const url = await freshDatabase();
    const migrationsDir = copyOfMigrations();
    mkdirSync(join(migrationsDir, '20990101000000_broken'));
    writeFileSync(join(migrationsDir, '20990101000000_broken', 'migration.sql'), 'CREATE TABLE "broken" ("x" INTEGER);\nSELECT 1/0;\n');

    await expect(migratePostgres(url, { migrationsDir })).rejects.toThrow('Migration 20990101000000_broken failed: division by zero');
    const rows = await migrationRows(url);
    const broken = rows.pop();
    expect(rows.map((row) => [row.migration_name, row.applied_steps_count])).toEqual(MIGRATIONS.map((name) => [name, 1]));
    expect(broken).toMatchObject({ migration_name: '20990101000000_broken', finished_at: null, applied_steps_count: 0 });
    expect(broken!.logs).toContain('division by zero');
    expect(await query(url, `SELECT to_regclass('broken') AS t`)).toEqual([{ t: null }]);

    await expect(migratePostgres(url, { migrationsDir })).rejects.toThrow(/20990101000000_broken .*failed earlier|failed earlier.*20990101000000_broken/);
  });

  it('refuses a database that has tables but no migration history', async () => {
    const url = await freshDatabase();
    await query(url, 'CREATE TABLE legacy (id INTEGER)');
    await expect(migratePostgres(url)).rejects.toThrow(/not empty \(legacy\)/);
    expect(await query(url, `SELECT to_regclass('users') AS t`)).toEqual([{ t: null }]);
  });
});
