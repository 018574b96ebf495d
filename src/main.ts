import 'reflect-metadata';
import { createApp } from './config/app.js';
import { type Config, ConfigError, loadConfig } from './config/env.js';

/** CONTRACT.md: on SIGTERM/SIGINT, drain and exit 0 within 10 seconds. */
const SHUTDOWN_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  const { logger } = app;
  if (config.jwtSecretGenerated) logger.warn('JWT_SECRET is not set: using a generated one; tokens end with this process');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => {
        logger.info('shut down cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const address = await app.http.listen({ port: config.port, host: config.host });
  const url = address.replace('0.0.0.0', 'localhost');
  logger.info({ url, store: describeStore(config.store) }, `serving GraphQL at ${url}/graphql and REST at ${url}/api`);
}

function describeStore(store: Config['store']): string {
  if (store.type !== 'sql') return store.type;
  return 'url' in store ? 'sql (PostgreSQL server)' : `sql (embedded PostgreSQL in ${store.dataDir})`;
}

main().catch((error: unknown) => {
  // Configuration and start-up failures are one readable line, not a stack.
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
});
