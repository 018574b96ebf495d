import type { Logger } from 'pino';
import type { JobQueue, JobRetention, JobRetryPolicy } from '../core/jobs/job-queue.js';
import type { Store } from '../core/store.js';
import type { UseCases } from '../core/use-cases.js';
import { OutboxRelay } from '../data/queue/outbox-relay.js';
import { createJobHandler, MAINTENANCE_JOBS } from '../entry-points/worker/job-handler.js';
import type { Config } from './env.js';

/** Five tries over about 15 s (1, 2, 4, 8 s apart, less up to half of each), then the failed set. */
export const JOB_RETRY: JobRetryPolicy = { attempts: 5, backoffMs: 1_000, jitter: 0.5 };
/**
 * Completed jobs are kept a day (their ids still dedupe a relay's replay,
 * whose window is a lease: 30 s), failed ones a week for an operator.
 */
export const JOB_RETENTION: JobRetention = {
  completed: { ageMs: 24 * 3_600_000, count: 10_000 },
  failed: { ageMs: 7 * 24 * 3_600_000, count: 10_000 },
};
/**
 * The maintenance schedules every worker declares (an upsert by id: several
 * workers make one schedule). Settling is the crash-safety sweep of the
 * orders; the token purge removes refresh tokens no longer any use, every
 * 15 minutes at :00, :15, :30, :45 UTC on BullMQ (the in-process queue runs
 * schedules by interval); relayed events older than 7 days leave the outbox
 * every hour.
 */
export const MAINTENANCE_SCHEDULES = {
  settle: { id: 'settle-placements', name: MAINTENANCE_JOBS.settlePlacements, every: 15_000 },
  purge: { id: 'purge-refresh-tokens', name: MAINTENANCE_JOBS.purgeRefreshTokens, pattern: '0 */15 * * * *', everyInProcess: 15 * 60_000 },
  events: { id: 'purge-sent-events', name: MAINTENANCE_JOBS.purgeSentEvents, every: 3_600_000 },
} as const;

/** How long SIGTERM lets the job in hand finish before it is given up (and run again by another worker). */
export const JOB_CLOSE_TIMEOUT_MS = 5_000;

/**
 * Where jobs run. A worker process (`npm run worker`) needs what every
 * instance can reach: Redis for the queue and a database server. The embedded
 * database belongs to one process, and the memory store to its own, so with
 * either, or with no Redis, the API process runs the worker itself.
 */
export function workerRunsInApi(config: Pick<Config, 'redisUrl' | 'store'>): boolean {
  return !config.redisUrl || config.store.type === 'memory' || (config.store.type === 'sql' && !('url' in config.store));
}

/** Why this configuration cannot run a worker process, or null when it can. */
export function workerProcessRefusal(config: Pick<Config, 'redisUrl' | 'store'>): string | null {
  if (!config.redisUrl) return 'npm run worker needs REDIS_URL (the queue it shares with the API); without it the API process runs the worker';
  if (config.store.type === 'memory') return 'npm run worker cannot share the memory store (DB_TYPE=memory): the API process runs the worker';
  if (config.store.type === 'sql' && !('url' in config.store)) {
    return 'npm run worker needs DATABASE_URL (the embedded database belongs to the API process, which then runs the worker)';
  }
  return null;
}

export interface Jobs {
  readonly queue: JobQueue;
  /** Names the queue's Redis while it does not answer (readiness reports it; the API keeps serving). */
  degraded(): string[];
  /**
   * Runs the worker in this process: the outbox relay (every process that
   * consumes relays too; their leases share the work) and the job handler
   * over these use cases. Once per process.
   */
  runWorker(store: Store, useCases: UseCases): void;
  /** Stops relaying and consuming: the job in hand finishes (bounded), then the queue closes. */
  close(): Promise<void>;
}

/**
 * The queue this configuration uses: BullMQ on REDIS_URL when worker
 * processes can share the work (a database server), else one in this
 * process, whose events stay in the outbox until their jobs have run. An
 * embedded or memory store never shares a queue: another instance on the
 * same Redis could not read its records.
 */
export async function openJobs(config: JobsConfig, logger: Logger): Promise<Jobs> {
  const { queue, answering, durable } = await openQueue(config, logger);
  let relay: OutboxRelay | undefined;
  return {
    queue,
    degraded: () => (answering() ? [] : ['queue']),
    runWorker(store, useCases) {
      if (relay) throw new Error('this process already runs a worker');
      const log = logger.child({ component: 'worker' });
      relay = new OutboxRelay({ outbox: store.outbox, queue, log, markSent: durable ? 'enqueued' : 'completed' });
      const handler = createJobHandler(useCases, log);
      queue.consume(durable ? handler : relay.completing(handler));
      relay.start();
      const { settle, purge, events } = MAINTENANCE_SCHEDULES;
      const schedules = [settle, events, durable ? { id: purge.id, name: purge.name, pattern: purge.pattern } : { id: purge.id, name: purge.name, every: purge.everyInProcess }];
      void Promise.all(schedules.map((spec) => queue.schedule(spec))).catch((error: unknown) => {
        log.error({ err: error }, 'could not declare the maintenance schedules; the next worker start declares them');
      });
    },
    async close() {
      await relay?.stop();
      const { timedOut } = await queue.close({ timeoutMs: JOB_CLOSE_TIMEOUT_MS });
      if (timedOut) logger.warn('a job was still running at shutdown: given up, it runs again later');
    },
  };
}

type JobsConfig = Pick<Config, 'redisUrl' | 'store' | 'jobsPrefix' | 'jobsLockMs' | 'jobsConcurrency'>;

async function openQueue(config: JobsConfig, logger: Logger): Promise<{ queue: JobQueue; answering: () => boolean; durable: boolean }> {
  const log = logger.child({ component: 'jobs' });
  if (config.redisUrl && !workerRunsInApi(config)) {
    const { BullmqQueue } = await import('../data/queue/bullmq-queue.js');
    const queue = new BullmqQueue({
      url: config.redisUrl,
      prefix: config.jobsPrefix,
      concurrency: config.jobsConcurrency,
      lockDurationMs: config.jobsLockMs,
      stalledIntervalMs: Math.max(100, Math.round(config.jobsLockMs / 2)),
      retry: JOB_RETRY,
      retention: JOB_RETENTION,
      closeTimeoutMs: JOB_CLOSE_TIMEOUT_MS,
      log,
    });
    return { queue, answering: () => queue.answering(), durable: true };
  }
  const { InProcessQueue } = await import('../data/queue/in-process-queue.js');
  const queue = new InProcessQueue({ retry: JOB_RETRY, retention: JOB_RETENTION, concurrency: config.jobsConcurrency, closeTimeoutMs: JOB_CLOSE_TIMEOUT_MS, log });
  return { queue, answering: () => true, durable: false };
}
