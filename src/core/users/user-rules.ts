import { type FieldError, ValidationError } from '../shared/errors.js';
import { ROLES, type Role } from './user.js';

/**
 * The one place that says what a valid user is (CONTRACT.md, "One set of
 * rules"). Entry points check only transport shapes; every rule lives here.
 * Inputs are `unknown` on purpose: a value from any transport is checked
 * before it is trusted, so an object like {"$ne": ""} can never reach a store.
 */
export const LIMITS = {
  emailMax: 254,
  nameMax: 100,
  passwordMin: 8,
  passwordMax: 128,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
// Control characters, line/paragraph separators and bidirectional overrides:
// all of them can make a name display as something other than what it is.
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;
const length = (value: string) => [...value].length;

type Check<T> = (value: unknown) => { value: T } | { error: string };

const checkString = (value: unknown): value is string => typeof value === 'string';

/**
 * A lone UTF-16 surrogate has no UTF-8 form: PostgreSQL and MongoDB would store
 * U+FFFD instead while memory kept it, so the same input would differ by store.
 */
const wellFormed = (value: string): boolean => value.isWellFormed();

export const checkEmail: Check<string> = (value) => {
  if (!checkString(value)) return { error: 'must be a string' };
  if (!wellFormed(value)) return { error: 'must be a valid email address' };
  const email = value.trim().toLowerCase();
  if (length(email) > LIMITS.emailMax) return { error: `must be at most ${LIMITS.emailMax} characters` };
  if (!EMAIL.test(email) || CONTROL.test(email)) return { error: 'must be a valid email address' };
  return { value: email };
};

export const checkName: Check<string> = (value) => {
  if (!checkString(value)) return { error: 'must be a string' };
  const name = value.trim();
  if (CONTROL.test(name) || !wellFormed(name)) return { error: 'must not contain control characters' };
  if (length(name) < 1 || length(name) > LIMITS.nameMax) return { error: `must be 1 to ${LIMITS.nameMax} characters` };
  return { value: name };
};

/** Passwords are never trimmed, and never echoed in a message. */
export const checkPassword: Check<string> = (value) => {
  if (!checkString(value)) return { error: 'must be a string' };
  if (!wellFormed(value)) return { error: 'must be valid Unicode text' };
  const size = length(value);
  if (size < LIMITS.passwordMin || size > LIMITS.passwordMax) {
    return { error: `must be ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters` };
  }
  return { value };
};

export const checkRole: Check<Role> = (value) =>
  ROLES.includes(value as Role) ? { value: value as Role } : { error: `must be one of ${ROLES.join(', ')}` };

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
