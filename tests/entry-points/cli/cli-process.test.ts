/**
 * The CLI as an operator runs it: a real Node process on the embedded
 * PostgreSQL store (DB_TYPE=sql, DATA_DIR), each command opening and closing
 * the database on its own.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../../src/data/prisma/data-dir-lock.js';
import { type ProcessRun, runTsProcess } from '../../support/node-process.js';
import { unusedPort } from '../../support/ports.js';
import { openPgliteFixture } from '../../support/sql-stores.js';

const PASSWORD = 'correct horse battery staple';
/** Each process opens PGlite (a few seconds) and hashes with production scrypt. */
const PROCESS_TEST_TIMEOUT = 90_000;

/** Runs the CLI (what `npm run cli` runs, without npm in between) with only the environment given. */
const runCliProcess = (args: string[], env: Record<string, string>) => runTsProcess('src/config/cli.ts', args, env);

describe('CLI process on the embedded store (DB_TYPE=sql)', () => {
  let fixture: Awaited<ReturnType<typeof openPgliteFixture>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    // A migrated copy of the test template, so no process pays for initdb; closed at once so the CLI can take it.
    fixture = await openPgliteFixture();
    await fixture.store.close();
    env = { DB_TYPE: 'sql', DATA_DIR: fixture.dataDir, LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await fixture?.dispose();
  });

  it('creates the first administrator, and a second process reads it back', { timeout: PROCESS_TEST_TIMEOUT }, async () => {
    const created = await runCliProcess(
      ['users', 'create', '--email', 'root@example.com', '--first-name', 'Grace', '--last-name', 'Hopper', '--password', PASSWORD, '--role', 'ADMIN'],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const { user } = JSON.parse(created.stdout);
    expect(user).toMatchObject({ email: 'root@example.com', role: 'ADMIN' });

    const read = await runCliProcess(['users', 'get', user.id], env);
    expect(read.stderr).toBe('');
    expect(read.status).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual({ user });
  });

});

describe('CLI process, failures', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-process-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a command failure as one JSON line on stderr with exit 1', async () => {
    const run = await runCliProcess(['users', 'get', '01890a5d-ac96-774b-bcce-b302099a8057'], { DB_TYPE: 'memory' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('{"error":{"code":"NOT_FOUND","message":"No user has this id"}}\n');
  });

  it('stops with one clear line and exit 1 when another process holds the embedded database', async () => {
    const dataDir = join(dir, 'held');
    const lock = lockDataDir(dataDir); // this test process is the live owner
    try {
      const run = await runCliProcess(['users', 'list'], { DB_TYPE: 'sql', DATA_DIR: dataDir });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.endsWith('\n')).toBe(true);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      const expected = `error: The embedded database in ${dataDir} is in use by pid ${process.pid}.`;
      expect(run.stderr.slice(0, expected.length)).toBe(expected);
    } finally {
      lock.release();
    }
  });

  it('stops with one line naming the variable when the environment is invalid', async () => {
    const run = await runCliProcess(['users', 'list'], { DB_TYPE: 'oracle' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: DB_TYPE accepts sql, nosql or memory (got "oracle")\n');
  });

  it('exits 2 with the help for a usage mistake, before touching any store', async () => {
    const dataDir = join(dir, 'never-created');
    const run = await runCliProcess(['users', 'create', '--email'], { DB_TYPE: 'sql', DATA_DIR: dataDir });
    expect(run.status).toBe(2);
    expect(existsSync(dataDir)).toBe(false);
    expect(run.stderr).toMatch(/^error: .*--email/);
    expect(run.stderr).toContain('Usage: npm run cli -- users <command>');
  });
});

describe('CLI process on a store that does not answer (CONTRACT.md, SERVICE_UNAVAILABLE)', () => {
  const expectUnavailable = (run: ProcessRun) => {
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const body = JSON.parse(run.stderr) as { error: { code: string; message: string; retryAfter: number } };
    expect(body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String), retryAfter: expect.any(Number) } });
    expect(body.error.retryAfter).toBeGreaterThanOrEqual(1);
    expect(body.error.retryAfter).toBeLessThanOrEqual(5);
    // The operator sees the contract's message, not the driver's (no host, port or driver name).
    expect(run.stderr).not.toMatch(/prisma|mongo|ECONN|127\.0\.0\.1/i);
  };

  it('exits 1 with SERVICE_UNAVAILABLE on a PostgreSQL server that refuses connections', { timeout: PROCESS_TEST_TIMEOUT }, async () => {
    const port = await unusedPort();
    expectUnavailable(await runCliProcess(['users', 'list'], { DB_TYPE: 'sql', DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/app` }));
  });

  it('exits 1 with SERVICE_UNAVAILABLE on a MongoDB server that refuses connections', { timeout: PROCESS_TEST_TIMEOUT }, async () => {
    const port = await unusedPort();
    expectUnavailable(await runCliProcess(['users', 'list'], { DB_TYPE: 'nosql', MONGODB_URL: `mongodb://127.0.0.1:${port}/app` }));
  });
});
