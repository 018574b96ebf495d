import type { Logger } from 'pino';
import type { Mailer } from '../core/mail/mailer.js';
import type { Store } from '../core/store.js';
import { createLogger } from './app.js';
import type { Config } from './env.js';
import { type Jobs, openJobs } from './jobs.js';
import { createMailer } from './mail.js';
import { openStore } from './stores.js';
import { wireUseCases } from './use-cases.js';

export interface WorkerProcess {
  readonly logger: Logger;
  readonly store: Store;
  readonly jobs: Jobs;
  /** SIGTERM: stops relaying and taking jobs, lets the job in hand finish (bounded), closes the mailer and the store. */
  close(): Promise<void>;
}

/**
 * The composition root of `npm run worker`: the same use cases as the API,
 * a fourth delivery style. It consumes the shared queue on Redis and relays
 * the outbox (with every other worker: the outbox's leases share the work).
 */
export async function createWorkerProcess(config: Config, overrides: { logger?: Logger; mailer?: Mailer } = {}): Promise<WorkerProcess> {
  const logger = overrides.logger ?? createLogger(config);
  const store = await openStore(config.store);
  let mailer: Mailer | undefined;
  let jobs: Jobs | undefined;
  const close = async () => {
    await jobs?.close();
    await mailer?.close();
    await store.close();
  };
  try {
    mailer = overrides.mailer ?? (await createMailer(config.mail));
    const useCases = wireUseCases(config, store, { mail: { mailer, domain: config.mail.domain } });
    jobs = await openJobs(config, logger);
    jobs.runWorker(store, useCases);
    return { logger, store, jobs, close };
  } catch (error) {
    await close();
    throw error;
  }
}
