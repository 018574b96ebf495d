import { type FieldError, ValidationError } from './errors.js';

/**
 * The building blocks of every context's rules (users, catalog, orders).
 * Inputs are `unknown` on purpose: a value from any transport is checked
 * before it is trusted, so an object like {"$ne": ""} can never reach a store.
 */
export type Check<T> = (value: unknown) => { value: T } | { error: string };

// Control characters, line/paragraph separators and bidirectional overrides:
// all of them can make a text display as something other than what it is.
export const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

/** Length in code points, as a person counts characters (an emoji is one). */
export const length = (value: string): number => [...value].length;

/**
 * A lone UTF-16 surrogate has no UTF-8 form: PostgreSQL and MongoDB would store
 * U+FFFD instead while memory kept it, so the same input would differ by store.
 */
export const wellFormed = (value: string): boolean => value.isWellFormed();

/** An integer (a JavaScript number, not a numeric string) from `min` to `max`. */
export const checkInteger =
  (min: number, max: number): Check<number> =>
  (value) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? { value }
      : { error: `must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}` };

export const checkBoolean: Check<boolean> = (value) =>
  typeof value === 'boolean' ? { value } : { error: 'must be true or false' };

/**
 * Runs the checks for the given fields and returns the normalized values, or
 * throws one ValidationError listing every field at fault.
 */
export function validateFields<T extends object>(
  input: Record<string, unknown>,
  checks: { [K in keyof T]: Check<T[K]> },
): T {
  const fields: FieldError[] = [];
  const result: Record<string, unknown> = {};
  for (const [field, check] of Object.entries(checks) as [string, Check<unknown>][]) {
    const outcome = check(input[field]);
    if ('error' in outcome) fields.push({ field, message: outcome.error });
    else result[field] = outcome.value;
  }
  if (fields.length > 0) throw new ValidationError(fields);
  return result as T;
}

/** Rejects keys outside `allowed`: nothing a caller sends is silently dropped or stored unchecked. */
export function rejectUnknownFields(input: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(input).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((field) => ({ field, message: 'is not a field that can be set' })));
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields given (not undefined) of a partial update. */
export const givenFields = (changes: Record<string, unknown>): string[] =>
  Object.keys(changes).filter((key) => changes[key] !== undefined);
