import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { objectOf } from '../request-validation.js';
import { authPayloadJson } from './auth-payload-json.js';

/** POST /auth/login: credentials for a token pair; a wrong email and a wrong password fail alike (401). */
export function registerLogin(app: FastifyInstance, useCases: UseCases): void {
  const body = objectOf(['email', 'password'], ['email', 'password']);
  app.post<{ Body: { email: string; password: string } }>('/auth/login', { schema: { body } }, async (request) =>
    authPayloadJson(await useCases.login.execute(request.body, { ip: request.ip })),
  );
}
