import type { RefreshTokenRecord } from '../../core/auth/refresh-token-repository.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { RefreshToken as RefreshTokenRow, User as UserRow } from './generated/client.js';

// The one place where rows become core records. Copying field by field (rather than returning the
// row) keeps Prisma's types and any field the schema grows out of what the core sees.

export const toUserRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  firstName: row.firstName,
  lastName: row.lastName,
  passwordHash: row.passwordHash,
  role: row.role,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  tokenVersion: row.tokenVersion,
});

/** The columns of the caller check: no profile, never the password hash. */
export const CALLER_COLUMNS = { id: true, role: true, tokenVersion: true } as const;

export const toCallerRecord = (row: Pick<UserRow, 'id' | 'role' | 'tokenVersion'>): CallerRecord => ({
  id: row.id,
  role: row.role,
  tokenVersion: row.tokenVersion,
});

export const toRefreshTokenRecord = (row: RefreshTokenRow): RefreshTokenRecord => ({
  id: row.id,
  tokenHash: row.tokenHash,
  userId: row.userId,
  familyId: row.familyId,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  tokenVersion: row.tokenVersion,
});
