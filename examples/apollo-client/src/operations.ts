/**
 * The operations this frontend sends. `npm run codegen` reads these graphql()
 * calls against schema.graphql and generates ./generated/: each constant is a
 * TypedDocumentNode, so its variables and result are typed wherever it is used.
 */
import { graphql } from './generated/index.js';

export const SIGN_UP = graphql(`
  mutation SignUp($input: CreateUserInput!) {
    createUser(input: $input) { id email firstName lastName role createdAt }
  }
`);

export const LOG_IN = graphql(`
  mutation LogIn($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken expiresIn user { id email } }
  }
`);

export const REFRESH_TOKENS = graphql(`
  mutation RefreshTokens($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }
  }
`);

export const LOG_OUT = graphql(`
  mutation LogOut($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const ME = graphql(`
  query Me {
    me { id email firstName lastName role }
  }
`);

export const USERS_PAGE = graphql(`
  query UsersPage($first: Int, $after: String) {
    users(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id email } }
    }
  }
`);
