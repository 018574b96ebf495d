import type { ErrorCode } from '../../core/shared/errors.js';

/**
 * The CLI's one table of exit statuses (CONTRACT.md, "CLI"): 0 success, 1 for
 * every failure a command reports, 2 for a usage mistake. Kept per code so a
 * future distinction (say, 3 for NOT_FOUND) is a one-line change here.
 */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
/** The CLI could not start: bad environment, or the store would not open (e.g. the embedded one is in use). */
export const EXIT_START_FAILED = 1;

export const EXIT_STATUS: Record<ErrorCode | 'INTERNAL_SERVER_ERROR', number> = {
  BAD_USER_INPUT: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  NOT_FOUND: 1,
  CONFLICT: 1,
  OUT_OF_STOCK: 1,
  TOO_MANY_REQUESTS: 1,
  SERVICE_UNAVAILABLE: 1,
  INTERNAL_SERVER_ERROR: 1,
};
