import { UnauthenticatedError } from '../shared/errors.js';
import type { UserRepository } from '../users/user-repository.js';
import { type AuthPayload, hashRefreshToken, isCurrentVersion, type SessionDeps, startSession } from './sessions.js';

const invalid = () => new UnauthenticatedError('Invalid refresh token');

export class RefreshSession {
  constructor(private readonly deps: SessionDeps & { users: UserRepository }) {}

  /**
   * Rotation: the presented token is revoked and a new one issued in the same
   * family. Presenting a token that was already revoked means it was copied:
   * the whole family is revoked, so the thief and the victim both sign in again.
   *
   * The successor is stored before the presented token is revoked. Of several
   * concurrent refreshes with one token, exactly one wins the revoke; every
   * loser then revokes the family, and since the winner's successor already
   * exists by then, it is revoked too: a race is treated as the reuse it is.
   */
  async execute(refreshToken: string): Promise<AuthPayload> {
    if (typeof refreshToken !== 'string' || refreshToken.length === 0 || refreshToken.length > 512) throw invalid();
    const now = this.deps.clock();
    const stored = await this.deps.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (!stored) throw invalid();
    if (stored.revokedAt) {
      await this.deps.refreshTokens.revokeFamily(stored.familyId, now);
      throw invalid();
    }
    if (stored.expiresAt <= now) throw invalid();
    const user = await this.deps.users.findById(stored.userId);
    // Issued before a password change or a logout everywhere: dead, whatever its revokedAt says.
    if (!user || !isCurrentVersion(stored.tokenVersion, user)) throw invalid();
    const successor = await startSession(this.deps, user, stored.familyId);
    if (!(await this.deps.refreshTokens.revoke(stored.id, now))) {
      await this.deps.refreshTokens.revokeFamily(stored.familyId, now);
      throw invalid();
    }
    return successor;
  }
}
