import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphqlContext } from './context.js';

/**
 * Every /graphql answer is `Cache-Control: no-store`, as Apollo's cache-control
 * plugin made it: no type or field here has a cache hint, so its verdict was
 * always "uncacheable". That plugin hooks every resolved field to compute the
 * same verdict (and makes graphql-jit build the full resolve info for each
 * one), so it is switched off and this says the verdict once per response.
 */
export const noStore: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
