import { randomUUID } from 'node:crypto';
import { defaultMigrationsDir, readMigrationFiles, scriptMatchesChecksum, type MigrationFile } from './migration-files.js';

/**
 * One database connection (a session), as the migration runner needs it. Not a PrismaClient:
 * Prisma spreads queries over a pool, so a session-level advisory lock taken through it may be
 * held by one connection while the migration runs on another, and its prepared statements cannot
 * carry a multi-statement script. A pg.Client or a PGlite instance is one session (see sql-sessions.ts).
 */
export interface SqlSession {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Sends a whole script as one simple-protocol message, as Prisma does: PostgreSQL runs it as one implicit transaction. */
  runScript(script: string): Promise<void>;
}

export interface MigrateOptions {
  /** Defaults to the project's prisma/migrations. */
  migrationsDir?: string;
}

/** The key Prisma Migrate takes with pg_advisory_lock, so that this runner and `prisma migrate deploy` also exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The DDL Prisma's schema engine uses (sql-schema-connector, postgres flavour), so that the table
// this runner creates is the one `prisma migrate deploy` expects to find.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  logs: string | null;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the migrations not yet recorded in _prisma_migrations, in order, and returns their names.
 * Follows `prisma migrate deploy`: one advisory lock around the whole run (a second migrator waits,
 * then finds nothing to do), the table created only in an empty schema, a row written before each
 * script and completed after it, and a refusal to continue past a failed migration. Stricter than
 * deploy in one way: a recorded migration whose file has changed stops the run.
 */
export async function applyMigrations(session: SqlSession, options: MigrateOptions = {}): Promise<string[]> {
  const files = readMigrationFiles(options.migrationsDir ?? defaultMigrationsDir());
  await session.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})`);
  try {
    await ensureMigrationsTable(session);
    const recorded = await session.query<MigrationRow>(
      `SELECT id, checksum, migration_name, logs, started_at, finished_at, rolled_back_at
         FROM _prisma_migrations ORDER BY started_at`,
    );
    const live = recorded.filter((row) => row.rolled_back_at === null);
    assertNoFailedMigration(live);
    assertUnchanged(files, live);

    const appliedNames = new Set(live.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !appliedNames.has(f.name))) {
      await applyOne(session, file);
      applied.push(file.name);
    }
    return applied;
  } finally {
    // If this fails the session is broken, and PostgreSQL drops the lock with the connection;
    // the error worth reporting is the one that brought us here.
    await session.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK_KEY})`).catch(() => undefined);
  }
}

async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  const tables = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  if (tables.some((t) => t.name === '_prisma_migrations')) return;
  // Prisma's P3005: migrations written for an empty database would collide with what is there.
  if (tables.length > 0) {
    throw new Error(
      `The database schema is not empty (${tables.map((t) => t.name).join(', ')}) and has no _prisma_migrations table; ` +
        'baseline it (https://pris.ly/d/migrate-baseline) or migrate an empty database.',
    );
  }
  await session.query(CREATE_MIGRATIONS_TABLE);
}

async function applyOne(session: SqlSession, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await session.query(`INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)`, [
    id,
    file.checksum,
    file.name,
  ]);
  try {
    await session.runScript(file.script);
  } catch (error) {
    // Prisma keeps the row with finished_at NULL and the error in logs; later runs then refuse until
    // an operator resolves it. The script itself rolled back as a whole (one implicit transaction).
    const logs = error instanceof Error ? error.message : String(error);
    await session.query(`UPDATE _prisma_migrations SET logs = $2 WHERE id = $1`, [id, logs]);
    throw new Error(`Migration ${file.name} failed: ${logs}`, { cause: error });
  }
  // Prisma counts the step, then stamps finished_at; one statement leaves the same row.
  await session.query(
    `UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1, finished_at = now() WHERE id = $1`,
    [id],
  );
}

function assertNoFailedMigration(rows: MigrationRow[]): void {
  const failed = rows.filter((row) => row.finished_at === null);
  if (failed.length === 0) return;
  const details = failed
    .map((row) => `${row.migration_name} (started ${row.started_at.toISOString()})${row.logs ? `: ${row.logs.trim()}` : ''}`)
    .join('; ');
  throw new Error(
    `A migration failed earlier and was not resolved: ${details}. Repair the database, then run ` +
      '`prisma migrate resolve --rolled-back <name>` (or --applied) before migrating again.',
  );
}

function assertUnchanged(files: MigrationFile[], rows: MigrationRow[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of rows) {
    const file = byName.get(row.migration_name);
    // A recorded migration missing here was deployed by a newer release; deploy ignores those too.
    if (file && !scriptMatchesChecksum(file.script, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was edited after it was applied (checksum ${row.checksum} in _prisma_migrations, ` +
          `${file.checksum} on disk). Restore the original migration.sql and put the change in a new migration.`,
      );
    }
  }
}
