/**
 * A signal that arrives while the server is still starting (the embedded
 * database's first initdb takes seconds) must still close the store and exit 0,
 * not kill the process with the data directory locked.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/data/prisma/data-dir-lock.js';
import { pollUntil } from '../support/server-process.js';

const root = mkdtempSync(join(tmpdir(), 'app-startup-signal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('closes the embedded store and exits 0 on SIGTERM before it serves', async () => {
  const dataDir = join(root, 'data');
  const child = spawn(process.execPath, ['--import', './scripts/register.mjs', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DB_TYPE: 'sql', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  try {
    // The lock is taken before initdb starts: the store is opening, nothing is served yet.
    await pollUntil('the data directory lock', () => existsSync(join(dataDir, LOCK_FILE_NAME)), { timeoutMs: 30_000 });
    expect(output).not.toContain('serving');
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    expect(output).not.toContain('serving');
  } finally {
    child.kill('SIGKILL');
  }
});
