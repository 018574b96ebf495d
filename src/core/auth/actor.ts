import { ForbiddenError, UnauthenticatedError } from '../shared/errors.js';
import type { Role } from '../users/user.js';

/**
 * Who is asking. `user` comes from a verified access token; `operator` is the
 * CLI, run by whoever has shell access to the deployment, with full rights.
 * `null` means an anonymous request.
 */
export type Actor = { kind: 'user'; id: string; role: Role } | { kind: 'operator' };

export const OPERATOR: Actor = { kind: 'operator' };

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export const isPrivileged = (actor: Actor): boolean => actor.kind === 'operator' || actor.role === 'ADMIN';

/** Only the user itself or an administrator may change or delete a user. */
export const mayManage = (actor: Actor, userId: string): boolean =>
  isPrivileged(actor) || (actor.kind === 'user' && actor.id === userId);

export function requireSelfOrAdmin(actor: Actor | null, userId: string): void {
  if (!mayManage(requireActor(actor), userId)) throw new ForbiddenError('Only the user or an administrator may do this');
}
