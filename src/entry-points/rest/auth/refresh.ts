import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { objectOf } from '../request-validation.js';
import { authPayloadJson } from './auth-payload-json.js';

/** POST /auth/refresh: a refresh token for a new pair; the one presented stops working. */
export function registerRefresh(app: FastifyInstance, useCases: UseCases): void {
  const body = objectOf(['refreshToken'], ['refreshToken']);
  app.post<{ Body: { refreshToken: string } }>('/auth/refresh', { schema: { body } }, async (request) =>
    authPayloadJson(await useCases.refreshSession.execute(request.body.refreshToken)),
  );
}
