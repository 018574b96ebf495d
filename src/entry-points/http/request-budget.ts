import type { FastifyInstance } from 'fastify';

/**
 * The general per-IP budget (CONTRACT.md: 1000 requests a minute), taken
 * before any route runs. Health checks are exempt: load balancers poll them.
 * `spend` throws TooManyRequestsError; the error handler shapes the answer
 * (GraphQL-shaped on /graphql, the REST body elsewhere).
 */
export function registerRequestBudget(app: FastifyInstance, spend: (clientIp: string) => Promise<void>): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/health/')) await spend(request.ip);
  });
}
