import type { Actor } from '../../core/auth/actor.js';
import type { Authenticated } from '../../core/auth/authenticate.js';
import type { UseCases } from '../../core/use-cases.js';
import { bearerToken } from '../http/bearer-token.js';
import type { ErrorLogger } from './graphql-errors.js';

/**
 * Per-request state for resolvers. Authentication is lazy and memoized: a
 * request for public fields never touches the token store, and a document
 * with several protected fields verifies the token once.
 */
export interface GraphqlContext {
  /** The caller, or null when the request carries no Authorization header. Rejects with UnauthenticatedError for a bad one. */
  authenticated(): Promise<Authenticated | null>;
  /** The actor to hand to use cases: null for an anonymous request, so the use case decides whether that is allowed. */
  actor(): Promise<Actor | null>;
  /** The client as the transport sees it; login counts failed attempts per address. */
  readonly client: { ip?: string };
  /** The request's logger (its lines carry the request id), when the transport has one. */
  readonly log?: ErrorLogger;
}

export function createGraphqlContext(
  useCases: UseCases,
  authorization: string | undefined,
  client: { ip?: string } = {},
  log?: ErrorLogger,
): GraphqlContext {
  let pending: Promise<Authenticated | null> | undefined;
  const authenticated = () => {
    pending ??= resolveCaller(useCases, authorization);
    return pending;
  };
  return {
    authenticated,
    actor: async () => (await authenticated())?.actor ?? null,
    client,
    log,
  };
}

async function resolveCaller(useCases: UseCases, authorization: string | undefined): Promise<Authenticated | null> {
  const token = bearerToken(authorization);
  return token === null ? null : useCases.authenticate.execute(token);
}
