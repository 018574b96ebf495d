import type { PagePosition } from '../../core/shared/paging.js';

/**
 * Records are copied in and out so callers can never mutate stored state,
 * as with a database (dates too: a Date is mutable).
 */
export function copy<T extends object>(record: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    result[key] = value instanceof Date ? new Date(value.getTime()) : Array.isArray(value) ? value.map((item) => copyValue(item)) : value;
  }
  return result as T;
}

const copyValue = (value: unknown): unknown => (typeof value === 'object' && value !== null ? copy(value) : value);

export function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** (createdAt, id) ascending, as every keyset-paged list sorts (newest-first lists negate it). */
export const byPosition = (a: PagePosition, b: PagePosition): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const isAfter = (record: PagePosition, after: PagePosition): boolean => byPosition(record, after) > 0;
