import type { FastifyInstance } from 'fastify';
import { UnauthenticatedError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { authenticatedCaller } from '../bearer-auth.js';

/** POST /auth/logout-all: ends every session of the caller, the access token it was called with included; 204. */
export function registerLogoutAll(app: FastifyInstance, useCases: UseCases): void {
  app.post('/auth/logout-all', async (request, reply) => {
    const caller = await authenticatedCaller(request, useCases);
    if (!caller) throw new UnauthenticatedError();
    await useCases.logoutAll.execute(caller.user.id, caller.actor);
    return reply.code(204).send();
  });
}
