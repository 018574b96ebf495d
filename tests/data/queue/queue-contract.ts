import { afterEach, expect, it } from 'vitest';
import { PermanentJobError, QueueClosedError, type RunningJob } from '../../../src/core/jobs/job.js';
import type { JobQueue, JobRetention, JobRetryPolicy } from '../../../src/core/jobs/job-queue.js';
import { pollUntil } from '../../support/server-process.js';

/**
 * The promises of the JobQueue port (src/core/jobs/job-queue.ts), written
 * once and run on every adapter (queue-contract.test.ts). Each test opens
 * its queues in a space of its own (a fresh key prefix on Redis), so tests
 * never see each other's jobs. Time is driven by short delays and intervals;
 * waits poll a condition with a deadline.
 */

export interface QueueSettings {
  readonly retry: JobRetryPolicy;
  readonly retention: JobRetention;
  readonly closeTimeoutMs: number;
}

export interface QueueSubject {
  readonly name: string;
  /** Whether two queues opened on one space share their jobs (BullMQ on one Redis; not two in-process queues). */
  readonly shared: boolean;
  /** A new space: a name no earlier test used. */
  space(): string;
  open(space: string, settings: QueueSettings): JobQueue;
  /** Removes what the space left behind (its Redis keys), after its queues are closed. */
  dispose(space: string): Promise<void>;
}

/**
 * Short delays, so a test sees three tries in about a second; long enough
 * that BullMQ's latency in promoting a delayed job (up to ~110 ms measured
 * here) cannot make the second wait look shorter than the first.
 */
export const TEST_SETTINGS: QueueSettings = {
  retry: { attempts: 3, backoffMs: 250, jitter: 0.1 },
  retention: { completed: { ageMs: 3_600_000, count: 1_000 }, failed: { ageMs: 3_600_000, count: 1_000 } },
  closeTimeoutMs: 5_000,
};

/** What a handler saw, in order, with when. */
interface Seen {
  readonly job: RunningJob;
  readonly at: number;
}

