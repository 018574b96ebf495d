import { type Actor, requireActor } from '../auth/actor.js';
import { type Connection, type ConnectionWithoutTotal, type ListOptions, pageArguments, toConnection } from '../shared/connection.js';
import { type User, toPublicUser } from './user.js';
import type { UserRepository } from './user-repository.js';

export { PAGE_SIZE } from '../shared/paging.js';

export interface ListUsersInput {
  /** Page size, 1 to 100; 20 when omitted. */
  first?: number;
  /** An endCursor or edge cursor from an earlier page. */
  after?: string | null;
}

export type UserPage = Connection<User>;

/** A page whose caller said it does not show the total (a GraphQL document that does not select `totalCount`). */
export type UserPageWithoutTotal = ConnectionWithoutTotal<User>;

export type ListUsersOptions = ListOptions;

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
    const { first, after } = pageArguments(input);
    const [records, totalCount] = await Promise.all([
      this.deps.users.page({ limit: first + 1, after }),
      options.withTotal ? this.deps.users.count() : undefined,
    ]);
    return toConnection(records, first, toPublicUser, totalCount);
  }
}
