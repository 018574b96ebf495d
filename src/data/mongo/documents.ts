import type { RefreshTokenRecord } from '../../core/auth/refresh-token-repository.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { UserChanges } from '../../core/users/user-repository.js';

/**
 * The shape of stored documents, and the only place that converts between
 * them and core records. The core's id string is the `_id`, so no ObjectId is
 * ever made or returned; dates are BSON dates (millisecond precision, like the
 * core's Date).
 */
export const COLLECTIONS = {
  users: 'users',
  refreshTokens: 'refreshTokens',
  refreshTokenRevocations: 'refreshTokenRevocations',
  documentLocks: 'documentLocks',
} as const;

export interface UserDocument {
  _id: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  role: UserRecord['role'];
  createdAt: Date;
  updatedAt: Date;
  /** Absent from documents written before token versions existed: reads as 0. */
  tokenVersion?: number;
}

/** A refresh token as issued; never updated. Its revocation, if any, is a RevocationDocument. */
export interface RefreshTokenDocument {
  _id: string;
  tokenHash: string;
  userId: string;
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Absent from tokens issued before token versions existed: reads as 0. */
  tokenVersion?: number;
}

/**
 * The fact that a token is revoked, keyed by the token's id: a unique `_id`
 * admits exactly one insert, which makes revocation a compare-and-set on any
 * MongoDB-protocol server (see MongoRefreshTokenRepository.revoke).
 */
export interface RevocationDocument {
  _id: string;
  userId: string;
  familyId: string;
  revokedAt: Date;
}

/** A held per-document lock (see DocumentLocks); `_id` is `<collection>:<document id>`. */
export interface LockDocument {
  _id: string;
  /** Random per acquisition: only its holder removes it. */
  owner: string;
  takenAt: Date;
}

export const toUserDocument = (user: UserRecord): UserDocument => ({
  _id: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  passwordHash: user.passwordHash,
  role: user.role,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
  tokenVersion: user.tokenVersion,
});

export const toUserRecord = (doc: UserDocument): UserRecord => ({
  id: doc._id,
  email: doc.email,
  firstName: doc.firstName,
  lastName: doc.lastName,
  passwordHash: doc.passwordHash,
  role: doc.role,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
  tokenVersion: doc.tokenVersion ?? 0,
});

/** The projection of the caller check: no profile, never the password hash (`_id` comes by default). */
export const CALLER_PROJECTION = { role: 1, tokenVersion: 1 } as const;

export const toCallerRecord = (doc: Pick<UserDocument, '_id' | 'role' | 'tokenVersion'>): CallerRecord => ({
  id: doc._id,
  role: doc.role,
  tokenVersion: doc.tokenVersion ?? 0,
});

/**
 * The `$set` for an update. Fields left undefined are dropped: the driver
 * would otherwise store them as null.
 */
export function toUserSet(changes: UserChanges): Partial<Omit<UserDocument, '_id'>> {
  const set: Partial<Omit<UserDocument, '_id'>> = { updatedAt: changes.updatedAt };
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.firstName !== undefined) set.firstName = changes.firstName;
  if (changes.lastName !== undefined) set.lastName = changes.lastName;
  if (changes.passwordHash !== undefined) set.passwordHash = changes.passwordHash;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.tokenVersion !== undefined) set.tokenVersion = changes.tokenVersion;
  return set;
}

export const toRefreshTokenDocument = (token: RefreshTokenRecord): RefreshTokenDocument => ({
  _id: token.id,
  tokenHash: token.tokenHash,
  userId: token.userId,
  familyId: token.familyId,
  createdAt: token.createdAt,
  expiresAt: token.expiresAt,
  tokenVersion: token.tokenVersion,
});

export const toRevocationDocument = (
  token: Pick<RefreshTokenDocument, '_id' | 'userId' | 'familyId'>,
  revokedAt: Date,
): RevocationDocument => ({ _id: token._id, userId: token.userId, familyId: token.familyId, revokedAt });

export const toRefreshTokenRecord = (doc: RefreshTokenDocument, revocation: RevocationDocument | null): RefreshTokenRecord => ({
  id: doc._id,
  tokenHash: doc.tokenHash,
  userId: doc.userId,
  familyId: doc.familyId,
  createdAt: doc.createdAt,
  expiresAt: doc.expiresAt,
  revokedAt: revocation?.revokedAt ?? null,
  tokenVersion: doc.tokenVersion ?? 0,
});
