import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type FailedJob, type JobHandler, type JsonValue, type NewJob, PermanentJobError, QueueClosedError } from '../../core/jobs/job.js';
import type {
  CloseOutcome,
  JobCounts,
  JobQueue,
  JobRetention,
  JobRetryPolicy,
  RetryOutcome,
  ScheduleInfo,
  ScheduleSpec,
} from '../../core/jobs/job-queue.js';
import { STORE_RETRY_AFTER_SECONDS, ServiceUnavailableError } from '../../core/shared/errors.js';
import { checkedJobId, checkedRetryPolicy } from './backoff.js';
import type { QueueLog } from './queue-log.js';

export interface BullmqQueueOptions {
  /** redis://[user:password@]host:port[/db]; the Redis must run with maxmemory-policy noeviction. */
  readonly url: string;
  /** The queue's name (default 'jobs'). */
  readonly name?: string;
  /** Redis key prefix (default 'bull'): several apps, or tests, on one Redis each take their own. */
  readonly prefix?: string;
  readonly retry: JobRetryPolicy;
  readonly retention: JobRetention;
  /** Jobs run at once by this instance's worker (default 1). */
  readonly concurrency?: number;
  /** close()'s deadline when it is given none (default 10 s). */
  readonly closeTimeoutMs?: number;
  /** How long a producer command (enqueue, the operator's reads, schedule) waits for Redis before SERVICE_UNAVAILABLE (default 2 s). */
  readonly commandTimeoutMs?: number;
  /**
   * How long a worker's lock on a job lasts without renewal, and how often
   * workers look for jobs whose lock ran out (a killed worker's): BullMQ's
   * defaults are 30 s each; tests shorten them.
   */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly log?: QueueLog;
}

/** Our ids on BullMQ: never all digits and never with ':' (BullMQ refuses both), and one-to-one. */
const JOB_ID_PREFIX = 'job-';
const toBullId = (id: string) => JOB_ID_PREFIX + encodeURIComponent(id);
/** A schedule's runs carry ids BullMQ makes (repeat:...): those are shown as they are. */
const fromBullId = (bullId: string | undefined) =>
  bullId?.startsWith(JOB_ID_PREFIX) ? decodeURIComponent(bullId.slice(JOB_ID_PREFIX.length)) : (bullId ?? '');

/** How long each step of closing may take once the jobs in hand are settled (Redis answers in well under 1 ms). */
const SHORT_MS = 1_000;

const silentLog = { warn: () => {}, error: () => {} };

/**
 * The job queue on Redis through BullMQ 6. One Queue (the producer: enqueue,
 * operator reads, schedules) and, once consume() is called, one Worker.
 * The producer's connection fails fast while Redis is away (no offline queue),
 * so the relay sees the failure and tries again later; the worker's waits
 * and reconnects (maxRetriesPerRequest: null, as BullMQ requires).
 */
export class BullmqQueue implements JobQueue {
  private readonly queue: Queue<JsonValue, unknown, string>;
  private readonly producer: Redis;
  private worker: Worker<JsonValue, unknown, string> | undefined;
  private workerClient: Redis | undefined;
  /** The handlers running now: close() waits for these itself, since worker.close() cannot be bounded (see close). */
  private readonly inHand = new Set<Promise<void>>();
  private readonly log: QueueLog;
  private readonly name: string;
  private readonly prefix: string;
  private closed = false;
  private readonly commandTimeoutMs: number;

