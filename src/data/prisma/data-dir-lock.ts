import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * PGlite keeps no lock of its own: two processes (or two PGlite instances in one process) on one
 * data directory would both write to it and corrupt it. This lock file, holding the owner's pid,
 * makes the directory belong to one opener at a time.
 */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export const LOCK_FILE_NAME = 'store.lock';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly lockPath: string,
  ) {
    const who = pid === process.pid ? `pid ${pid} (this process, already open)` : `pid ${pid}`;
    super(
      `The embedded database in ${dataDir} is in use by ${who}. Stop that process first, or use another ` +
        `store: set DATA_DIR to a different directory, or DATABASE_URL to a PostgreSQL server. ` +
        `If no process ${pid} is running, delete ${lockPath}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * Lock files this process holds right now. A lock naming our own pid that is not in here was
 * left by an earlier process that had the same pid: in a container node is always pid 1, so
 * after a crash the restarted container would otherwise take its predecessor's lock for its own.
 */
const heldHere = new Set<string>();

/** Takes the directory for this process, or throws DataDirInUseError naming the live owner. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = resolve(dataDir, LOCK_FILE_NAME);
  // A few rounds cover losing a race against another process that is also clearing a stale lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath)) return holdUntilReleased(lockPath);
    const owner = readOwner(lockPath);
    if (owner === 'gone') continue;
    const live = owner !== 'unreadable' && (owner === process.pid ? heldHere.has(lockPath) : isAlive(owner));
    if (live) throw new DataDirInUseError(dataDir, owner, lockPath);
    clearStale(lockPath, owner);
  }
  throw new Error(`Could not lock ${lockPath}: other processes keep taking and clearing it`);
}

/**
 * Exclusive create with the content already in place: the pid goes into a private temp file that
 * is then hard-linked to the lock name, which fails if the name exists (like O_EXCL). A reader can
 * never see an empty lock file and mistake it for a stale one.
 */
function tryCreate(lockPath: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${process.pid}\n`);
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

function readOwner(lockPath: string): number | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return 'gone';
    throw error;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : 'unreadable';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // exists, but belongs to another user
  }
}

/**
 * Removes a lock whose owner is dead. Renaming first makes the removal atomic: when two processes
 * both find the same stale lock, only one rename succeeds. If what we renamed turns out to be a
 * fresh lock (someone replaced the stale one in between), we put it back.
 */
function clearStale(lockPath: string, staleOwner: number | 'unreadable'): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  if (moved !== staleOwner && typeof moved === 'number' && isAlive(moved)) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // A third opener already holds the name; the rightful owner's lock cannot be restored.
    }
  }
  unlinkSync(aside);
}

function holdUntilReleased(lockPath: string): DataDirLock {
  let held = true;
  heldHere.add(lockPath);
  const release = (): void => {
    if (!held) return;
    held = false;
    heldHere.delete(lockPath);
    process.off('exit', release);
    // Only remove the file if it is still ours.
    if (readOwner(lockPath) === process.pid) unlinkSync(lockPath);
  };
  // 'exit' covers a process that ends without closing the store; a hard kill leaves a stale lock,
  // which the next opener detects through the dead pid.
  process.on('exit', release);
  return { path: lockPath, release };
}

const codeOf = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;
