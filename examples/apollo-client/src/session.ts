import type { ApolloClient } from '@apollo/client';
import { LOG_IN, LOG_OUT } from './operations.js';
import type { TokenStore } from './tokens.js';

/** Signs in and keeps the token pair; rejects with CombinedGraphQLErrors (UNAUTHENTICATED) on wrong credentials. */
export async function logIn(client: ApolloClient, tokens: TokenStore, email: string, password: string) {
  const { data } = await client.mutate({ mutation: LOG_IN, variables: { email, password } });
  if (!data) throw new Error('login answered without data');
  tokens.set({ accessToken: data.login.accessToken, refreshToken: data.login.refreshToken });
  return data.login.user;
}

/** Revokes the refresh token, forgets both tokens and empties the cache (it holds the last user's data). */
export async function logOut(client: ApolloClient, tokens: TokenStore): Promise<void> {
  const refreshToken = tokens.get()?.refreshToken;
  tokens.set(null);
  if (refreshToken) await client.mutate({ mutation: LOG_OUT, variables: { refreshToken } });
  await client.clearStore();
}
