import { type Check, CONTROL, length, wellFormed } from '../shared/validation.js';
import { ROLES, type Role } from './user.js';

export { isRecord, rejectUnknownFields, validateFields } from '../shared/validation.js';

/**
 * The one place that says what a valid user is (CONTRACT.md, "One set of
 * rules"). Entry points check only transport shapes; every rule lives here.
 */
export const LIMITS = {
  emailMax: 254,
  nameMax: 100,
  passwordMin: 8,
  passwordMax: 128,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

const checkString = (value: unknown): value is string => typeof value === 'string';

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
