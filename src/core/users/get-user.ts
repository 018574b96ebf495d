import { type Actor, requireActor } from '../auth/actor.js';
import { isWellFormedId } from '../shared/ids.js';
import { type User, toPublicUser } from './user.js';
import type { UserRepository } from './user-repository.js';

export class GetUser {
  constructor(private readonly deps: { users: UserRepository }) {}

  /** Any authenticated caller may read a user; null when no user has that id (malformed ids included). */
  async execute(id: string, actor: Actor | null): Promise<User | null> {
    requireActor(actor);
    if (typeof id !== 'string' || !isWellFormedId(id)) return null;
    const record = await this.deps.users.findById(id);
    return record ? toPublicUser(record) : null;
  }
}
