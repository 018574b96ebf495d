import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import { requireExistingForActor } from '../users/existing-user.js';
import type { UserRepository } from '../users/user-repository.js';
import { type Actor, requireSelfOrAdmin } from './actor.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';
import { newTokenVersion } from './sessions.js';

export class LogoutAll {
  constructor(private readonly deps: { users: UserRepository; refreshTokens: RefreshTokenRepository; clock: Clock }) {}

  /**
   * Ends every session of the user (the user itself, an ADMIN or the operator
   * may ask); returns its id. The new token version is what ends them, at once
   * and on every store: every access and refresh token issued before carries an
   * old one. Deleting the refresh tokens afterwards only clears them out; a
   * login racing this one issued its tokens under the old version too.
   */
  async execute(id: string, actor: Actor | null): Promise<string> {
    await requireExistingForActor(this.deps.users, id, actor);
    requireSelfOrAdmin(actor, id);
    const record = await this.deps.users.update(id, { updatedAt: this.deps.clock(), tokenVersion: newTokenVersion() });
    if (!record) throw new NotFoundError('No user has this id');
    await this.deps.refreshTokens.deleteByUser(id);
    return id;
  }
}
