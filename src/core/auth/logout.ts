import type { Clock } from '../shared/clock.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';
import { hashRefreshToken } from './sessions.js';

export class Logout {
  constructor(private readonly deps: { refreshTokens: RefreshTokenRepository; clock: Clock }) {}

  /** Revokes the token if it exists; silent for an unknown one, so it reveals nothing. */
  async execute(refreshToken: string): Promise<void> {
    if (typeof refreshToken !== 'string' || refreshToken.length === 0 || refreshToken.length > 512) return;
    const stored = await this.deps.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (stored) await this.deps.refreshTokens.revoke(stored.id, this.deps.clock());
  }
}
