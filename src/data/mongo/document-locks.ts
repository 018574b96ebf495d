import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { LockDocument } from './documents.js';
import { isDuplicateKey } from './duplicate-key.js';

export interface DocumentLockTimings {
  /**
   * A lock older than this is taken to be left by a crashed holder and may be
   * broken. Well above any single write (the driver gives up on a server
   * within 5 s), since a live holder outliving it would no longer be exclusive.
   * `takenAt` is the holder's clock: instances' clocks must agree to well within it.
   */
  staleAfterMs: number;
  /** How long a caller waits for a held lock before failing. More than staleAfterMs, so a crashed holder never fails a caller. */
  waitMs: number;
}

export const DEFAULT_LOCK_TIMINGS: DocumentLockTimings = { staleAfterMs: 15_000, waitMs: 20_000 };

const FIRST_RETRY_MS = 2;
const MAX_RETRY_MS = 50;
/** How often a waiter reads the lock to see whether its holder is stale (far below staleAfterMs). */
const STALE_CHECK_MS = 1_000;
/** The key prefix of a claim to break a stale lock (see breakStale). */
const STALE_CLAIM = 'stale-lock-claim:';

/**
 * Per-document mutual exclusion for read-modify-write updates. MongoDB
 * applies each single-document update atomically, but FerretDB 1.x (SQLite
 * and PostgreSQL handlers alike) runs every update as read-then-write-back of
 * the whole document, so two concurrent `$set`s of different fields keep only
 * one (see tests/data/mongo/update-atomicity.test.ts). A unique `_id` admits
 * exactly one insert on every server, so a lock is an insert into its own
 * collection keyed by the document, removed after the write.
 *
 * Deletes on FerretDB are also find-then-delete-by-_id, so a stale lock is
 * broken under a second insert-only claim (keyed by the stale holder), which
 * keeps two breakers from each removing the other's fresh lock.
 */
export class DocumentLocks {
  constructor(
    private readonly locks: Collection<LockDocument>,
    private readonly timings: DocumentLockTimings = DEFAULT_LOCK_TIMINGS,
  ) {}

  /**
   * Runs `write` while holding the lock on `key`, waiting for it up to
   * `waitMs`. Keys are `<collection>:<document id>`, e.g. `users:<id>`.
   */
  async withLock<T>(key: string, write: () => Promise<T>): Promise<T> {
    const owner = randomBytes(12).toString('hex');
    await this.acquire(key, owner);
    try {
      return await write();
    } finally {
      await this.release(key, owner);
    }
  }

  private async acquire(key: string, owner: string): Promise<void> {
    const deadline = Date.now() + this.timings.waitMs;
    let lookedAt = -Infinity;
    for (let attempt = 0; ; attempt++) {
      if (await this.tryInsert(key, owner)) return;
      // Whether the holder is stale is asked at the first miss and then once per STALE_CHECK_MS, not at
      // every retry: with 50 waiters on one lock (a sold-out product), a read per retry doubles the load
      // the holder's own writes queue behind.
      if (Date.now() - lookedAt >= STALE_CHECK_MS) {
        lookedAt = Date.now();
        const held = await this.locks.findOne({ _id: key });
        if (!held) continue; // released in between: retry at once
        if (this.isStale(held) && (await this.breakStale(held, owner))) continue;
      }
      if (Date.now() >= deadline) {
        throw new Error(`Timed out after ${this.timings.waitMs} ms waiting for the lock on ${key}`);
      }
      // Jittered backoff, so that waiters do not retry in step.
      await sleep(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  private async tryInsert(key: string, owner: string): Promise<boolean> {
    try {
      await this.locks.insertOne({ _id: key, owner, takenAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  private isStale(lock: LockDocument): boolean {
    return Date.now() - lock.takenAt.getTime() > this.timings.staleAfterMs;
  }

  /**
   * Only the caller whose claim goes in removes the stale lock; the claim is
   * dropped only after the lock is gone, so a later claimant's delete (which
   * matches the stale owner) finds nothing. A claim left by a breaker that
   * crashed in between goes stale in its turn and is removed the same way.
   * Owners are random and used once, so the claim's key is unique to this
   * stale lock (and no collection is named `stale-lock-claim`).
   * Returns true when the stale lock is gone.
   */
  private async breakStale(stale: LockDocument, owner: string): Promise<boolean> {
    const claim = `${STALE_CLAIM}${stale.owner}`;
    if (!(await this.tryInsert(claim, owner))) {
      const other = await this.locks.findOne({ _id: claim });
      if (other && this.isStale(other)) await this.locks.deleteOne({ _id: claim, owner: other.owner });
      return false;
    }
    try {
      await this.locks.deleteOne({ _id: stale._id, owner: stale.owner });
      return true;
    } finally {
      await this.locks.deleteOne({ _id: claim, owner });
    }
  }

  private async release(key: string, owner: string): Promise<void> {
    try {
      await this.locks.deleteOne({ _id: key, owner });
    } catch {
      // The write is done and stays acknowledged; a lock that could not be
      // removed only delays the next writer of this document by staleAfterMs.
    }
  }
}
