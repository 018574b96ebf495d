import type { RefreshTokenRepository } from '../auth/refresh-token-repository.js';
import { type Actor, requireSelfOrAdmin } from '../auth/actor.js';
import { NotFoundError } from '../shared/errors.js';
import { requireExistingForActor } from './existing-user.js';
import type { UserRepository } from './user-repository.js';

export class DeleteUser {
  constructor(private readonly deps: { users: UserRepository; refreshTokens: RefreshTokenRepository }) {}

  /** Deletes the user and every session it had; returns the id. */
  async execute(id: string, actor: Actor | null): Promise<string> {
    await requireExistingForActor(this.deps.users, id, actor);
    requireSelfOrAdmin(actor, id);
    if (!(await this.deps.users.delete(id))) throw new NotFoundError('No user has this id');
    // Not transactional on every store: a leftover token is harmless, refresh checks the user exists.
    await this.deps.refreshTokens.deleteByUser(id);
    return id;
  }
}
