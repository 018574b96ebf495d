/**
 * Refresh tokens are random strings given to the client once; stores keep only
 * their hash. A family is the chain of tokens issued by rotation from one login.
 */
export interface RefreshTokenRecord {
  id: string;
  tokenHash: string;
  userId: string;
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  /** The user's token version at issue: once the user has another one, the token is refused (UserRecord.tokenVersion). */
  tokenVersion: number;
}

export interface RefreshTokenRepository {
  /** May throw NotFoundError when the user is gone (a store with a foreign key can tell; others store it anyway). */
  insert(token: RefreshTokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /**
   * Sets revokedAt on the token if it is not revoked yet, atomically: of any
   * number of concurrent calls for one token, exactly one returns true.
   */
  revoke(id: string, at: Date): Promise<boolean>;
  /** Revokes every unrevoked token of the family (reuse of a rotated token). */
  revokeFamily(familyId: string, at: Date): Promise<void>;
  /** Removes every token of the user (the user is being deleted). */
  deleteByUser(userId: string): Promise<void>;
  /**
   * Deletes the tokens that expired before `expiredBefore` or were revoked
   * before `revokedBefore`, except those of a family that still has a live
   * token (unrevoked, expiring at or after `expiredBefore`): reuse detection
   * (RefreshSession) must recognise a rotated token for as long as presenting
   * it could end a live family. Answers how many tokens it deleted.
   */
  purge(cutoffs: { expiredBefore: Date; revokedBefore: Date }): Promise<number>;
}
