/**
 * The worker's retries, end to end on both queue adapters: the outbox relay,
 * the job handler, SendEventMail and the SMTP mailer against a real SMTP
 * server that refuses on purpose. A greylisting server (451 twice) gets the
 * message on the third attempt after the backoff; a server that refuses the
 * recipient for good (550) puts the job in the failed set at once, and a
 * retry from there delivers it once the server accepts.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobQueue } from '../../../src/core/jobs/job-queue.js';
import { createSmtpMailer } from '../../../src/data/mail/smtp-mailer.js';
import { BullmqQueue } from '../../../src/data/queue/bullmq-queue.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { OutboxRelay } from '../../../src/data/queue/outbox-relay.js';
import { createJobHandler } from '../../../src/entry-points/worker/job-handler.js';
import { createHarness } from '../../core/use-case-harness.js';
import { redisUrl } from '../../operations/services.js';
import { TEST_SETTINGS } from '../../data/queue/queue-contract.js';
import { pollUntil } from '../../support/server-process.js';
import { type Refusal, startSmtpServer } from '../../support/smtp-server.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };
const spaces: string[] = [];
const cleanup: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
afterAll(async () => {
  const admin = new Redis(redisUrl);
  for (const space of spaces) {
    const keys = await admin.keys(`${space}:*`);
    if (keys.length > 0) await admin.del(...keys);
  }
  admin.disconnect();
});

const adapters: { name: string; open(): JobQueue; durable: boolean }[] = [
  { name: 'in-process', open: () => new InProcessQueue(TEST_SETTINGS), durable: false },
  {
    name: 'bullmq',
    open: () => {
      const space = `test-mail-retries-${randomBytes(6).toString('hex')}`;
      spaces.push(space);
      return new BullmqQueue({ url: redisUrl, prefix: space, ...TEST_SETTINGS });
    },
    durable: true,
  },
];

for (const adapter of adapters) {
  describe(`mail retries on the ${adapter.name} queue`, () => {
    /** A store, the use cases, an SMTP server answering `rcpt`, and a running worker with its relay. */
    async function aWorker(rcpt: (address: string, attempt: number) => Refusal | null) {
      const smtp = await startSmtpServer({ rcpt });
      const mailer = createSmtpMailer({ url: smtp.url, from: 'Shop <shop@example.com>' });
      const h = createHarness({ mail: { mailer, domain: 'example.com' } });
      const queue = adapter.open();
      const relay = new OutboxRelay({ outbox: h.store.outbox, queue, log: silent, markSent: adapter.durable ? 'enqueued' : 'completed', idleMs: 20 });
      const handler = createJobHandler(h, silent);
      queue.consume(adapter.durable ? handler : relay.completing(handler));
      relay.start();
      cleanup.push(() => smtp.close(), () => mailer.close(), () => queue.close(), () => relay.stop());
      return { h, smtp, queue };
    }

    it('delivers on the third attempt to a server that answers 451 twice, waiting the backoff between', async () => {
      const times: number[] = [];
      const { h, smtp } = await aWorker((_address, attempt) => {
        times.push(performance.now());
        return attempt < 2 ? { code: 451, message: 'Greylisted, try again later' } : null;
      });
      const { input } = await h.aUser();
      await pollUntil('the welcome email', () => smtp.received.length === 1);
      expect(smtp.rcptAttempts).toEqual([input.email, input.email, input.email]);
      // backoffMs 250, doubling, jitter 0.1: at least 225 ms, then at least 450 ms.
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(225);
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(450);
      expect(smtp.received[0]!.envelopeTo).toEqual([input.email]);
    });

    it('puts a job refused for good (550) in the failed set after one attempt, and a retry delivers it once the server accepts', async () => {
      let refusing = true;
      const { h, smtp, queue } = await aWorker(() => (refusing ? { code: 550, message: 'No such user here' } : null));
      const { input } = await h.aUser();
      const [failed] = await pollUntil('the failed job', async () => {
        const jobs = await queue.failed();
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(failed).toMatchObject({ name: 'user.registered', attemptsMade: 1 });
      expect(failed!.reason).toMatch(/550|refused|No such user/i);
      expect(smtp.rcptAttempts).toEqual([input.email]);

      refusing = false;
      expect(await queue.retry(failed!.id)).toBe('retried');
      await pollUntil('the welcome email after the retry', () => smtp.received.length === 1);
      expect(smtp.received[0]!.envelopeTo).toEqual([input.email]);
      expect(await queue.failed()).toEqual([]);
    });
  });
}
