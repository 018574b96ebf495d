import 'reflect-metadata';
import type { App } from './config/app.js';
import { flushLogger } from './config/log-flush.js';
import { type Config, ConfigError, loadConfig } from './config/env.js';

/** CONTRACT.md: on SIGTERM/SIGINT, drain and exit 0 within 10 seconds. */
const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * Starts the server. The environment is validated before the application is
 * even loaded, so a bad value is refused at once; the signal handlers are in
 * place from the first moment, so a signal during start-up (the embedded
 * database's first initdb takes seconds) still closes the store and exits 0.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  // Filled in once start-up lands; the signal handler, installed first, reads it then.
  const started: { app?: App } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    started.app?.logger.info({ signal }, 'shutting down: draining requests');
    setTimeout(() => {
      process.stderr.write('error: shutdown deadline passed; exiting\n');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // Before start-up finishes there is nothing to close yet: main() closes it when it lands.
    if (started.app) void closeAndExit(started.app);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const { createApp } = await import('./config/app.js');
  const app = (started.app = await createApp(config));
  if (stopping) return closeAndExit(app);
  const { logger } = app;
  if (config.jwtSecretGenerated) logger.warn('JWT_SECRET is not set: using a generated one; tokens end with this process');
  const address = await app.http.listen({ port: config.port, host: config.host });
  // Every module is loaded: scripts/register.mjs may drop its TypeScript hooks (they cost on every require()).
  (process as NodeJS.EventEmitter).emit('flexible-backend:sources-loaded');
  const url = address.replace('0.0.0.0', 'localhost');
  logger.info({ url, store: describeStore(config.store) }, `serving GraphQL at ${url}/graphql and REST at ${url}/api`);
}

async function closeAndExit(app: App): Promise<void> {
  try {
    await app.close();
    app.logger.info('shut down cleanly');
    await flushLogger(app.logger);
    process.exit(0);
  } catch (error) {
    app.logger.error({ err: error }, 'error while shutting down');
    await flushLogger(app.logger);
    process.exit(1);
  }
}

function describeStore(store: Config['store']): string {
  if (store.type !== 'sql') return store.type;
  return 'url' in store ? 'sql (PostgreSQL server)' : `sql (embedded PostgreSQL in ${store.dataDir})`;
}

main().catch((error: unknown) => {
  // Configuration and start-up failures are one readable line, not a stack.
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  const hint = (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE' ? ' (set PORT to a free port)' : '';
  process.stderr.write(`error: ${message}${hint}\n`);
  process.exit(1);
});
