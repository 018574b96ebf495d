import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphqlContext } from './context.js';

/**
 * CONTRACT.md: a rate-limited request gets `Retry-After`, and 429 when nothing
 * else in it succeeded. formatError cannot set headers, so this plugin reads
 * the formatted errors just before the response leaves.
 */
export const rateLimitHttpAnswer: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        const waits = (errors ?? [])
          .filter((error) => error.extensions?.code === 'TOO_MANY_REQUESTS')
          .map((error) => Number(error.extensions?.retryAfter) || 1);
        if (waits.length === 0) return;
        response.http.headers.set('retry-after', String(Math.max(...waits)));
        if (data == null) response.http.status = 429;
      },
    };
  },
};
