import type { FastifyInstance } from 'fastify';
import { UnauthenticatedError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { authenticatedCaller } from '../bearer-auth.js';
import { userJson } from '../../shared/user-json.js';

/** GET /me: the caller; 401 without a valid access token. */
export function registerMe(app: FastifyInstance, useCases: UseCases): void {
  app.get('/me', async (request) => {
    const caller = await authenticatedCaller(request, useCases);
    if (!caller) throw new UnauthenticatedError();
    return { user: userJson(caller.user) };
  });
}
