import { ValidationError } from '../../core/shared/errors.js';

/**
 * Query strings and command-line options are text. These turn them into the
 * values the use cases take, without judging them: a value that is not even
 * of the right kind becomes something the core refuses with its own message
 * (NaN for a number), or a field error when no such stand-in exists.
 */

/** Digits (with an optional sign) become a number, anything else NaN. */
export const integerOrNaN = (value: string): number => (/^-?\d{1,10}$/.test(value) ? Number(value) : Number.NaN);

export function booleanOf(value: string, field: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ValidationError([{ field, message: 'must be true or false' }]);
}

/** An ISO-8601 date-time (as GraphQL's DateTime takes), e.g. 2026-01-01T00:00:00Z. */
export function dateTimeOf(value: string, field: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(date.getTime())) {
    throw new ValidationError([{ field, message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-01T00:00:00Z' }]);
  }
  return date;
}
