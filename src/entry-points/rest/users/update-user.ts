import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';
import { userJson } from '../../shared/user-json.js';

interface Body {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
}

/** Role, id and timestamps are not among them: REST cannot set them (CLI `--role` can). */
const FIELDS = ['email', 'firstName', 'lastName', 'password'] as const;

/** PATCH /users/:id: the user itself or an ADMIN; only the fields given change. */
export function registerUpdateUser(app: FastifyInstance, useCases: UseCases): void {
  app.patch<{ Params: { id: string }; Body: Body }>('/users/:id', { schema: { body: objectOf(FIELDS) } }, async (request) => {
    const user = await useCases.updateUser.execute(request.params.id, request.body, await actorOf(request, useCases));
    return { user: userJson(user) };
  });
}
