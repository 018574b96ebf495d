import type { Collection, Filter } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { PagePosition, UserChanges, UserRepository } from '../../core/users/user-repository.js';
import type { DocumentLocks } from './document-locks.js';
import {
  CALLER_PROJECTION,
  COLLECTIONS,
  outboxOf,
  pushEvents,
  toCallerRecord,
  toUserDocument,
  toUserRecord,
  toUserSet,
  type UserDocument,
} from './documents.js';
import { conflictOnDuplicateKey } from './duplicate-key.js';

const EMAIL_TAKEN = 'Email already registered';

/** Strictly after (createdAt, id) in the paging order: a keyset condition the (createdAt, _id) index serves. */
const after = (position: PagePosition): Filter<UserDocument> => ({
  $or: [{ createdAt: { $gt: position.createdAt } }, { createdAt: position.createdAt, _id: { $gt: position.id } }],
});

/**
 * Every update of a user document runs under its document lock: FerretDB 1.x
 * writes the whole document back, so two concurrent `$set`s of different
 * fields would otherwise keep only one (MongoDB itself needs no lock). Inserts
 * and deletes need none: a unique `_id` and email decide those races.
 */
export class MongoUserRepository implements UserRepository {
  constructor(
    private readonly users: Collection<UserDocument>,
    private readonly locks: DocumentLocks,
  ) {}

  async insert(user: UserRecord, events?: readonly DomainEvent[]): Promise<void> {
    await conflictOnDuplicateKey(() => this.users.insertOne({ ...toUserDocument(user), ...outboxOf(events) }), EMAIL_TAKEN);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const doc = await this.users.findOne({ _id: id });
    return doc && toUserRecord(doc);
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.users.find({ _id: { $in: [...new Set(ids)] } }).toArray();
    return docs.map(toUserRecord);
  }

  async findCaller(id: string): Promise<CallerRecord | null> {
    const doc = await this.users.findOne<Pick<UserDocument, '_id' | 'role' | 'tokenVersion'>>({ _id: id }, { projection: CALLER_PROJECTION });
    return doc && toCallerRecord(doc);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const doc = await this.users.findOne({ email });
    return doc && toUserRecord(doc);
  }

  async update(id: string, changes: UserChanges, events?: readonly DomainEvent[]): Promise<UserRecord | null> {
    const doc = await this.locks.withLock(`${COLLECTIONS.users}:${id}`, () =>
      conflictOnDuplicateKey(
        () => this.users.findOneAndUpdate({ _id: id }, { $set: toUserSet(changes), ...pushEvents(events) }, { returnDocument: 'after' }),
        EMAIL_TAKEN,
      ),
    );
    return doc && toUserRecord(doc);
  }

  async delete(id: string): Promise<boolean> {
    const { deletedCount } = await this.users.deleteOne({ _id: id });
    return deletedCount === 1;
  }

  async page(query: { limit: number; after?: PagePosition }): Promise<UserRecord[]> {
    const docs = await this.users
      .find(query.after ? after(query.after) : {})
      .sort({ createdAt: 1, _id: 1 })
      .limit(query.limit)
      .toArray();
    return docs.map(toUserRecord);
  }

  async count(): Promise<number> {
    return this.users.countDocuments();
  }
}