  constructor(private readonly options: BullmqQueueOptions) {
    const retry = checkedRetryPolicy(options.retry);
    this.log = options.log ?? silentLog;
    this.name = options.name ?? 'jobs';
    this.prefix = options.prefix ?? 'bull';
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
    this.producer = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    logOutages(this.producer, this.log, 'job queue producer');
    const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
    this.queue = new Queue(this.name, {
      connection: this.producer,
      prefix: this.prefix,
      defaultJobOptions: {
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs, jitter: retry.jitter },
        removeOnComplete: { age: seconds(options.retention.completed.ageMs), count: options.retention.completed.count },
        removeOnFail: { age: seconds(options.retention.failed.ageMs), count: options.retention.failed.count },
      },
    });
    this.queue.on('error', (error) => this.log.warn({ reason: error.message }, 'job queue producer error'));
  }

  /** Whether the producer's connection to Redis is up now (readiness; no round trip). */
  answering(): boolean {
    return this.producer.status === 'ready';
  }

  async enqueue(job: NewJob): Promise<void> {
    const jobId = toBullId(checkedJobId(job.id));
    // An id already there (in any state, until removed) is ignored by BullMQ: a relay's replay adds nothing.
    await this.answered(() => this.queue.add(job.name, job.data, { jobId }));
  }

  consume(handler: JobHandler): void {
    if (this.closed) throw new QueueClosedError();
    if (this.worker) throw new Error('this queue already has a consumer');
    this.workerClient = new Redis(this.options.url, { maxRetriesPerRequest: null });
    logOutages(this.workerClient, this.log, 'job worker');
    const worker = new Worker<JsonValue, unknown, string>(
      this.name,
      async (job: Job<JsonValue, unknown, string>) => {
        const run = (async () => handler({ id: fromBullId(job.id), name: job.name, data: job.data, attempt: job.attemptsMade + 1 }))();
        this.inHand.add(run);
        try {
          await run;
        } catch (thrown) {
          if (thrown instanceof PermanentJobError) throw new UnrecoverableError(thrown.message);
          throw thrown instanceof Error ? thrown : new Error(String(thrown));
        } finally {
          this.inHand.delete(run);
        }
      },
      {
        connection: this.workerClient,
        prefix: this.prefix,
        concurrency: this.options.concurrency ?? 1,
        ...(this.options.lockDurationMs !== undefined && { lockDuration: this.options.lockDurationMs }),
        ...(this.options.stalledIntervalMs !== undefined && { stalledInterval: this.options.stalledIntervalMs }),
      },
    );
    // Without an 'error' listener an error in the worker's loop would be thrown as unhandled.
    // A lost connection is logged once by logOutages; the worker's blocking connections report it again on every retry.
    worker.on('error', (error) => {
      if (!CONNECTION_ERROR.test(error.message)) this.log.error({ reason: error.message }, 'job worker error');
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      this.log.warn({ jobId: fromBullId(job.id), name: job.name, attempt: job.attemptsMade, reason: error.message }, 'job failed');
    });
    this.worker = worker;
  }

  async failed({ limit = 50 }: { readonly limit?: number } = {}): Promise<FailedJob[]> {
    const jobs = await this.answered(() => this.queue.getFailed(0, Math.max(0, limit - 1)));
    return jobs.map((job) => ({
      id: fromBullId(job.id),
      name: job.name,
      data: job.data,
      attemptsMade: job.attemptsMade,
      reason: job.failedReason,
      failedAt: new Date(job.finishedOn ?? job.timestamp),
    }));
  }

  async retry(id: string): Promise<RetryOutcome> {
    return this.answered(() => this.retried(id));
  }

  private async retried(id: string): Promise<RetryOutcome> {
    // Enqueued jobs carry our prefix; a schedule's run is listed under BullMQ's own id.
    for (const bullId of [toBullId(id), id]) {
      const job = await this.queue.getJob(bullId);
      if (!job || (await job.getState()) !== 'failed') continue;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return 'retried';
      } catch {
        // Retried (or removed) by someone else between the two calls.
        return 'not-failed';
      }
    }
    return 'not-failed';
  }

  async counts(): Promise<JobCounts> {
    const counts = await this.answered(() => this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed'));
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  async schedule(spec: ScheduleSpec): Promise<void> {
    const repeat = spec.every !== undefined ? { every: spec.every } : { pattern: spec.pattern, tz: 'UTC' };
    await this.answered(() => this.queue.upsertJobScheduler(spec.id, repeat, { name: spec.name, data: spec.data ?? null }));
  }

  async schedules(): Promise<ScheduleInfo[]> {
    const schedulers = await this.answered(() => this.queue.getJobSchedulers());
    return schedulers.map((scheduler) => ({
      id: scheduler.key,
      name: scheduler.name,
      every: scheduler.every ?? null,
      pattern: scheduler.pattern ?? null,
      next: scheduler.next === undefined ? null : new Date(scheduler.next),
    }));
  }

  /**
   * Runs a producer command, or fails fast with SERVICE_UNAVAILABLE while Redis
   * does not answer: BullMQ itself would wait for the connection without end,
   * and a relay must rather see the failure and try again later. (A command
   * given up on may still be applied when Redis returns; ids dedupe it.)
   */
  private async answered<T>(command: () => Promise<T>): Promise<T> {
    if (this.closed) throw new QueueClosedError();
    const unavailable = (cause?: unknown) => new ServiceUnavailableError(STORE_RETRY_AFTER_SECONDS, 'The job queue does not answer; retry shortly', { cause });
    if (this.producer.status !== 'ready' && !(await readyWithin(this.producer, this.commandTimeoutMs))) throw unavailable();
    const running = command();
    if (!(await withinDeadline(running, this.commandTimeoutMs))) {
      running.catch(() => {});
      throw unavailable();
    }
    try {
      return await running;
    } catch (error) {
      // Judged by the connection's state, not by the error's text.
      if (this.producer.status !== 'ready') throw unavailable(error);
      throw error;
    }
  }

  /**
   * worker.close() waits for the jobs in hand with no timeout of its own (and
   * may never resolve while Redis is away), and a later close(true) only
   * returns that same pending promise. So: pause (no more jobs taken), wait for
   * the handlers in hand up to the deadline, then close normally (their
   * results recorded) or, past the deadline, forced: lock renewal stops, the
   * lock runs out, and another worker's stalled-job check runs the job again.
   */
  async close({ timeoutMs = this.options.closeTimeoutMs ?? 10_000 }: { readonly timeoutMs?: number } = {}): Promise<CloseOutcome> {
    if (this.closed) return { timedOut: false };
    this.closed = true;
    let timedOut = false;
    const worker = this.worker;
    if (worker) {
      await withinDeadline(worker.pause(true), SHORT_MS);
      timedOut = !(await withinDeadline(Promise.allSettled([...this.inHand]), timeoutMs));
      if (timedOut) this.log.warn({ timeoutMs, jobs: this.inHand.size }, 'job worker: jobs in hand did not finish before the deadline; given up (they will run again)');
      if (!(await withinDeadline(worker.close(timedOut), timedOut ? SHORT_MS : 2 * SHORT_MS))) await withinDeadline(worker.disconnect(), SHORT_MS);
    }
    await withinDeadline(this.queue.close(), SHORT_MS);
    for (const client of [this.producer, this.workerClient]) client?.disconnect();
    return { timedOut };
  }
}

/**
 * An 'error' listener (without one ioredis reports connection errors as
 * unhandled) that logs an outage once when it starts and once when it ends,
 * however many reconnection attempts fail in between. The message only: never the URL.
 */
/** The messages of a Redis connection that is down or going down (ioredis and Node's socket errors). */
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|connect ETIMEDOUT|Stream isn't writeable/i;

function logOutages(client: Redis, log: QueueLog, who: string): void {
  let away = false;
  client.on('error', (error: Error) => {
    if (away) return;
    away = true;
    log.warn({ reason: error.message }, `${who}: redis does not answer`);
  });
  client.on('ready', () => {
    if (!away) return;
    away = false;
    log.warn({}, `${who}: redis answers again`);
  });
}

/** Whether the client is (or becomes) ready before the deadline; connection errors meanwhile are the reconnection's business. */
function readyWithin(client: Redis, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ready = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      client.off('ready', ready);
      resolve(false);
    }, ms);
    client.once('ready', ready);
  });
}

/** Whether the promise settled before the deadline (a rejection counts as settled). */
async function withinDeadline(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

