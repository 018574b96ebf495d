/** The operations a client sends, written once for the executeOperation and the HTTP suites. */
const USER = 'id email firstName lastName role createdAt updatedAt';
const AUTH = `accessToken refreshToken expiresIn user { ${USER} }`;

export const CREATE_USER = `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${USER} } }`;
export const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH} } }`;
export const REFRESH = `mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { ${AUTH} } }`;
export const LOGOUT = `mutation Logout($token: String!) { logout(refreshToken: $token) }`;
export const ME = `query Me { me { ${USER} } }`;
export const USER_BY_ID = `query User($id: ID!) { user(id: $id) { ${USER} } }`;
export const USERS = `query Users($first: Int, $after: String) {
  users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email } } }
}`;
export const UPDATE_USER = `mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER} } }`;
export const DELETE_USER = `mutation DeleteUser($id: ID!) { deleteUser(id: $id) }`;

export const PASSWORD = 'correct horse battery';

export const newUser = (n: number | string, overrides: Record<string, unknown> = {}) => ({
  email: `user${n}@example.com`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  password: PASSWORD,
  ...overrides,
});

/** The fields of a GraphQL User, as a client receives them. */
export interface UserJson {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'USER' | 'ADMIN';
  createdAt: string;
  updatedAt: string;
}

export interface AuthJson {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserJson;
}
