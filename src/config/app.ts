import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Mailer } from '../core/mail/mailer.js';
import type { JobQueue } from '../core/jobs/job-queue.js';
import type { PasswordHasher } from '../core/users/password-hasher.js';
import type { Store } from '../core/store.js';
import { createHttpServer } from '../entry-points/http/server.js';
import type { Config } from './env.js';
import { type Jobs, openJobs, workerRunsInApi } from './jobs.js';
import { createMailer } from './mail.js';
import { createRateLimits } from './rate-limits.js';
import { startSettlingPlacements } from './settle-placements.js';
import { openStore } from './stores.js';
import { wireUseCases } from './use-cases.js';

export interface Overrides {
  /** Tests pass a store they own (and close themselves) and a cheaper hasher. */
  store?: Store;
  hasher?: PasswordHasher;
  logger?: Logger;
  /** Tests hand in a Mailer they read back (closed by the app like its own). */
  mailer?: Mailer;
  /** Whether this process runs the worker (the relay and the job handler); by default as workerRunsInApi decides. */
  runWorker?: boolean;
  /** A queue the test owns (and closes), for the job use cases. */
  jobs?: JobQueue;
}

/**
 * JSON lines on stdout through an asynchronous destination (sonic-boom): a
 * request's log line is queued and written after the answer instead of a
 * blocking write(2) on the hot path. Lines queued at exit are not lost: the
 * server flushes before it exits (main.ts), and pino flushes synchronously on
 * `process.exit` for the paths that cannot wait.
 */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino(
    {
      level: config.logLevel,
      // Belt and braces: the request log never includes these, and nothing else may either.
      redact: { paths: ['password', '*.password', 'token', '*.token', 'refreshToken', '*.refreshToken', 'accessToken', '*.accessToken', 'authorization', '*.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

export interface App {
  readonly http: FastifyInstance;
  readonly store: Store;
  readonly logger: Logger;
  readonly jobs: Jobs;
  /** Stops accepting, finishes in-flight requests, then closes the store (unless the caller owns it). */
  close(): Promise<void>;
}

/** The composition root of the server: the only place that knows every piece. */
export async function createApp(config: Config, overrides: Overrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config);
  const store = overrides.store ?? (await openStore(config.store));
  const rateLimits = createRateLimits(config, logger);
  const settlement = startSettlingPlacements(store.orders, logger);
  const runWorker = overrides.runWorker ?? workerRunsInApi(config);
  let mailer: Mailer | undefined;
  let jobs: Jobs | undefined;
  const closeParts = async () => {
    await jobs?.close();
    await mailer?.close();
    await settlement.stop();
    await rateLimits.close();
    if (!overrides.store) await store.close();
  };
  try {
    jobs = await openJobs(config, logger);
    mailer = runWorker ? (overrides.mailer ?? (await createMailer(config.mail))) : undefined;
    const mail = mailer && { mailer, domain: config.mail.domain };
    const useCases = wireUseCases(config, store, { hasher: overrides.hasher, loginThrottle: rateLimits.loginThrottle, mail, jobs: overrides.jobs ?? jobs.queue });
    if (runWorker) jobs.runWorker(store, useCases);
    const queueParts = jobs;
    const http = await createHttpServer({
      useCases,
      ping: () => store.ping(),
      degraded: () => [...rateLimits.degraded(), ...queueParts.degraded()],
      requestBudget: rateLimits.requestBudget,
      logger,
      corsOrigins: config.corsOrigins.length > 0 ? config.corsOrigins : config.production ? [] : '*',
      trustProxy: config.trustProxy,
      graphql: config.graphql,
    });
    return {
      http,
      store,
      logger,
      jobs,
      async close() {
        await http.close();
        await closeParts();
      },
    };
  } catch (error) {
    await closeParts();
    throw error;
  }
}
