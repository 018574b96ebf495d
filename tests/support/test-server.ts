import type { Logger } from 'pino';
import { createApp } from '../../src/config/app.js';
import { loadConfig } from '../../src/config/env.js';
import type { Mailer } from '../../src/core/mail/mailer.js';
import type { JobQueue } from '../../src/core/jobs/job-queue.js';
import type { PasswordHasher } from '../../src/core/users/password-hasher.js';
import { ScryptPasswordHasher } from '../../src/data/security/scrypt-password-hasher.js';
import type { StoreFixture } from './store-fixture.js';

/** The real scrypt code at a cost that keeps a test suite quick. */
export const fastHasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

export interface TestServer {
  /** e.g. http://127.0.0.1:43210 */
  url: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Environment variables on top of the test defaults (NODE_ENV=test, RATE_LIMIT=off, LOG_LEVEL=silent). */
  env?: Record<string, string>;
  logger?: Logger;
  /** Instead of fastHasher: e.g. one with small concurrency limits, held by the test. */
  hasher?: PasswordHasher;
  /** Run the worker (outbox relay, in-process queue, job handler) in this server, sending through `mailer`. Off by default. */
  worker?: { mailer: Mailer };
  /** A job queue the test owns (the server does not close it). */
  jobs?: JobQueue;
}

/**
 * The whole HTTP application (GraphQL, REST, health) on an ephemeral port,
 * over a store the fixture owns: closing the server leaves the store open.
 */
export async function startTestServer(fixture: StoreFixture, options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    RATE_LIMIT: 'off',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-at-least-32-bytes-long',
    DB_TYPE: 'memory',
    ...options.env,
  });
  const app = await createApp(config, {
    store: fixture.store,
    hasher: options.hasher ?? fastHasher,
    logger: options.logger,
    runWorker: options.worker !== undefined,
    mailer: options.worker?.mailer,
    jobs: options.jobs,
  });
  const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}
