import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  type AppError,
  type ErrorCode,
  isAppError,
  TooManyRequestsError,
  ValidationError,
} from '../../core/shared/errors.js';
import { redactInputValues } from './redact-input-values.js';

export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

/**
 * The one table from core error codes to GraphQL: extensions.code is the core
 * code itself; this adds what each code carries beside it. Typed as a Record
 * over ErrorCode, so a new core code does not compile until it has a row.
 */
const EXTENSIONS: Record<ErrorCode, (error: AppError) => Record<string, unknown>> = {
  BAD_USER_INPUT: (error) => ({ fields: error instanceof ValidationError ? error.fields : [] }),
  UNAUTHENTICATED: () => ({}),
  FORBIDDEN: () => ({}),
  NOT_FOUND: () => ({}),
  CONFLICT: () => ({}),
  TOO_MANY_REQUESTS: (error) => ({ retryAfter: error instanceof TooManyRequestsError ? error.retryAfterSeconds : undefined }),
};

const INTERNAL_MESSAGE = 'Internal server error';

/** Apollo wraps errors (resolver path, context creation); the core error is somewhere down the chain. */
function findAppError(error: unknown): AppError | undefined {
  let current: unknown = unwrapResolverError(error);
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isAppError(current)) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}

/**
 * Apollo's formatError: core errors show their code, message and details;
 * Apollo's own request errors (parse, validation, variable coercion) keep their
 * code with submitted values cut out; everything else becomes a generic
 * INTERNAL_SERVER_ERROR, and only the log sees the original.
 */
export function createErrorFormatter(logger?: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
    const appError = findAppError(error);
    if (appError) {
      return { message: appError.message, ...where, extensions: { code: appError.code, ...EXTENSIONS[appError.code](appError) } };
    }
    const code = formatted.extensions?.code;
    // A resolver error (it has a path) that is not a core error is a bug or a failing store, whatever its code.
    const fromResolver = error instanceof GraphQLError && error.path !== undefined;
    if (!fromResolver && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      return redactInputValues(formatted, error);
    }
    logger?.error({ err: unwrapResolverError(error), path: formatted.path }, 'Unexpected error in a GraphQL operation');
    return { message: INTERNAL_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
