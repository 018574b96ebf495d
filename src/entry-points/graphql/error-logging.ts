import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphqlContext } from './context.js';
import { type ErrorLogger, isUnexpected, logUnexpected } from './graphql-errors.js';

/**
 * Logs each unexpected error once, through the request's own logger when the
 * context has one (so the line carries the request id), else the server's.
 */
export function errorLogging(fallback?: ErrorLogger): ApolloServerPlugin<GraphqlContext> {
  // One listener for every request (it reads the request from its argument): nothing is allocated per request.
  const listener: GraphQLRequestListener<GraphqlContext> = {
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) if (isUnexpected(error)) logUnexpected(contextValue.log ?? fallback, error);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
