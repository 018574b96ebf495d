import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { actorOf } from '../bearer-auth.js';

/** DELETE /users/:id: the user itself or an ADMIN; 204 with no body. */
export function registerDeleteUser(app: FastifyInstance, useCases: UseCases): void {
  app.delete<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    await useCases.deleteUser.execute(request.params.id, await actorOf(request, useCases));
    return reply.code(204).send();
  });
}
