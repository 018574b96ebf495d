import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { NotFoundError, UnauthenticatedError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { type User, toPublicUser, type UserRecord } from '../users/user.js';
import type { AccessTokens } from './access-tokens.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: User;
}

/**
 * Refresh tokens are 256 random bits; a fast hash is enough to store them
 * (nothing to brute-force), and it lets the store look them up by hash.
 */
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SessionDeps {
  refreshTokens: RefreshTokenRepository;
  accessTokens: AccessTokens;
  clock: Clock;
  /** Lifetime of a refresh token, in seconds. */
  refreshTokenTtl: number;
}

/** Issues an access token and a new refresh token in `familyId` (a new family on login). */
export async function startSession(deps: SessionDeps, user: UserRecord, familyId = newId()): Promise<AuthPayload> {
  const now = deps.clock();
  const refreshToken = randomBytes(32).toString('base64url');
  try {
    await deps.refreshTokens.insert({
      id: newId(now),
      tokenHash: hashRefreshToken(refreshToken),
      userId: user.id,
      familyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.refreshTokenTtl * 1000),
      revokedAt: null,
    });
  } catch (error) {
    // The user was deleted between being read and getting its session.
    if (error instanceof NotFoundError) throw new UnauthenticatedError('The user no longer exists');
    throw error;
  }
  const access = await deps.accessTokens.issue(user.id);
  return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user: toPublicUser(user) };
}