export function queueContract(subject: QueueSubject): void {
  const opened: { queue: JobQueue; space: string }[] = [];
  const releases: (() => void)[] = [];

  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    const spaces = new Set(opened.map((entry) => entry.space));
    await Promise.all(opened.splice(0).map(({ queue }) => queue.close({ timeoutMs: 1_000 })));
    for (const space of spaces) await subject.dispose(space);
  });

  const open = (space: string, settings: Partial<QueueSettings> = {}) => {
    const queue = subject.open(space, { ...TEST_SETTINGS, ...settings });
    opened.push({ queue, space });
    return queue;
  };

  /** A queue with a consumer that records every run and does what `behave` says. */
  const consuming = (behave: (job: RunningJob) => Promise<void> | void = () => {}, settings: Partial<QueueSettings> = {}, space = subject.space()) => {
    const queue = open(space, settings);
    const seen: Seen[] = [];
    queue.consume(async (job) => {
      seen.push({ job, at: performance.now() });
      await behave(job);
    });
    const runsOf = (id: string) => seen.filter((entry) => entry.job.id === id);
    return { queue, seen, runsOf, space };
  };

  /** A gate a handler can wait on; the test opens it (and afterEach does, whatever happened). */
  const aGate = () => {
    let open!: () => void;
    const opened_ = new Promise<void>((resolve) => (open = resolve));
    releases.push(open);
    return { wait: () => opened_, open };
  };

  /**
   * With one job at a time and first-in first-out, a sentinel enqueued last is
   * handled after anything enqueued before it: once it ran, nothing earlier is still to come.
   */
  const settled = async (queue: JobQueue, runsOf: (id: string) => Seen[], sentinel = `sentinel-${Math.random()}`) => {
    await queue.enqueue({ id: sentinel, name: 'sentinel', data: null });
    await pollUntil('the sentinel job to be handled', () => runsOf(sentinel).length > 0);
  };

  it('hands an enqueued job to the consumer with its id, name and JSON data, on attempt 1', async () => {
    const { queue, seen } = consuming();
    await queue.enqueue({ id: 'evt-1', name: 'send-welcome-email', data: { userId: 'u1', tags: ['a', 1, true, null] } });
    await pollUntil('the job to be handled', () => seen.length === 1);
    expect(seen[0]!.job).toEqual({ id: 'evt-1', name: 'send-welcome-email', data: { userId: 'u1', tags: ['a', 1, true, null] }, attempt: 1 });
    // The handler has returned; recording the completion follows it.
    await pollUntil('the queue to be empty', async () => JSON.stringify(await queue.counts()) === JSON.stringify({ waiting: 0, delayed: 0, active: 0, failed: 0 }));
  });

  it('takes ids of any form: a UUID, all digits, with colons', async () => {
    const { queue, runsOf } = consuming();
    const ids = ['0190f3c2-7b1e-7c3a-9d2e-5f6a7b8c9d0e', '12345', 'order:42:placed'];
    for (const id of ids) await queue.enqueue({ id, name: 'n', data: id });
    await pollUntil('every job to be handled', () => ids.every((id) => runsOf(id).length === 1));
    for (const id of ids) expect(runsOf(id)[0]!.job.data).toBe(id);
  });

  it('handles an id enqueued twice (a relay replay) once, also when the second comes after it finished', async () => {
    const { queue, runsOf } = consuming();
    const job = { id: 'evt-dup', name: 'n', data: { n: 1 } };
    await queue.enqueue(job);
    await queue.enqueue({ ...job, data: { n: 2 } });
    await pollUntil('the job to be handled', () => runsOf('evt-dup').length === 1);
    await queue.enqueue(job);
    await settled(queue, runsOf);
    expect(runsOf('evt-dup').map((run) => run.job.data)).toEqual([{ n: 1 }]);
  });

  it('retries a failing handler with growing delays, and it succeeds on the 3rd attempt', async () => {
    const { queue, runsOf } = consuming((job) => {
      if (job.attempt < 3) throw new Error(`refused on attempt ${job.attempt}`);
    });
    await queue.enqueue({ id: 'evt-flaky', name: 'n', data: null });
    await pollUntil('three attempts', () => runsOf('evt-flaky').length === 3);
    const runs = runsOf('evt-flaky');
    expect(runs.map((run) => run.job.attempt)).toEqual([1, 2, 3]);
    const [first, second] = [runs[1]!.at - runs[0]!.at, runs[2]!.at - runs[1]!.at];
    const { backoffMs, jitter } = TEST_SETTINGS.retry;
    // Waits of backoff * 2^(n-1), each less at most `jitter` of it (a few ms of timer slack allowed).
    expect(first).toBeGreaterThanOrEqual(backoffMs * (1 - jitter) - 5);
    expect(second).toBeGreaterThanOrEqual(2 * backoffMs * (1 - jitter) - 5);
    expect(second).toBeGreaterThan(first);
    await pollUntil('the queue to be empty', async () => (await queue.counts()).active === 0);
    expect(await queue.failed()).toEqual([]);
  });

  it('puts a job whose attempts are used up in the failed set, and retry() runs it again with fresh attempts', async () => {
    let healed = false;
    const { queue, runsOf } = consuming((job) => {
      if (!healed) throw new Error(`SMTP 451 on attempt ${job.attempt}`);
    });
    await queue.enqueue({ id: 'evt-doomed', name: 'send-email', data: { to: 'ada@example.com' } });
    const [failed] = await pollUntil('the job in the failed set', async () => {
      const list = await queue.failed();
      return list.length === 1 && list;
    });
    expect(failed).toMatchObject({ id: 'evt-doomed', name: 'send-email', data: { to: 'ada@example.com' }, attemptsMade: 3, reason: 'SMTP 451 on attempt 3' });
    expect(failed!.failedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(runsOf('evt-doomed').map((run) => run.job.attempt)).toEqual([1, 2, 3]);
    expect((await queue.counts()).failed).toBe(1);

    healed = true;
    expect(await queue.retry('evt-doomed')).toBe('retried');
    await pollUntil('the retried job to be handled', () => runsOf('evt-doomed').length === 4);
    expect(runsOf('evt-doomed')[3]!.job.attempt).toBe(1);
    await pollUntil('the failed set to be empty', async () => (await queue.counts()).failed === 0);
    expect(await queue.failed()).toEqual([]);
    expect(await queue.retry('evt-doomed')).toBe('not-failed');
    expect(await queue.retry('evt-never-enqueued')).toBe('not-failed');
  });

  it('does not retry a PermanentJobError: the job is in the failed set after one attempt', async () => {
    const { queue, runsOf } = consuming(() => {
      throw new PermanentJobError('no such mailbox');
    });
    await queue.enqueue({ id: 'evt-bad-address', name: 'send-email', data: null });
    const [failed] = await pollUntil('the job in the failed set', async () => {
      const list = await queue.failed();
      return list.length === 1 && list;
    });
    expect(failed).toMatchObject({ id: 'evt-bad-address', attemptsMade: 1, reason: 'no such mailbox' });
    // The sentinel fails too (same handler): once it is in the failed set, no retry of the first can be pending.
    await queue.enqueue({ id: 'sentinel', name: 'n', data: null });
    await pollUntil('the sentinel in the failed set', async () => (await queue.failed()).length === 2);
    expect(runsOf('evt-bad-address')).toHaveLength(1);
  });

  it('close() stops taking jobs and waits for the job in hand to finish', async () => {
    const gate = aGate();
    const events: string[] = [];
    const { queue, runsOf } = consuming(async (job) => {
      events.push(`started ${job.id}`);
      await gate.wait();
      events.push(`finished ${job.id}`);
    });
    await queue.enqueue({ id: 'evt-in-hand', name: 'n', data: null });
    await queue.enqueue({ id: 'evt-next', name: 'n', data: null });
    await pollUntil('the first job to start', () => runsOf('evt-in-hand').length === 1);
    const closing = queue.close({ timeoutMs: 5_000 }).then((outcome) => {
      events.push('closed');
      return outcome;
    });
    // The gate opens on a timer, so close() has had time to resolve early if it did not wait.
    setTimeout(gate.open, 200);
    expect(await closing).toEqual({ timedOut: false });
    expect(events).toEqual(['started evt-in-hand', 'finished evt-in-hand', 'closed']);
    await expect(queue.enqueue({ id: 'evt-late', name: 'n', data: null })).rejects.toBeInstanceOf(QueueClosedError);
  });

  it('close() gives up on a job in hand that outlasts its deadline', async () => {
    const gate = aGate();
    const { queue, runsOf } = consuming(() => gate.wait());
    await queue.enqueue({ id: 'evt-stuck', name: 'n', data: null });
    await pollUntil('the job to start', () => runsOf('evt-stuck').length === 1);
    const started = performance.now();
    expect(await queue.close({ timeoutMs: 300 })).toEqual({ timedOut: true });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(3_000);
  });

  it('removes finished jobs beyond the retention count; a removed id no longer dedupes', async () => {
    const retention = { ...TEST_SETTINGS.retention, completed: { ageMs: 3_600_000, count: 1 } };
    const { queue, runsOf } = consuming(() => {}, { retention });
    await queue.enqueue({ id: 'evt-a', name: 'n', data: null });
    await pollUntil('a handled', () => runsOf('evt-a').length === 1);
    await queue.enqueue({ id: 'evt-b', name: 'n', data: null });
    await pollUntil('b handled', () => runsOf('evt-b').length === 1);
    // Only b is kept now: a comes again as a new job (why the retention must outlast a relay's redelivery window).
    await queue.enqueue({ id: 'evt-a', name: 'n', data: null });
    await queue.enqueue({ id: 'evt-b', name: 'n', data: null });
    await settled(queue, runsOf);
    expect(runsOf('evt-a')).toHaveLength(2);
    expect(runsOf('evt-b')).toHaveLength(1);
  });

  it('runs a schedule repeatedly; declaring it again (another instance, the same id) does not double it', async () => {
    const every = 200;
    const { queue, seen, space } = consuming();
    const spec = { id: 'purge-refresh-tokens', name: 'purge-refresh-tokens', data: { olderThanDays: 30 }, every };
    await queue.schedule(spec);
    // Another instance declares it at start-up too (on a shared queue); or this one again.
    await (subject.shared ? open(space) : queue).schedule(spec);
    const runs = await pollUntil('eight scheduled runs', () => seen.length >= 8 && seen.slice(0, 8), { timeoutMs: 15_000 });
    expect(runs.every((run) => run.job.name === 'purge-refresh-tokens' && JSON.stringify(run.job.data) === '{"olderThanDays":30}')).toBe(true);
    expect(new Set(runs.map((run) => run.job.id)).size).toBe(8);
    // One schedule spans 8 runs over 7 intervals (1400 ms, less the first run's lateness); doubled, over
    // about 4 (800 ms). A single gap proves nothing: after a late run the next one comes early.
    const span = runs[7]!.at - runs[0]!.at;
    expect(span, `8 runs in ${Math.round(span)} ms`).toBeGreaterThan(5.5 * every);
    const schedules = await queue.schedules();
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ id: 'purge-refresh-tokens', name: 'purge-refresh-tokens', every, pattern: null });
    expect(schedules[0]!.next).toBeInstanceOf(Date);
  });

  it(subject.shared ? 'shares one queue between two consumers: each job is handled once' : 'two consumers on one queue: N/A (two in-process queues share nothing)', async () => {
    if (!subject.shared) {
      // One in-process queue takes one consumer; a second is refused rather than silently ignored.
      const { queue } = consuming();
      expect(() => queue.consume(async () => {})).toThrow(/already has a consumer/);
      return;
    }
    const one = consuming(async () => await new Promise((resolve) => setImmediate(resolve)));
    const two = consuming(async () => await new Promise((resolve) => setImmediate(resolve)), {}, one.space);
    const ids = Array.from({ length: 60 }, (_, i) => `evt-${i}`);
    for (const id of ids) await one.queue.enqueue({ id, name: 'n', data: null });
    await pollUntil('every job to be handled', () => one.seen.length + two.seen.length >= ids.length);
    const handled = [...one.seen, ...two.seen].map((run) => run.job.id).sort();
    expect(handled).toEqual([...ids].sort());
    expect(one.seen.length).toBeGreaterThan(0);
    expect(two.seen.length).toBeGreaterThan(0);
  });
}
