import { type Actor, requireActor } from '../auth/actor.js';
import { ValidationError } from '../shared/errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { type User, toPublicUser } from './user.js';
import type { UserRepository } from './user-repository.js';

export interface ListUsersInput {
  /** Page size, 1 to 100; 20 when omitted. */
  first?: number;
  /** An endCursor or edge cursor from an earlier page. */
  after?: string | null;
}

export interface UserPage {
  edges: { cursor: string; node: User }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** A page whose caller said it does not show the total (a GraphQL document that does not select `totalCount`). */
export type UserPageWithoutTotal = Omit<UserPage, 'totalCount'> & { totalCount?: undefined };

export interface ListUsersOptions {
  /** Count every user (a second store read) for `totalCount`; true unless the caller will not show it. */
  withTotal: boolean;
}

export const PAGE_SIZE = { default: 20, max: 100 } as const;

export class ListUsers {
  constructor(private readonly deps: { users: UserRepository }) {}

  /** Users oldest first, ties broken by id, keyset-paged; with the total count unless `withTotal: false`. */
  execute(input: ListUsersInput | undefined, actor: Actor | null): Promise<UserPage>;
  execute(input: ListUsersInput | undefined, actor: Actor | null, options: ListUsersOptions): Promise<UserPage | UserPageWithoutTotal>;
  async execute(
    input: ListUsersInput = {},
    actor: Actor | null,
    options: ListUsersOptions = { withTotal: true },
  ): Promise<UserPage | UserPageWithoutTotal> {
    requireActor(actor);
    const first = input.first ?? PAGE_SIZE.default;
    if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
      throw new ValidationError([{ field: 'first', message: `must be an integer from 1 to ${PAGE_SIZE.max}` }]);
    }
    if (input.after != null && typeof input.after !== 'string') {
      throw new ValidationError([{ field: 'after', message: 'is not a valid cursor' }]);
    }
    const after = input.after != null ? decodeCursor(input.after) : undefined;
    // One extra row tells whether another page follows, without a second query.
    const [records, totalCount] = await Promise.all([
      this.deps.users.page({ limit: first + 1, after }),
      options.withTotal ? this.deps.users.count() : undefined,
    ]);
    const edges = records.slice(0, first).map((record) => ({ cursor: encodeCursor(record), node: toPublicUser(record) }));
    const pageInfo = { hasNextPage: records.length > first, endCursor: edges.at(-1)?.cursor ?? null };
    return totalCount === undefined ? { edges, pageInfo } : { edges, pageInfo, totalCount };
  }
}
