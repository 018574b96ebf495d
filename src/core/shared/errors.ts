/**
 * Every failure the core reports is one of these, each with a stable `code`.
 * Entry points translate codes to their transport in one table each
 * (GraphQL extensions.code, HTTP status, CLI exit status); nothing else is
 * shown to a caller for an unexpected error.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'OUT_OF_STOCK'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE';

export interface FieldError {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
}

export class ValidationError extends AppError {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: FieldError[], message = 'Invalid input') {
    super(message);
  }
}

export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Authentication required') {
    super(message);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'Not allowed') {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(message = 'Not found') {
    super(message);
  }
}

export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
  constructor(message = 'Conflict') {
    super(message);
  }
}

/** Some lines ask for more units than are left; `fields` names each (`lines.<index>.quantity`). Nothing was reserved. */
export class OutOfStockError extends AppError {
  readonly code = 'OUT_OF_STOCK';
  constructor(readonly fields: FieldError[], message = 'Not enough stock') {
    super(message);
  }
}

export class TooManyRequestsError extends AppError {
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(readonly retryAfterSeconds: number, message = 'Too many requests') {
    super(message);
  }
}

/** How long a client is told to wait before retrying when the store does not answer (CONTRACT.md: 1 to 5 s). */
export const STORE_RETRY_AFTER_SECONDS = 2;

/**
 * The store does not answer: connection refused or lost, pool exhausted, or no
 * answer in time. Raised by the store adapters from their drivers' typed
 * connection failures, never from message text, and by the core before work
 * it would waste (hashing) while the store is known to be down. A write
 * answered with it may or may not have been applied; retrying it is safe.
 * The driver's error, if any, is the `cause`: for the log, never for a client.
 */
export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly retryAfterSeconds: number = STORE_RETRY_AFTER_SECONDS,
    message = 'The database does not answer; retry shortly',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The per-field details an error carries to every transport (BAD_USER_INPUT, OUT_OF_STOCK); empty for the others. */
export const fieldErrorsOf = (error: AppError): FieldError[] =>
  error instanceof ValidationError || error instanceof OutOfStockError ? error.fields : [];

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
