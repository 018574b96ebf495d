import type { User } from '../users/user.js';

/** Who a message goes to: what the message functions read of a user, and nothing more (never a hash or token). */
export type Recipient = Pick<User, 'email' | 'firstName' | 'lastName'>;

/** Named in every message; one place to change it. */
export const SERVICE_NAME = 'flexible-backend';

const SUBJECT_MAX = 200;

/**
 * Text from a record made safe for one line: a subject, a line of a list.
 * Control characters (CR and LF first: a header injection needs them),
 * line and paragraph separators and bidi overrides become spaces; runs of
 * spaces become one. Stored names are validated already; this holds even if
 * one is not.
 */
export function singleLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** A subject: one line, bounded (a name of 100 characters still leaves room for the rest). */
export function subjectLine(text: string): string {
  const line = singleLine(text);
  const chars = [...line];
  return chars.length <= SUBJECT_MAX ? line : `${chars.slice(0, SUBJECT_MAX - 1).join('')}…`;
}

/** Integer cents as a decimal amount with grouped thousands: 123456 → "1,234.56". No float arithmetic. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not an amount in cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${units}.${String(abs % 100).padStart(2, '0')}`;
}

/** A moment as every message shows it: UTC, to the minute. */
export const formatMoment = (at: Date): string => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const greeting = (recipient: Recipient): string => `Hello ${singleLine(recipient.firstName)},`;

/** The closing every message shares. */
export const signature = `-- \n${SERVICE_NAME}\nThis message was sent automatically; replies are not read.`;
