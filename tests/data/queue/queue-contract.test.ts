import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/core/shared/errors.js';
import { BullmqQueue } from '../../../src/data/queue/bullmq-queue.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { describeWith, redisUrl } from '../../operations/services.js';
import { unusedPort } from '../../support/ports.js';
import { pollUntil } from '../../support/server-process.js';
import { queueContract, TEST_SETTINGS } from './queue-contract.js';

/** The queue contract on both adapters: in this process's memory, and BullMQ on the real Redis (fails under CI=true without it). */

const freshSpace = () => `test-queue-${randomBytes(6).toString('hex')}`;

describe('the in-process job queue', () => {
  queueContract({
    name: 'in-process',
    shared: false,
    space: freshSpace,
    open: (_space, settings) => new InProcessQueue(settings),
    dispose: async () => {},
  });

  it('runs up to `concurrency` jobs at once, and no more', async () => {
    const queue = new InProcessQueue({ ...TEST_SETTINGS, concurrency: 2 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    queue.consume(async (job) => {
      started.push(job.id);
      await gate;
    });
    for (const id of ['a', 'b', 'c']) await queue.enqueue({ id, name: 'n', data: null });
    await pollUntil('two jobs to run at once', () => started.length === 2);
    expect(await queue.counts()).toMatchObject({ active: 2, waiting: 1 });
    release();
    await pollUntil('the third job to run', () => started.length === 3);
    expect(await queue.close()).toEqual({ timedOut: false });
  });

  it('refuses a cron pattern (it runs schedules by interval only)', async () => {
    const queue = new InProcessQueue(TEST_SETTINGS);
    await expect(queue.schedule({ id: 's', name: 's', pattern: '0 */15 * * * *' })).rejects.toThrow(/every/);
    await queue.close();
  });
});

describeWith(['redis'], 'the BullMQ job queue on Redis', () => {
  const admin = new Redis(redisUrl, { lazyConnect: true });
  afterAll(() => admin.disconnect());

  /** Every key a space left (BullMQ names them <prefix>:<queue>:...). */
  async function dispose(space: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${space}:*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  queueContract({
    name: 'bullmq',
    shared: true,
    space: freshSpace,
    open: (space, settings) => new BullmqQueue({ url: redisUrl, prefix: space, ...settings }),
    dispose,
  });

  it('runs a schedule given as a UTC cron pattern', async () => {
    const space = freshSpace();
    const queue = new BullmqQueue({ url: redisUrl, prefix: space, ...TEST_SETTINGS });
    const seen: string[] = [];
    queue.consume(async (job) => void seen.push(job.name));
    try {
      await queue.schedule({ id: 'every-second', name: 'tick', pattern: '* * * * * *' });
      const [schedule] = await queue.schedules();
      expect(schedule).toMatchObject({ id: 'every-second', pattern: '* * * * * *', every: null });
      // The poll is the wait: two runs a second apart (the pattern has a seconds field).
      await pollUntil('two runs of the cron schedule', () => seen.length >= 2, { timeoutMs: 5_000 });
      expect(seen.slice(0, 2)).toEqual(['tick', 'tick']);
    } finally {
      await queue.close({ timeoutMs: 1_000 });
      await dispose(space);
    }
  });
});

describe('the BullMQ job queue while Redis does not answer', () => {
  it('fails enqueue and the operator reads fast with SERVICE_UNAVAILABLE (a relay tries again later), and still closes', async () => {
    const queue = new BullmqQueue({ url: `redis://127.0.0.1:${await unusedPort()}`, prefix: freshSpace(), ...TEST_SETTINGS, commandTimeoutMs: 300 });
    const started = performance.now();
    await expect(queue.enqueue({ id: 'evt-1', name: 'n', data: null })).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(queue.counts()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await queue.close({ timeoutMs: 1_000 })).toEqual({ timedOut: false });
  });
});
