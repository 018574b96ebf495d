import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, isAppError, TooManyRequestsError, ValidationError } from '../../core/shared/errors.js';

/** The one HTTP table for core error codes (CONTRACT.md, "Error codes"). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
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

/**
 * Every error that reaches Fastify becomes the contract's error body. Core
 * errors keep their code; Fastify's own are translated; anything else is a
 * generic 500 whose details go to the log only.
 */
export function sendError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAppError(error)) {
    if (error instanceof TooManyRequestsError) {
      void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.code(429).send(errorBody(error.code, error.message, { retryAfter: error.retryAfterSeconds }));
    }
    const fields = error instanceof ValidationError && error.fields.length > 0 ? { fields: error.fields } : {};
    return reply.code(HTTP_STATUS[error.code]).send(errorBody(error.code, error.message, fields));
  }
  const known = 'code' in error ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return reply.code(known.status).send(errorBody(known.code, known.message));
  if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
    return reply.code(400).send(errorBody('BAD_USER_INPUT', 'Malformed JSON body'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
}
