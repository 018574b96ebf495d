import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One folder of prisma/migrations, read the way `prisma migrate deploy` reads it. */
export interface MigrationFile {
  /** The folder name, e.g. 20261122022800_init: what _prisma_migrations.migration_name holds. */
  readonly name: string;
  readonly script: string;
  /** sha256 hex of migration.sql, as Prisma stores it in _prisma_migrations.checksum. */
  readonly checksum: string;
}

export const migrationChecksum = (script: string): string => createHash('sha256').update(script, 'utf8').digest('hex');

/**
 * Prisma accepts a recorded checksum when the file matches it with its line endings as they are,
 * or converted CRLF→LF or LF→CRLF (git may rewrite them on checkout). We accept the same, so that
 * this runner and `prisma migrate` agree about which files were edited.
 */
export const scriptMatchesChecksum = (script: string, checksum: string): boolean =>
  [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')].some(
    (variant) => migrationChecksum(variant) === checksum,
  );

/**
 * prisma/migrations, found by walking up from this module rather than from the cwd: the CLI, the
 * server and the tests start in different directories, and this file may run from src/ or dist/.
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(join(candidate, 'migration_lock.toml'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No prisma/migrations/migration_lock.toml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Every migration folder, oldest first (Prisma orders them by folder name, i.e. by timestamp). */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  assertPostgresLock(migrationsDir);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      if (!existsSync(path)) throw new Error(`Migration folder ${name} has no migration.sql (${path})`);
      const script = readFileSync(path, 'utf8');
      return { name, script, checksum: migrationChecksum(script) };
    });
}

/** Like Prisma, refuse to run migrations that were written for another database provider. */
function assertPostgresLock(migrationsDir: string): void {
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lockPath)) return;
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(readFileSync(lockPath, 'utf8'))?.[1];
  if (provider !== undefined && provider !== 'postgresql') {
    throw new Error(`${lockPath} says provider = "${provider}"; these migrations are not for PostgreSQL`);
  }
}
