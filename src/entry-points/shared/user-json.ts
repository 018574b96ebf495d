import type { User } from '../../core/users/user.js';

/** A user as REST and the CLI's order output print it: exactly the GraphQL User fields, dates as ISO-8601 strings. */
export interface UserJson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  createdAt: string;
  updatedAt: string;
}

export const userJson = (user: User): UserJson => ({
  id: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  role: user.role,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});
