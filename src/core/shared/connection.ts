import { decodeCursor, encodeCursor } from './cursor.js';
import { ValidationError } from './errors.js';
import { PAGE_SIZE, type PagePosition } from './paging.js';

/** A page of a keyset-paged list, as every list use case answers it. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A page whose caller said it does not show the total (a GraphQL document that does not select `totalCount`). */
export type ConnectionWithoutTotal<T> = Omit<Connection<T>, 'totalCount'> & { totalCount?: undefined };

export interface ListOptions {
  /** Count the whole list (a second store read) for `totalCount`; true unless the caller will not show it. */
  withTotal: boolean;
}

/** Checks `first` (1 to 100, 20 when omitted) and decodes `after`; BAD_USER_INPUT naming the field otherwise. */
export function pageArguments(input: { first?: unknown; after?: unknown }): { first: number; after?: PagePosition } {
  const first = input.first ?? PAGE_SIZE.default;
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
    throw new ValidationError([{ field: 'first', message: `must be an integer from 1 to ${PAGE_SIZE.max}` }]);
  }
  if (input.after != null && typeof input.after !== 'string') {
    throw new ValidationError([{ field: 'after', message: 'is not a valid cursor' }]);
  }
  return { first, after: input.after != null ? decodeCursor(input.after) : undefined };
}

/**
 * Builds the page from `first + 1` records read from the store: the extra one
 * only tells whether another page follows, without a second query.
 */
export function toConnection<R extends PagePosition, T>(
  records: readonly R[],
  first: number,
  toNode: (record: R) => T,
  totalCount: number | undefined,
): Connection<T> | ConnectionWithoutTotal<T> {
  const edges = records.slice(0, first).map((record) => ({ cursor: encodeCursor(record), node: toNode(record) }));
  const pageInfo = { hasNextPage: records.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  return totalCount === undefined ? { edges, pageInfo } : { edges, pageInfo, totalCount };
}
