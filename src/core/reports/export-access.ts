import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import { ForbiddenError } from '../shared/errors.js';

/** Exports are ADMIN-only, like the report they hold; the operator may too. */
export function requireExportAccess(actor: Actor | null): Actor {
  const caller = requireActor(actor);
  if (!isPrivileged(caller)) throw new ForbiddenError('Only an administrator may use sales exports');
  return caller;
}
