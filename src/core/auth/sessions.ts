import { createHash, randomBytes, randomInt } from 'node:crypto';
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

/**
 * A token issued under another token version than the user's current one is
 * dead: the user changed its password or logged out everywhere since.
 */
export const isCurrentVersion = (tokenVersion: number, user: Pick<UserRecord, 'tokenVersion'>): boolean => tokenVersion === user.tokenVersion;

/**
 * The version that ends every session issued so far: random, not the stored one
 * plus one. Only equality matters, and a fresh value cannot go back: on a store
 * whose updates are read-then-write (FerretDB 1.x), racing "+1"s end with an
 * older count stored after a newer one was returned, which would bring back the
 * tokens of that count. Of racing fresh values one stays, and every token of
 * the others was issued while they were in flight. 1 to 2^31 - 1: a 32-bit
 * integer on every store; the chance of drawing a version the user had before
 * is 1 in 2^31 per change.
 */
export const newTokenVersion = (): number => randomInt(1, 2 ** 31);

/**
 * Issues an access token and a new refresh token in `familyId` (a new family on
 * login), both under the token version of `user` as it was read: if it has
 * changed since (a password change racing this login), both are dead at once.
 */
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
      tokenVersion: user.tokenVersion,
    });
  } catch (error) {
    // The user was deleted between being read and getting its session.
    if (error instanceof NotFoundError) throw new UnauthenticatedError('The user no longer exists');
    throw error;
  }
  const access = await deps.accessTokens.issue({ userId: user.id, tokenVersion: user.tokenVersion });
  return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user: toPublicUser(user) };
}
