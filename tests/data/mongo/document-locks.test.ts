/**
 * DocumentLocks on the MongoDB server under test: one holder at a time per
 * key, released whatever the write does, a bounded wait behind a live holder,
 * and a lock left by a crashed holder broken once it is stale (by exactly one
 * of the callers that find it).
 */
import { expect, it } from 'vitest';
import { DocumentLocks, type DocumentLockTimings } from '../../../src/data/mongo/document-locks.js';
import { COLLECTIONS, type LockDocument } from '../../../src/data/mongo/documents.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';

/** A promise and the function that settles it: lets a test hold a lock for exactly as long as it wants. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describeEachStore(
  'document locks',
  (fixture) => {
    const collection = () => asMongoFixture(fixture()).db.collection<LockDocument>(COLLECTIONS.documentLocks);
    const locksWith = (timings: DocumentLockTimings = { staleAfterMs: 60_000, waitMs: 20_000 }) => new DocumentLocks(collection(), timings);
    const lockIds = async () => (await collection().find({}).toArray()).map((lock) => lock._id).sort();

    /** Runs `callers` withLock calls on one key at once; each reads a counter, awaits the server, writes it back. */
    async function raceOn(locks: DocumentLocks, key: string, callers: number) {
      let counter = 0;
      let active = 0;
      let maxActive = 0;
      await Promise.all(
        Array.from({ length: callers }, () =>
          locks.withLock(key, async () => {
            active += 1;
            maxActive = Math.max(maxActive, active);
            const read = counter;
            await collection().findOne({ _id: key }); // a real round trip between the read and the write
            counter = read + 1;
            active -= 1;
          }),
        ),
      );
      return { counter, maxActive };
    }

    it('lets one of 10 concurrent callers of one key hold it at a time, and leaves no lock behind', async () => {
      expect(await raceOn(locksWith(), 'items:1', 10)).toEqual({ counter: 10, maxActive: 1 });
      expect(await lockIds()).toEqual([]);
    });

    it('returns what the write returns', async () => {
      await expect(locksWith().withLock('items:2', async () => 'done')).resolves.toBe('done');
    });

    it('does not make a caller of another key wait', async () => {
      const locks = locksWith();
      const release = gate();
      const entered = gate();
      const holding = locks.withLock('items:a', () => {
        entered.open();
        return release.opened;
      });
      await entered.opened;
      await expect(locks.withLock('items:b', async () => 'b')).resolves.toBe('b');
      expect(await lockIds()).toEqual(['items:a']);
      release.open();
      await holding;
      expect(await lockIds()).toEqual([]);
    });

    it('releases the lock when the write throws, and passes the error on', async () => {
      const locks = locksWith();
      await expect(
        locks.withLock('items:3', async () => {
          throw new Error('write failed');
        }),
      ).rejects.toThrow('write failed');
      expect(await lockIds()).toEqual([]);
      await expect(locks.withLock('items:3', async () => 'again')).resolves.toBe('again');
    });

    it('gives up after waitMs behind a live holder, leaving its lock alone', async () => {
      const locks = locksWith({ staleAfterMs: 60_000, waitMs: 300 });
      const release = gate();
      const holding = locks.withLock('items:4', () => release.opened);
      await expect.poll(lockIds).toEqual(['items:4']);
      const started = Date.now();
      await expect(locks.withLock('items:4', async () => 'never')).rejects.toThrow(/Timed out after 300 ms waiting for the lock on items:4/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(await lockIds()).toEqual(['items:4']);
      release.open();
      await holding;
      expect(await lockIds()).toEqual([]);
    });

    it('breaks a lock left by a crashed holder once it is older than staleAfterMs', async () => {
      await collection().insertOne({ _id: 'items:5', owner: 'crashed', takenAt: new Date() });
      const started = Date.now();
      await expect(locksWith({ staleAfterMs: 500, waitMs: 10_000 }).withLock('items:5', async () => 'mine')).resolves.toBe('mine');
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(await lockIds()).toEqual([]);
    });

    it('lets exactly one holder at a time through when 10 callers find one stale lock', async () => {
      await collection().insertOne({ _id: 'items:6', owner: 'crashed', takenAt: new Date(Date.now() - 60_000) });
      expect(await raceOn(locksWith({ staleAfterMs: 1_000, waitMs: 10_000 }), 'items:6', 10)).toEqual({ counter: 10, maxActive: 1 });
      expect(await lockIds()).toEqual([]);
    });

    it('gets past a breaker that crashed while breaking a stale lock', async () => {
      const old = new Date(Date.now() - 60_000);
      await collection().insertMany([
        { _id: 'items:7', owner: 'crashed', takenAt: old },
        { _id: 'stale-lock-claim:crashed', owner: 'crashed-breaker', takenAt: old },
      ]);
      await expect(locksWith({ staleAfterMs: 1_000, waitMs: 10_000 }).withLock('items:7', async () => 'mine')).resolves.toBe('mine');
      expect(await lockIds()).toEqual([]);
    });
  },
  [mongoStore],
);
