import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { UseCases } from '../../core/use-cases.js';
import { DOCUMENT_LIMITS, documentLimitRules } from './document-limits.js';
import type { GraphqlContext } from './context.js';
import { errorLogging } from './error-logging.js';
import { type ErrorLogger, formatGraphqlError } from './graphql-errors.js';
import { compiledExecutor } from './compiled-executor.js';
import { buildGraphqlSchema } from './graphql-schema.js';
import { noStore } from './no-store.js';
import { retryAfterHttpAnswer } from './retry-after-http-answer.js';

export { createGraphqlContext, type GraphqlContext } from './context.js';
export { buildGraphqlSchema, printGraphqlSchema } from './graphql-schema.js';

export interface GraphqlOptions {
  introspection: boolean;
  /** Apollo Sandbox as the landing page (off in production unless asked for). */
  sandbox: boolean;
  /** Sees the original of every error that clients only see as INTERNAL_SERVER_ERROR; pino-compatible. */
  logger?: ErrorLogger;
}


/** The Apollo server for /graphql, not started: the HTTP layer starts it and mounts it. */
export async function createGraphqlServer(useCases: UseCases, options: GraphqlOptions): Promise<ApolloServer<GraphqlContext>> {
  return new ApolloServer<GraphqlContext>({
    // The schema with a compiled executor (graphql-jit) in front of it; see compiled-executor.ts.
    gateway: compiledExecutor(await buildGraphqlSchema(useCases)),
    introspection: options.introspection,
    csrfPrevention: true,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handler would re-kill the process mid-drain.
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Never a stack in a response, whatever NODE_ENV says.
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphqlError,
    validationRules: documentLimitRules,
    // graphql-js stops parsing past this many tokens: a GRAPHQL_PARSE_FAILED 400, before validation even starts.
    parseOptions: { maxTokens: DOCUMENT_LIMITS.tokens },
    // "Did you mean ...?" suggestions reveal the schema; they go wherever introspection goes.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    plugins: [
      // Sandbox's UI comes from Apollo's CDN either way; what it would report back to Apollo stays off.
      options.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: { runTelemetry: false } }) : ApolloServerPluginLandingPageDisabled(),
      errorLogging(options.logger),
      retryAfterHttpAnswer,
      // Apollo's per-field cache-hint bookkeeping always concluded no-store here; see no-store.ts.
      ApolloServerPluginCacheControlDisabled(),
      noStore,
    ],
  });
}
