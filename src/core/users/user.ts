export const ROLES = ['USER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** A user as every entry point may show it: never carries the password hash. */
export interface User {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

/** A user as stores keep it. */
export interface UserRecord extends User {
  passwordHash: string;
  /**
   * Every access and refresh token carries the version it was issued under, and
   * only tokens of the current version work, so a new version (a password
   * change, logout everywhere) ends every earlier session at once. New users
   * start at 0; see newTokenVersion for why a new one is random, not a count.
   */
  tokenVersion: number;
}

/**
 * What the check of an authenticated caller reads of a user on every request:
 * who it is, what it may do and which tokens are current. Never the password
 * hash, and little enough for one narrow read.
 */
export type CallerRecord = Pick<UserRecord, 'id' | 'role' | 'tokenVersion'>;

export const toPublicUser = ({ passwordHash: _hash, tokenVersion: _version, ...user }: UserRecord): User => user;
