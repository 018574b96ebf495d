import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { actorOf } from '../bearer-auth.js';
import { userJson } from '../../shared/user-json.js';

/** GET /users/:id: authenticated; 404 when no user has that id, malformed ids included. */
export function registerGetUser(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Params: { id: string } }>('/users/:id', async (request) => {
    const user = await useCases.getUser.execute(request.params.id, await actorOf(request, useCases));
    if (!user) throw new NotFoundError('No user has this id');
    return { user: userJson(user) };
  });
}
