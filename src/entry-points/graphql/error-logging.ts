import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphqlContext } from './context.js';
import { type ErrorLogger, isUnexpected, logUnexpected } from './graphql-errors.js';

/**
 * Logs each unexpected error once, through the request's own logger when the
 * context has one (so the line carries the request id), else the server's.
 */
export function errorLogging(fallback?: ErrorLogger): ApolloServerPlugin<GraphqlContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) if (isUnexpected(error)) logUnexpected(contextValue.log ?? fallback, error);
        },
      };
    },
  };
}
