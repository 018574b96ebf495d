import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import type { Authenticated } from '../../core/auth/authenticate.js';
import type { UseCases } from '../../core/use-cases.js';
import { bearerToken } from '../http/bearer-token.js';

/** The caller behind `Authorization: Bearer <token>`; null without the header. A bad header or token is refused. */
export async function authenticatedCaller(request: FastifyRequest, useCases: UseCases): Promise<Authenticated | null> {
  const token = bearerToken(request.headers.authorization);
  return token === null ? null : useCases.authenticate.execute(token);
}

/** The actor the use cases need; they decide what an anonymous caller (null) may do. */
export async function actorOf(request: FastifyRequest, useCases: UseCases): Promise<Actor | null> {
  return (await authenticatedCaller(request, useCases))?.actor ?? null;
}
