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

export const PAGE_SIZE = { default: 20, max: 100 } as const;

export class ListUsers {
  constructor(private readonly deps: { users: UserRepository }) {}

  /** Users oldest first, ties broken by id, keyset-paged. */
  async execute(input: ListUsersInput = {}, actor: Actor | null): Promise<UserPage> {
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
      this.deps.users.count(),
    ]);
    const edges = records.slice(0, first).map((record) => ({ cursor: encodeCursor(record), node: toPublicUser(record) }));
    return {
      edges,
      pageInfo: { hasNextPage: records.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }
}
