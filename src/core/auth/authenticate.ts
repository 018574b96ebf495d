import { UnauthenticatedError } from '../shared/errors.js';
import { type User, toPublicUser } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AccessTokens } from './access-tokens.js';
import type { Actor } from './actor.js';
import { isCurrentVersion } from './sessions.js';

export interface Authenticated {
  actor: Actor;
  user: User;
}

export class Authenticate {
  constructor(private readonly deps: { accessTokens: AccessTokens; users: UserRepository }) {}

  /**
   * Turns an access token into the caller. The user is read from the store, so
   * a deleted user's token stops working, a role change applies at once, and a
   * token issued before a password change or a logout everywhere is refused.
   */
  async execute(accessToken: string): Promise<Authenticated> {
    const { userId, tokenVersion } = await this.deps.accessTokens.verify(accessToken);
    const record = await this.deps.users.findById(userId);
    if (!record) throw new UnauthenticatedError('Invalid access token');
    if (!isCurrentVersion(tokenVersion, record)) throw new UnauthenticatedError('Access token revoked');
    return { actor: { kind: 'user', id: record.id, role: record.role }, user: toPublicUser(record) };
  }
}
