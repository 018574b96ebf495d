/**
 * The relay between a store's outbox and the job queue: every event becomes
 * one job whose id is the event id; two relays and two workers on one Redis
 * handle every event, none twice; the in-process mode marks an event sent only
 * once its job has run. On every store (the outbox is the store's).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, expect, it } from 'vitest';
import { type DomainEvent, domainEvent } from '../../../src/core/events/domain-event.js';
import type { RunningJob } from '../../../src/core/jobs/job.js';
import type { JobQueue } from '../../../src/core/jobs/job-queue.js';
import { BullmqQueue } from '../../../src/data/queue/bullmq-queue.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { OutboxRelay } from '../../../src/data/queue/outbox-relay.js';
import { redisUrl } from '../../operations/services.js';
import { pollUntil } from '../../support/server-process.js';
import { describeEachStore, storeKinds } from '../../support/stores.js';
import { aUserRecord } from '../contracts/contract-data.js';
import { TEST_SETTINGS } from './queue-contract.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describeEachStore(
  'the outbox relay',
  (fixture) => {
    const store = () => fixture().store;
    const admin = new Redis(redisUrl, { lazyConnect: true });
    const open: { close(): Promise<unknown> }[] = [];
    const spaces: string[] = [];
    // Relays and queues end with their test: a relay left running would claim the next test's events.
    afterEach(async () => {
      for (const part of open.splice(0).reverse()) await part.close();
    });
    afterAll(async () => {
      for (const space of spaces) {
        const keys = await admin.keys(`${space}:*`);
        if (keys.length > 0) await admin.del(...keys);
      }
      admin.disconnect();
    });

    /** `count` new users, each inserted with its registration event. */
    async function registered(count: number): Promise<DomainEvent[]> {
      const events: DomainEvent[] = [];
      for (let i = 0; i < count; i++) {
        const user = aUserRecord();
        const event = domainEvent('user.registered', { userId: user.id }, new Date());
        await store().users.insert(user, [event]);
        events.push(event);
      }
      return events;
    }

    function bullmq(space: string): BullmqQueue {
      const queue = new BullmqQueue({ url: redisUrl, prefix: space, ...TEST_SETTINGS });
      open.push(queue);
      return queue;
    }

    function relay(queue: JobQueue, markSent: 'enqueued' | 'completed', leaseMs = 30_000): OutboxRelay {
      const relay = new OutboxRelay({ outbox: store().outbox, queue, log: silent, markSent, batchSize: 7, leaseMs, idleMs: 20 });
      open.push({ close: () => relay.stop() });
      return relay;
    }

    it('turns each event into one job named by its type, with the event id as the job id and the event as its data', async () => {
      const space = `test-relay-${randomBytes(6).toString('hex')}`;
      spaces.push(space);
      const queue = bullmq(space);
      const [event] = await registered(1);
      const jobs: RunningJob[] = [];
      queue.consume(async (job) => void jobs.push(job));
      expect(await relay(queue, 'enqueued').relayOnce()).toBe(1);
      await pollUntil('the job', () => jobs.length === 1);
      expect(jobs[0]).toMatchObject({ id: event!.id, name: 'user.registered', attempt: 1 });
      expect(jobs[0]!.data).toEqual({ id: event!.id, type: 'user.registered', at: event!.at.toISOString(), data: { userId: (event!.data as { userId: string }).userId } });
      expect(await store().outbox.pendingCount()).toBe(0);
    });

    it('with two relays and two workers on one Redis, handles every event once', async () => {
      const space = `test-relay-${randomBytes(6).toString('hex')}`;
      spaces.push(space);
      const events = await registered(40);
      const handled = new Map<string, number>();
      const queues = [bullmq(space), bullmq(space)];
      for (const queue of queues) queue.consume(async (job) => void handled.set(job.id, (handled.get(job.id) ?? 0) + 1));
      for (const queue of queues) relay(queue, 'enqueued').start();
      await pollUntil('every event handled', () => events.every((event) => handled.has(event.id)), { timeoutMs: 20_000 });
      expect([...handled.values()].every((times) => times === 1)).toBe(true);
      expect(handled.size).toBe(40);
      await pollUntil('an empty outbox', async () => (await store().outbox.pendingCount()) === 0);
    });

    it('relays an event again after a relay died holding it, and the queue runs it once', async () => {
      const space = `test-relay-${randomBytes(6).toString('hex')}`;
      spaces.push(space);
      const queue = bullmq(space);
      const [event] = await registered(1);
      // A relay that claimed and enqueued, then died before marking it sent.
      const claimed = await store().outbox.claim({ limit: 1, leaseMs: 200, now: new Date() });
      expect(claimed.map((e) => e.id)).toEqual([event!.id]);
      await queue.enqueue({ id: event!.id, name: event!.type, data: null });
      const handled: string[] = [];
      queue.consume(async (job) => void handled.push(job.id));
      const survivor = relay(queue, 'enqueued', 200);
      survivor.start();
      await pollUntil('the event marked sent by the survivor', async () => (await store().outbox.pendingCount()) === 0, { timeoutMs: 5_000 });
      await pollUntil('the job', () => handled.length >= 1);
      expect(handled).toEqual([event!.id]);
    });

    it('in-process: marks an event sent only once its job has run', async () => {
      const queue = new InProcessQueue(TEST_SETTINGS);
      open.push(queue);
      const [event] = await registered(1);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const relayer = relay(queue, 'completed');
      queue.consume(relayer.completing(() => gate));
      expect(await relayer.relayOnce()).toBe(1);
      expect(await store().outbox.pendingCount()).toBe(1); // enqueued, not run yet
      release();
      await pollUntil('the event marked sent', async () => (await store().outbox.pendingCount()) === 0);
      expect(await store().outbox.claim({ limit: 10, leaseMs: 1, now: new Date(Date.now() + 3_600_000) })).not.toContainEqual(
        expect.objectContaining({ id: event!.id }),
      );
    });

    it('keeps relaying once the queue is back, losing nothing while it was away', async () => {
      const failing: JobQueue = Object.assign(new InProcessQueue(TEST_SETTINGS), {
        enqueue: async () => {
          throw new Error('queue away');
        },
      });
      open.push(failing);
      await registered(3);
      const broken = relay(failing, 'enqueued', 50);
      await expect(broken.relayOnce()).rejects.toThrow('queue away');
      expect(await store().outbox.pendingCount()).toBe(3);
      const queue = new InProcessQueue(TEST_SETTINGS);
      open.push(queue);
      const handled: string[] = [];
      queue.consume(async (job) => void handled.push(job.id));
      const healthy = relay(queue, 'enqueued', 50);
      healthy.start();
      await pollUntil('all three handled', () => handled.length === 3);
      expect(await store().outbox.pendingCount()).toBe(0);
    });
  },
  storeKinds,
);
