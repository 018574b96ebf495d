import type { Actor } from '../../core/auth/actor.js';
import type { Authenticated } from '../../core/auth/authenticate.js';
import type { UseCases } from '../../core/use-cases.js';
import { bearerToken } from '../http/bearer-token.js';
import type { ErrorLogger } from './graphql-errors.js';
import { createLoaders, type Loaders } from './loaders.js';

/**
 * Per-request state for resolvers. Authentication is lazy and memoized: a
 * request for public fields never touches the token store, and a document
 * with several protected fields checks the caller once. The check reads only
 * what it needs (`actor`); a document that shows the caller (`me`) gets the
 * check and the profile from one read (`authenticated`), which a later `actor`
 * call then reuses.
 */
export interface GraphqlContext {
  /** The caller and its profile, or null when the request carries no Authorization header. Rejects with UnauthenticatedError for a bad one. */
  authenticated(): Promise<Authenticated | null>;
  /** The actor to hand to use cases: null for an anonymous request, so the use case decides whether that is allowed. */
  actor(): Promise<Actor | null>;
  /** The client as the transport sees it; login counts failed attempts per address. */
  readonly client: { ip?: string };
  /** The request's logger (its lines carry the request id), when the transport has one. */
  readonly log?: ErrorLogger;
  /** This request's batched reads (loaders.ts), made on first use: most documents never need them. */
  readonly loaders: Loaders;
}

export function createGraphqlContext(
  useCases: UseCases,
  authorization: string | undefined,
  client: { ip?: string } = {},
  log?: ErrorLogger,
): GraphqlContext {
  let withProfile: Promise<Authenticated | null> | undefined;
  let caller: Promise<Actor | null> | undefined;
  // Async so that a malformed header rejects (once, memoized) instead of throwing in the resolver.
  const authenticated = () => {
    withProfile ??= (async () => {
      const token = bearerToken(authorization);
      return token === null ? null : useCases.authenticate.execute(token);
    })();
    return withProfile;
  };
  const actor = () => {
    caller ??= withProfile
      ? withProfile.then((found) => found?.actor ?? null)
      : (async () => {
          const token = bearerToken(authorization);
          return token === null ? null : useCases.authenticate.actor(token);
        })();
    return caller;
  };
  let loaders: Loaders | undefined;
  return {
    authenticated,
    actor,
    client,
    log,
    get loaders() {
      loaders ??= createLoaders(useCases, actor);
      return loaders;
    },
  };
}
