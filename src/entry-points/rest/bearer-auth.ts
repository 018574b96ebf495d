import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../core/auth/actor.js';
import type { Authenticated } from '../../core/auth/authenticate.js';
import type { UseCases } from '../../core/use-cases.js';
import { bearerToken } from '../http/bearer-token.js';

// Per request, so that one request never checks its caller twice; weak, so a finished request takes its entry with it.
const actors = new WeakMap<FastifyRequest, Promise<Actor | null>>();

/**
 * The caller and its profile behind `Authorization: Bearer <token>` (GET /me):
 * the caller check and the lookup in one read. Null without the header; a bad
 * header or token is refused.
 */
export async function authenticatedCaller(request: FastifyRequest, useCases: UseCases): Promise<Authenticated | null> {
  const token = bearerToken(request.headers.authorization);
  return token === null ? null : useCases.authenticate.execute(token);
}

/** The actor the use cases need (the narrow caller check, memoized per request); they decide what an anonymous caller (null) may do. */
export function actorOf(request: FastifyRequest, useCases: UseCases): Promise<Actor | null> {
  let actor = actors.get(request);
  if (!actor) {
    actor = (async () => {
      const token = bearerToken(request.headers.authorization);
      return token === null ? null : useCases.authenticate.actor(token);
    })();
    actors.set(request, actor);
  }
  return actor;
}
