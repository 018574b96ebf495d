import { randomUUID } from 'node:crypto';
import cors from '@fastify/cors';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { UseCases } from '../../core/use-cases.js';
import { createGraphqlContext } from '../graphql/context.js';
import { createGraphqlServer } from '../graphql/graphql-server.js';
import { registerRestRoutes } from '../rest/routes.js';
import { registerHealthRoutes } from './health.js';
import { answerClientError, errorBody, MethodNotAllowedError, sendError, sendErrorBody } from './http-errors.js';
import { registerRequestBudget } from './request-budget.js';

/** CONTRACT.md: request bodies over 100 kB are refused with 413 on every route. */
export const BODY_LIMIT_BYTES = 100_000;

export interface HttpServerOptions {
  useCases: UseCases;
  /** Readiness: resolves while the database answers. */
  ping: () => Promise<void>;
  /** Readiness: what is configured but not answering, without making the instance unready (["redis"]). */
  degraded?: () => string[];
  /** The general per-IP request budget: throws TooManyRequestsError when spent. None when rate limiting is off. */
  requestBudget?: (clientIp: string) => Promise<void>;
  logger: Logger;
  /** Allowed CORS origins; empty means same-origin only, `'*'` reflects any origin. */
  corsOrigins: string[] | '*';
  graphql: { introspection: boolean; sandbox: boolean };
  /** Which proxies' X-Forwarded-For to believe for the client address: none, a hop count, or addresses. */
  trustProxy: false | number | string[];
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

const GRAPHQL_PATH = '/graphql';
/** What /graphql serves (queries over GET, everything over POST); any other method is 405 with these in `Allow`. */
const GRAPHQL_METHODS = ['GET', 'POST'];

/**
 * One Fastify server for every HTTP entry point: GraphQL at /graphql, REST
 * under /api, health under /health. Fastify was chosen over Express for its
 * built-in body limit, content-type parsing, JSON-schema request validation
 * and graceful close, which the contract needs on every route.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { trustProxy } = options;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Fastify's two lines per request are replaced by the one in the onResponse hook below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A hop count means "the nearest N proxies", whatever their addresses.
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // A client-chosen request id is kept when it is harmless, so traces can span services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Idle keep-alive sockets must not hold a graceful shutdown open.
    forceCloseConnections: 'idle',
    // Long ids must reach the use cases (which answer "not found" or "forbidden" as for any
    // other id) rather than stop at the router; the URL is bounded by Node's header limit anyway.
    routerOptions: { maxParamLength: 2048 },
    clientErrorHandler: answerClientError,
    // What the router refuses before any route runs, in the contract's error body.
    frameworkErrors: (error, request, reply) => {
      const [status, body] =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? [404, errorBody('NOT_FOUND', 'Not found')]
          : [400, errorBody('BAD_USER_INPUT', 'Malformed request URL')];
      // These never reach the onRequest hooks: the request id header and the log line are set here.
      request.log.info({ method: request.method, status, code: body.error.code }, 'request refused by the router');
      void sendErrorBody(request, (reply as unknown as FastifyReply).header('x-request-id', request.id), status, body);
    },
  });

  // The per-request hooks take Fastify's `done` callback rather than being async:
  // an async hook costs a promise and a microtask turn on every request.
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // While draining, every answer closes its connection: a keep-alive client
  // (fetch, a browser, a proxy) would otherwise hold an idle socket open and
  // keep close() waiting long after the last request was answered.
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) void reply.header('connection', 'close');
    done(null, payload);
  });
  // One log line per request; never the body, headers or query string (they may carry secrets).
  // It goes through a child without pino's redaction: its keys are fixed (none of them a redacted
  // key) and its values are strings and numbers, so the redaction could never apply to it, yet it
  // cost about 7 µs of CPU per line (its wildcard paths walk every object). reqId is the binding
  // Fastify's request.log carries, so the line is the same. Every other line keeps the redaction.
  const requestLine = options.logger.child({}, { redact: { paths: [] } });
  app.addHook('onResponse', (request, reply, done) => {
    const body = request.body as { operationName?: unknown } | undefined;
    const operationName = request.url.startsWith('/graphql')
      ? ((body && typeof body === 'object' && body.operationName) || (request.query as { operationName?: unknown })?.operationName || undefined)
      : undefined;
    requestLine.info(
      {
        reqId: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        operationName: typeof operationName === 'string' ? operationName.slice(0, 100) : undefined,
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
    done();
  });

  await app.register(cors, {
    origin: options.corsOrigins === '*' ? true : options.corsOrigins.length > 0 ? options.corsOrigins : false,
    credentials: false,
    maxAge: 600,
    // Without this a browser hides them from the page: the request id for a bug report, the wait after a 429.
    exposedHeaders: ['x-request-id', 'retry-after'],
  });

  app.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    // /graphql exists: another method there is the wrong method, not a missing route.
    if (path === GRAPHQL_PATH) return sendError(new MethodNotAllowedError(GRAPHQL_METHODS), request, reply);
    return reply.code(404).send(errorBody('NOT_FOUND', `No route for ${request.method} ${path}`));
  });

  registerHealthRoutes(app, options.ping, options.degraded);
  if (options.requestBudget) registerRequestBudget(app, options.requestBudget);
  await app.register(async (api) => registerRestRoutes(api, options.useCases), { prefix: '/api' });

  // No Apollo drain plugin: Fastify's close already waits for requests in flight,
  // and the plugin's drain calls fastify.close() again from inside onClose (a deadlock).
  const apollo = await createGraphqlServer(options.useCases, { ...options.graphql, logger: options.logger });
  await apollo.start();
  app.addHook('onClose', async () => apollo.stop());
  app.route({
    url: GRAPHQL_PATH,
    // OPTIONS for CORS preflights (@fastify/cors answers them in its hook); not a method for GraphQL itself.
    method: [...GRAPHQL_METHODS, 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, {
      context: async (request) => createGraphqlContext(options.useCases, request.headers.authorization, { ip: request.ip }, request.log),
    }),
  });

  return app;
}
