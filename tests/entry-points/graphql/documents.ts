/**
 * The operations a client sends, written once for the executeOperation and the
 * HTTP suites. Each is a typed document: `npm run codegen` (codegen.yml) reads
 * these graphql() calls against ./schema.graphql, so tsc checks every
 * operation's variables and result against the schema.
 */
import type { AuthFieldsFragment, UserFieldsFragment } from '../../support/graphql/generated/graphql.js';
import { graphql } from '../../support/graphql/generated/index.js';

// Declared for codegen; each operation that spreads a fragment carries its text.
graphql(`fragment UserFields on User { id email firstName lastName role createdAt updatedAt }`);
graphql(`fragment AuthFields on AuthPayload { accessToken refreshToken expiresIn user { ...UserFields } }`);

export const CREATE_USER = graphql(`mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ...UserFields } }`);
export const LOGIN = graphql(`mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...AuthFields } }`);
export const REFRESH = graphql(`mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { ...AuthFields } }`);
export const LOGOUT = graphql(`mutation Logout($token: String!) { logout(refreshToken: $token) }`);
export const LOGOUT_ALL = graphql(`mutation LogoutAll { logoutAll }`);
export const ME = graphql(`query Me { me { ...UserFields } }`);
export const USER_BY_ID = graphql(`query User($id: ID!) { user(id: $id) { ...UserFields } }`);
export const USERS = graphql(`query Users($first: Int, $after: String) {
  users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email } } }
}`);
export const UPDATE_USER = graphql(`mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ...UserFields } }`);
export const DELETE_USER = graphql(`mutation DeleteUser($id: ID!) { deleteUser(id: $id) }`);

/**
 * The arguments after a typed document: its variables, optional only when the
 * operation has no required one, then whatever the caller adds (auth, token).
 */
export type VariablesThen<TVariables, TRest extends unknown[]> = {} extends TVariables
  ? [variables?: TVariables, ...rest: Partial<TRest>]
  : [variables: TVariables, ...rest: Partial<TRest>];

export const PASSWORD = 'correct horse battery';

export const newUser = (n: number | string, overrides: Record<string, unknown> = {}) => ({
  email: `user${n}@example.com`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: PASSWORD,
  ...overrides,
});

/** The fields of a GraphQL User, as a client receives them. */
export type UserJson = UserFieldsFragment;
export type AuthJson = AuthFieldsFragment;
