import type { JobQueue } from '../core/jobs/job-queue.js';
import { BullmqQueue } from '../data/queue/bullmq-queue.js';
import type { CliSession } from '../entry-points/cli/run-cli.js';
import { loadConfig } from './env.js';
import { openStore } from './stores.js';
import { wireUseCases } from './use-cases.js';

/**
 * The queue's settings as seen from the CLI, which only reads the failed set
 * and retries jobs: a retried job keeps the options it was added with, so
 * these shape nothing the worker runs.
 */
const CLI_QUEUE_SETTINGS = {
  retry: { attempts: 1, backoffMs: 1_000, jitter: 0 },
  retention: { completed: { ageMs: 86_400_000, count: 1_000 }, failed: { ageMs: 7 * 86_400_000, count: 10_000 } },
} as const;

export interface CliSessionOptions {
  /** The environment to read (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Where the queue lives on Redis (the default name, JOBS_PREFIX unless given): tests take their own. */
  queue?: { name?: string; prefix?: string };
}

/**
 * What one CLI run opens: the environment read and checked, the store it
 * selects, the use cases over it, and with REDIS_URL the job queue on Redis
 * (without it the queue is in-process, inside the API process, and the jobs
 * commands answer SERVICE_UNAVAILABLE). No login throttle: the operator does
 * not log in. Shared by `npm run cli` and `npm run db:seed`.
 */
export async function openCliSession(options: CliSessionOptions = {}): Promise<CliSession> {
  const config = loadConfig(options.env);
  const store = await openStore(config.store);
  const { redisUrl } = config;
  const jobs = redisUrl
    ? lazyQueue(() => new BullmqQueue({ url: redisUrl, prefix: config.jobsPrefix, ...options.queue, ...CLI_QUEUE_SETTINGS }))
    : undefined;
  return {
    useCases: wireUseCases(config, store, { jobs }),
    async close() {
      try {
        await jobs?.close();
      } finally {
        await store.close();
      }
    },
  };
}

/** Connects on first use: the commands that never touch the queue open no Redis connection. */
function lazyQueue(open: () => JobQueue): JobQueue {
  let queue: JobQueue | undefined;
  const get = () => (queue ??= open());
  return {
    enqueue: (job) => get().enqueue(job),
    consume: (handler) => get().consume(handler),
    failed: (options) => get().failed(options),
    retry: (id) => get().retry(id),
    counts: () => get().counts(),
    schedule: (spec) => get().schedule(spec),
    schedules: () => get().schedules(),
    close: async (options) => (queue ? queue.close(options) : { timedOut: false }),
  };
}

export const processIo = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
