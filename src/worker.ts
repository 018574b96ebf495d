import 'reflect-metadata';
import { flushLogger } from './config/log-flush.js';
import { ConfigError, loadConfig } from './config/env.js';
import { workerProcessRefusal } from './config/jobs.js';
import type { WorkerProcess } from './config/worker.js';

/** SIGTERM: the job in hand gets JOB_CLOSE_TIMEOUT_MS; the whole stop stays within 10 s, as the API's. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/** `npm run worker`: consumes jobs until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const refusal = workerProcessRefusal(config);
  if (refusal) {
    process.stderr.write(`error: ${refusal}\n`);
    process.exit(2);
  }
  const started: { worker?: WorkerProcess } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    started.worker?.logger.info({ signal }, 'worker shutting down: finishing the job in hand');
    setTimeout(() => {
      process.stderr.write('error: shutdown deadline passed; exiting\n');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    if (started.worker) void closeAndExit(started.worker);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const { createWorkerProcess } = await import('./config/worker.js');
  const worker = (started.worker = await createWorkerProcess(config));
  if (stopping) return closeAndExit(worker);
  (process as NodeJS.EventEmitter).emit('flexible-backend:sources-loaded');
  worker.logger.info({ store: config.store.type, mail: config.mail.transport.type }, 'worker started: consuming jobs');
}

async function closeAndExit(worker: WorkerProcess): Promise<void> {
  try {
    await worker.close();
    worker.logger.info('worker shut down cleanly');
    await flushLogger(worker.logger);
    process.exit(0);
  } catch (error) {
    worker.logger.error({ err: error }, 'error while shutting down the worker');
    await flushLogger(worker.logger);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});
