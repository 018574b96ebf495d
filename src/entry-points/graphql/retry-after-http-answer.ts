import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GraphqlContext } from './context.js';

/**
 * The codes that tell a client to come back later, with the HTTP status a
 * document gets when nothing in it succeeded (CONTRACT.md, "Error codes").
 * Listed by precedence: a store that does not answer outranks a rate limit.
 */
const RETRY_STATUS = { SERVICE_UNAVAILABLE: 503, TOO_MANY_REQUESTS: 429 } as const;
type RetryCode = keyof typeof RETRY_STATUS;

const isRetryCode = (code: unknown): code is RetryCode => typeof code === 'string' && code in RETRY_STATUS;

/** No root field has a value: data is null, or every field in it is null and has an error. */
function nothingSucceeded(data: Record<string, unknown> | null | undefined, errors: readonly GraphQLFormattedError[]): boolean {
  if (data == null) return true;
  return Object.keys(data).every((field) => data[field] === null && errors.some((error) => error.path?.[0] === field));
}

/**
 * A refusal that a client should retry (TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE)
 * gets `Retry-After` (the longest wait any of its errors asks for), and its
 * HTTP status (429, 503) when nothing else in the document succeeded.
 * formatError cannot set headers, so this plugin reads the formatted errors
 * just before the response leaves.
 */
// One listener for every request (it reads the response from its argument): nothing is allocated per request.
const listener: GraphQLRequestListener<GraphqlContext> = {
  async willSendResponse({ response }) {
    if (response.body.kind !== 'single') return;
    const { errors, data } = response.body.singleResult;
    if (!errors) return;
    const retries = errors.filter((error) => isRetryCode(error.extensions?.code));
    if (retries.length === 0) return;
    const waits = retries.map((error) => Number(error.extensions?.retryAfter) || 1);
    response.http.headers.set('retry-after', String(Math.max(...waits)));
    if (!nothingSucceeded(data, errors)) return;
    const codes = new Set(retries.map((error) => error.extensions?.code));
    const code = (Object.keys(RETRY_STATUS) as RetryCode[]).find((candidate) => codes.has(candidate))!;
    response.http.status = RETRY_STATUS[code];
  },
};

export const retryAfterHttpAnswer: ApolloServerPlugin<GraphqlContext> = {
  async requestDidStart() {
    return listener;
  },
};
