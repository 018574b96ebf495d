import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, fieldErrorsOf, isAppError, ServiceUnavailableError, TooManyRequestsError } from '../../core/shared/errors.js';
import { graphqlMediaType } from './graphql-media-type.js';

/** The one HTTP table for core error codes (CONTRACT.md, "Error codes"). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OUT_OF_STOCK: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: { field: string; message: string }[]; retryAfter?: number };
}

export function errorBody(code: string, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message'> = {}): ErrorBody {
  return { error: { code, message, ...extra } };
}

/** What Fastify itself rejects before a handler runs, in the contract's vocabulary. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 100 kB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_USER_INPUT', message: 'Malformed JSON body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_USER_INPUT', message: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_USER_INPUT', message: 'Invalid Content-Length' },
};

/** A method the route does not serve: 405 with an `Allow` header (CONTRACT.md, METHOD_NOT_ALLOWED). */
export class MethodNotAllowedError extends Error {
  constructor(readonly allow: readonly string[]) {
    super(`Method not allowed; use ${allow.join(' or ')}`);
  }
}

/**
 * On /graphql an error answer is GraphQL-shaped ({errors: [{message,
 * extensions: {code, ...}}]}) in the media type the client negotiated, so
 * GraphQL clients read it like any other; on every other route it is the REST
 * body. Every error answer Fastify writes goes through here.
 */
export function sendErrorBody(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  if (!request.url.startsWith('/graphql')) return reply.code(status).send(body);
  const { message, ...extensions } = body.error;
  return reply.code(status).type(graphqlMediaType(request.headers.accept)).send({ errors: [{ message, extensions }] });
}

/**
 * Every error that reaches Fastify becomes the contract's error body. Core
 * errors keep their code; Fastify's own are translated; anything else is a
 * generic 500 whose details go to the log only.
 */
export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const send = (status: number, body: ErrorBody) => sendErrorBody(request, reply, status, body);
  if (error instanceof MethodNotAllowedError) {
    void reply.header('allow', error.allow.join(', '));
    return send(405, errorBody('METHOD_NOT_ALLOWED', error.message));
  }
  if (isAppError(error)) {
    // Both say when to come back: the Retry-After header and retryAfter in the body.
    if (error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return send(HTTP_STATUS[error.code], errorBody(error.code, error.message, { retryAfter: error.retryAfterSeconds }));
    }
    const fields = fieldErrorsOf(error).length > 0 ? { fields: fieldErrorsOf(error) } : {};
    return send(HTTP_STATUS[error.code], errorBody(error.code, error.message, fields));
  }
  const known = 'code' in error ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return send(known.status, errorBody(known.code, known.message));
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
    return send(400, errorBody('BAD_USER_INPUT', 'Malformed JSON body'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a malformed
 * Content-Length, oversized headers): answered on the socket, in the REST body
 * as application/json, on /graphql too: the request line and headers were
 * never read, so neither the path nor the Accept header is known (CONTRACT.md).
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', errorBody('REQUEST_HEADER_FIELDS_TOO_LARGE', 'Request headers are too large')]
      : [400, 'Bad Request', errorBody('BAD_USER_INPUT', 'Malformed HTTP request')];
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
