import type { FastifyInstance } from 'fastify';

/** How long readiness waits for the database before calling it down. */
const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Liveness says the process serves; readiness asks the database each time, so
 * it turns 503 while the database is away and 200 again when it returns. A
 * part the instance can serve without (Redis: the limits count in-process)
 * is named in `degraded` while it is away, and readiness stays 200.
 */
export function registerHealthRoutes(app: FastifyInstance, ping: () => Promise<void>, degraded: () => string[] = () => []): void {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (request, reply) => {
    try {
      await withTimeout(ping(), READY_TIMEOUT_MS);
      const away = degraded();
      return away.length > 0 ? { status: 'ok', degraded: away } : { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
