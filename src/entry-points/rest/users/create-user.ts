import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { objectOf } from '../request-validation.js';
import { userJson } from '../../shared/user-json.js';

interface Body {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

const FIELDS = ['email', 'firstName', 'lastName', 'password'] as const;

/** POST /users: public sign-up, always role USER (the body cannot carry a role). */
export function registerCreateUser(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Body: Body }>('/users', { schema: { body: objectOf(FIELDS, FIELDS) } }, async (request, reply) => {
    const user = await useCases.createUser.execute(request.body, null);
    return reply.code(201).send({ user: userJson(user) });
  });
}
