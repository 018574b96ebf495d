import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { relayStylePagination } from '@apollo/client/utilities';
import { from, of, switchMap } from 'rxjs';
import { REFRESH_TOKENS } from './operations.js';
import type { TokenStore } from './tokens.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql. */
  uri: string;
  tokens: TokenStore;
}

/**
 * Operations that authenticate with credentials in their variables. They carry
 * no bearer token, and their UNAUTHENTICATED means wrong credentials, which a
 * refresh cannot fix.
 */
const BY_CREDENTIALS = new Set(['LogIn', 'RefreshTokens']);

/**
 * An Apollo Client for this API. Links run top to bottom on the way out:
 * the error link (refresh once on UNAUTHENTICATED, then retry), the auth link
 * (adds `Authorization: Bearer <accessToken>`), then HTTP.
 */
export function createClient({ uri, tokens }: ClientOptions): ApolloClient {
  // The token also goes into the context, so the error link knows which one a failed request carried.
  const authLink = new SetContextLink(({ headers }, operation) => {
    const accessToken = BY_CREDENTIALS.has(operation.operationName ?? '') ? undefined : tokens.get()?.accessToken;
    return accessToken ? { accessToken, headers: { ...headers, authorization: `Bearer ${accessToken}` } } : { accessToken: undefined };
  });

  // One refresh at a time: the server rotates the refresh token, and presenting
  // a used one revokes the whole session, so concurrent failures share this one.
  let refreshing: Promise<boolean> | undefined;
  const refresh = (client: ApolloClient): Promise<boolean> => {
    refreshing ??= (async () => {
      const refreshToken = tokens.get()?.refreshToken;
      if (!refreshToken) return false;
      try {
        const { data } = await client.mutate({ mutation: REFRESH_TOKENS, variables: { refreshToken } });
        if (!data) return false;
        tokens.set({ accessToken: data.refreshToken.accessToken, refreshToken: data.refreshToken.refreshToken });
        return true;
      } catch (error) {
        // Refused (expired, revoked, reused): the session is over. A network error leaves it alone.
        if (CombinedGraphQLErrors.is(error)) tokens.set(null);
        return false;
      }
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const errorLink = new ErrorLink(({ error, result, operation, forward }) => {
    const unauthenticated = CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    // Only a request that carried an access token can be cured by a new one, and only once.
    // BY_CREDENTIALS operations carry none, so the refresh mutation never waits on itself.
    const { accessToken: sent, retried } = operation.getContext();
    if (!unauthenticated || !result || !sent || retried) return;
    // A request that went out before another one refreshed just needs the new token.
    const fresh = tokens.get()?.accessToken !== sent ? Promise.resolve(tokens.get() !== null) : refresh(operation.client);
    return from(fresh).pipe(
      switchMap((ok) => {
        if (!ok) return of(result);
        operation.setContext({ retried: true });
        return forward(operation);
      }),
    );
  });

  return new ApolloClient({
    link: ApolloLink.from([errorLink, authLink, new HttpLink({ uri })]),
    cache: new InMemoryCache({
      typePolicies: {
        // Every page of `users` lands in one list; fetchMore({ variables: { after } }) appends.
        Query: { fields: { users: relayStylePagination() } },
      },
    }),
  });
}
