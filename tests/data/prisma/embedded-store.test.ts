/**
 * The embedded store (PGlite on disk): migrated on open, durable, and owned by one process at a
 * time. Every test works on its own copy of one directory created from scratch in beforeAll
 * (so the from-empty path runs here on every run, without the fixture's template).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../../src/data/prisma/data-dir-lock.js';
import { openEmbeddedStore } from '../../../src/data/prisma/embedded-store.js';
import { defaultMigrationsDir } from '../../../src/data/prisma/migration-files.js';
import type { PrismaStore } from '../../../src/data/prisma/prisma-store.js';

/** Every folder of prisma/migrations, oldest first: a new migration is added here. */
const MIGRATIONS = ['20261122022800_init', '20261201173500_token_version', '20261201200000_catalog_orders', '20261202000000_outbox', '20261202010000_sales_exports'];

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = resolve(here, '../../..');
const childScript = join(here, 'fixtures', 'embedded-store-child.ts');

const root = mkdtempSync(join(tmpdir(), 'app-embedded-test-'));
const baseDir = join(root, 'base');
let copies = 0;
const openStores: PrismaStore[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  const started = performance.now();
  const store = await openEmbeddedStore(baseDir);
  const created = performance.now();
  await store.close();
  const reopenStarted = performance.now();
  await (await openEmbeddedStore(baseDir)).close();
  console.info(
    `PGlite: create+migrate ${Math.round(created - started)} ms, reopen+close ${Math.round(performance.now() - reopenStarted)} ms`,
  );
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const store of openStores.splice(0)) await store.close();
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A private copy of the migrated base directory. */
function freshCopy(): string {
  const dir = join(root, `copy-${++copies}`);
  cpSync(baseDir, dir, { recursive: true });
  return dir;
}

async function open(dataDir: string): Promise<PrismaStore> {
  const store = await openEmbeddedStore(dataDir);
  openStores.push(store);
  return store;
}

function spawnChild(mode: 'open' | 'hold' | 'exit', dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', '@oxc-node/core/register', childScript, mode, dataDir], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

/** Resolves with the exit code and output once the child has exited. */
function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Resolves when the child prints "ready"; rejects if it exits first. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before ready: ${stderr}`)));
  });
}

describe('embedded store', () => {
  it('migrates an empty directory on open and records each migration in _prisma_migrations', async () => {
    const store = await open(freshCopy());
    const rows = await store.prisma.$queryRaw<Array<Record<string, unknown>>>`
      SELECT migration_name, checksum, applied_steps_count, logs, rolled_back_at, finished_at IS NOT NULL AS finished
        FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows).toEqual(
      MIGRATIONS.map((name) => ({
        migration_name: name,
        checksum: createHash('sha256').update(readFileSync(join(defaultMigrationsDir(), name, 'migration.sql'))).digest('hex'),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
        finished: true,
      })),
    );
  });

  it('keeps its data across close and reopen', async () => {
    const dir = freshCopy();
    const first = await openEmbeddedStore(dir);
    const now = new Date('2026-05-06T07:08:09.010Z');
    const user = { id: 'u1', email: 'kept@example.com', firstName: 'K', lastName: 'D', passwordHash: 'h', role: 'USER' as const, createdAt: now, updatedAt: now, tokenVersion: 0 };
    await first.users.insert(user);
    await first.close();

    const second = await open(dir);
    expect(await second.users.findById('u1')).toEqual(user);
  });

  it('refuses a second open in the same process, naming this pid, and leaves the first one working', async () => {
    const dir = freshCopy();
    const first = await open(dir);
    const refusal = openEmbeddedStore(dir);
    await expect(refusal).rejects.toThrow(`is in use by pid ${process.pid}`);
    await expect(refusal).rejects.toThrow(/Stop that process first.*DATA_DIR.*DATABASE_URL/);
    await first.ping();
  });

  it('refuses an open from another process, naming the pid that holds the directory', async () => {
    const dir = freshCopy();
    await open(dir);
    const { code, stderr } = await finished(spawnChild('open', dir));
    expect(code).toBe(1);
    expect(stderr).toContain(`The embedded database in ${dir} is in use by pid ${process.pid}.`);
    expect(stderr).toContain('set DATA_DIR to a different directory, or DATABASE_URL to a PostgreSQL server');
  });

  it('lets another process open the directory once this one has closed it', async () => {
    const dir = freshCopy();
    await (await openEmbeddedStore(dir)).close();
    const { code, stderr } = await finished(spawnChild('open', dir));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('releases the directory when its process exits without closing the store', async () => {
    const dir = freshCopy();
    const child = spawnChild('exit', dir);
    const exited = finished(child);
    await ready(child);
    expect((await exited).code).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
    await open(dir);
  });

  it('takes over from a process that was killed, with the data it had committed', async () => {
    const dir = freshCopy();
    const child = spawnChild('hold', dir);
    await ready(child);
    await expect(openEmbeddedStore(dir)).rejects.toThrow(`is in use by pid ${child.pid}`);

    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL'); // no exit handler runs: the lock file stays, naming a dead pid
    await exited;
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);

    const store = await open(dir);
    expect(await store.users.findById('held-user')).toMatchObject({ email: 'held@example.com' });
  });
});
