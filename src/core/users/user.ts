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
}

export const toPublicUser = ({ passwordHash: _hash, ...user }: UserRecord): User => user;
