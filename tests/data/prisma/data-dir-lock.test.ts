import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, lockDataDir } from '../../../src/data/prisma/data-dir-lock.js';

const root = mkdtempSync(join(tmpdir(), 'app-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('refuses a second lock on a directory this process already holds', () => {
  const dir = join(root, 'held');
  const held = lockDataDir(dir);
  try {
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
  } finally {
    held.release();
  }
});

it('treats a leftover lock file with this process\'s pid as stale, and holds the directory afterwards', () => {
  const dir = join(root, 'leftover');
  const first = lockDataDir(dir);
  first.release();
  writeFileSync(join(dir, LOCK_FILE_NAME), `${process.pid}\n`); // left by an earlier process with our pid
  const lock = lockDataDir(dir);
  try {
    expect(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
  } finally {
    lock.release();
  }
});
