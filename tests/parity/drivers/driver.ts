/**
 * One client interface over three transports. Each driver sends the request
 * its transport's way and returns a normalized outcome, so a scenario is
 * written once and its outcomes compare with toEqual.
 */

export type TransportName = 'graphql' | 'rest' | 'cli';

/** A user as every transport prints it: the GraphQL User fields, dates as ISO-8601 strings. */
export interface UserData {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  createdAt: string;
  updatedAt: string;
}

/** REST's and the CLI's page shape; the GraphQL driver flattens its edges into it. */
export interface PageData {
  users: UserData[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface AuthData {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserData;
}

export interface DeletedData {
  deleted: string;
}

export interface LoggedOutData {
  loggedOut: string;
}

export type Ok<T> = { ok: true; data: T };
/** fields: the names of the fields at fault, in the order given; only when there are some. */
export type Failed = { ok: false; code: string; fields?: string[] };
/** No user has the id: GraphQL `user(id)` null, REST GET 404 NOT_FOUND, CLI `users get` NOT_FOUND. */
export type Absent = { absent: true };
export type Outcome<T> = Ok<T> | Failed | Absent;

export const ABSENT: Absent = { absent: true };

/**
 * Who sends a request. HTTP drivers log `email` in over their own transport and
 * send the token. The CLI has no users: it runs as the operator, who may stand
 * in for an administrator or for "any signed-in caller", never for one
 * particular USER or for nobody (CliNotApplicable).
 */
export type Caller =
  | { kind: 'user'; email: string; password: string }
  | { kind: 'admin'; email: string; password: string }
  | { kind: 'signed-in'; email: string; password: string }
  | { kind: 'anonymous' };

export interface SignUpInput {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
}

export interface Driver {
  readonly name: TransportName;
  /** Public sign-up (the CLI: `users create` without --role). */
  signUp(input: SignUpInput): Promise<Outcome<UserData>>;
  login(email: string, password: string): Promise<Outcome<AuthData>>;
  getUser(id: string, as: Caller): Promise<Outcome<UserData>>;
  listUsers(page: { first?: number; after?: string }, as: Caller): Promise<Outcome<PageData>>;
  updateUser(id: string, changes: UserChanges, as: Caller): Promise<Outcome<UserData>>;
  deleteUser(id: string, as: Caller): Promise<Outcome<DeletedData>>;
  /**
   * Ends every session of user `id`. GraphQL and REST end the caller's own (they
   * take no id: a scenario passes the caller's); the CLI names the user.
   */
  logoutAll(id: string, as: Caller): Promise<Outcome<LoggedOutData>>;
}

/**
 * Thrown when a scenario asks a driver for something its transport has no
 * concept of. Scenarios say so in their `notApplicable` column; this makes a
 * table that forgets fail loudly instead of running something else.
 */
export class NotApplicableError extends Error {}
