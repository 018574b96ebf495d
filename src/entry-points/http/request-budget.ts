import type { FastifyInstance } from 'fastify';
import { TooManyRequestsError } from '../../core/shared/errors.js';

/**
 * The general per-IP budget (CONTRACT.md: 1000 requests a minute), taken
 * before any route runs. Health checks are exempt: load balancers poll them.
 * On /graphql the refusal is a GraphQL-shaped body, elsewhere the REST one.
 */
export function registerRequestBudget(app: FastifyInstance, spend: (clientIp: string) => Promise<void>): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/health/')) return;
    try {
      await spend(request.ip);
    } catch (error) {
      if (!(error instanceof TooManyRequestsError) || !request.url.startsWith('/graphql')) throw error;
      return reply
        .code(429)
        .header('retry-after', String(error.retryAfterSeconds))
        .send({ errors: [{ message: error.message, extensions: { code: error.code, retryAfter: error.retryAfterSeconds } }] });
    }
  });
}
