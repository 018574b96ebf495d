import type { Logger } from 'pino';

/**
 * Resolves once every log line queued on the asynchronous destination is
 * written: the server awaits it before `process.exit`, so the last lines
 * ("shut down cleanly") reach stdout. Never rejects: a closed stdout has
 * nothing left to lose. Its own file so that main.ts can use it without
 * loading the application before the environment is validated.
 */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    try {
      logger.flush(() => resolve());
    } catch {
      resolve();
    }
  });
}
