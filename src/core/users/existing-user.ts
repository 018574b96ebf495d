import { type Actor, mayManage, requireActor } from '../auth/actor.js';
import { NotFoundError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';
import type { UserRepository } from './user-repository.js';

/**
 * CONTRACT.md: an unknown or malformed id is NOT_FOUND for update and delete,
 * whoever asks, so "no such user" is decided before "not yours". Ids are no
 * secret (any signed-in user can list them), so this reveals nothing. The store
 * is read only for a caller who may not manage that id; for the others the
 * write itself finds out.
 */
export async function requireExistingForActor(users: UserRepository, id: string, actor: Actor | null): Promise<void> {
  const known = requireActor(actor);
  if (typeof id !== 'string' || !isWellFormedId(id)) throw new NotFoundError('No user has this id');
  if (!mayManage(known, id) && !(await users.findById(id))) throw new NotFoundError('No user has this id');
}
