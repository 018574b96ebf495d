import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  type AppError,
  type ErrorCode,
  isAppError,
  OutOfStockError,
  ServiceUnavailableError,
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
  OUT_OF_STOCK: (error) => ({ fields: error instanceof OutOfStockError ? error.fields : [] }),
  TOO_MANY_REQUESTS: (error) => ({ retryAfter: error instanceof TooManyRequestsError ? error.retryAfterSeconds : undefined }),
  SERVICE_UNAVAILABLE: (error) => ({ retryAfter: error instanceof ServiceUnavailableError ? error.retryAfterSeconds : undefined }),
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
 * True for what no client can act on: neither a core error nor one of Apollo's
 * own request errors (parse, validation, variable coercion). A resolver error
 * (it has a path) that is not a core error is a bug or a failing store,
 * whatever code it claims.
 */
export function isUnexpected(error: unknown, code: unknown = codeOf(error)): boolean {
  if (findAppError(error)) return false;
  const fromResolver = error instanceof GraphQLError && error.path !== undefined;
  return fromResolver || typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR';
}

/**
 * Apollo tags graphql-js's request errors with a code, except the one that ends
 * a long list of variable errors; it is the client's doing all the same.
 */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';

function codeOf(error: unknown, formattedCode?: unknown): unknown {
  // Checked first: by formatError time Apollo has stamped it INTERNAL_SERVER_ERROR.
  const fromVariables = error instanceof GraphQLError && error.path === undefined && error.message.startsWith(TOO_MANY_VARIABLE_ERRORS);
  if (fromVariables) return 'BAD_USER_INPUT';
  return formattedCode ?? (error instanceof GraphQLError ? error.extensions?.code : undefined);
}

/** Logs an unexpected error with what the operator needs: the original error and where it happened. */
export function logUnexpected(logger: ErrorLogger | undefined, error: unknown): void {
  logger?.error(
    { err: unwrapResolverError(error), path: error instanceof GraphQLError ? error.path : undefined },
    'Unexpected error in a GraphQL operation',
  );
}

/**
 * Apollo's formatError: core errors show their code, message and details;
 * Apollo's own request errors keep their code with submitted values cut out;
 * everything else becomes a generic INTERNAL_SERVER_ERROR (the original goes
 * to the log, through the errorLogging plugin, which knows the request).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
  const appError = findAppError(error);
  if (appError) {
    return { message: appError.message, ...where, extensions: { code: appError.code, ...EXTENSIONS[appError.code](appError) } };
  }
  const code = codeOf(error, formatted.extensions?.code);
  if (!isUnexpected(error, code)) return redactInputValues({ ...formatted, extensions: { ...formatted.extensions, code } }, error);
  return { message: INTERNAL_MESSAGE, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
