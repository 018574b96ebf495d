import type { DomainEvent } from '../events/domain-event.js';
import type { PagePosition } from '../shared/paging.js';
import type { CallerRecord, UserRecord } from './user.js';

export type { PagePosition } from '../shared/paging.js';

export type UserChanges = Partial<Pick<UserRecord, 'email' | 'firstName' | 'lastName' | 'passwordHash' | 'role' | 'tokenVersion'>> & {
  updatedAt: Date;
};

/**
 * The port every store implements for users. Shaped by what the use cases need.
 * Any string is accepted as an id: an id no record has (well-formed or not) finds nothing.
 * A write's `events` are stored in the same atomic write as the change (the
 * outbox), so they exist exactly when the change does: none when it throws or finds nothing.
 */
export interface UserRepository {
  /** Throws ConflictError when the email is taken, also under concurrent inserts. */
  insert(user: UserRecord, events?: readonly DomainEvent[]): Promise<void>;
  findById(id: string): Promise<UserRecord | null>;
  /** Every user among `ids` that exists, in one round trip, in any order (batched reads such as an order's customer). */
  findManyByIds(ids: readonly string[]): Promise<UserRecord[]>;
  /** The caller check's read (every authenticated request): id, role and token version only, in one round trip. */
  findCaller(id: string): Promise<CallerRecord | null>;
  /** `email` is already normalized (trimmed, lower-cased) by the core. */
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Returns the updated record, or null when no user has that id. Throws ConflictError on a taken email. */
  update(id: string, changes: UserChanges, events?: readonly DomainEvent[]): Promise<UserRecord | null>;
  /** Returns false when no user has that id. */
  delete(id: string): Promise<boolean>;
  /** Up to `limit` users ordered by (createdAt, id) ascending, strictly after `after` when given. */
  page(query: { limit: number; after?: PagePosition }): Promise<UserRecord[]>;
  count(): Promise<number>;
}
