import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { objectOf } from '../request-validation.js';

/** POST /auth/logout: revokes the refresh token; 204 also for an unknown one, so it reveals nothing. */
export function registerLogout(app: FastifyInstance, useCases: UseCases): void {
  const body = objectOf(['refreshToken'], ['refreshToken']);
  app.post<{ Body: { refreshToken: string } }>('/auth/logout', { schema: { body } }, async (request, reply) => {
    await useCases.logout.execute(request.body.refreshToken);
    return reply.code(204).send();
  });
}
