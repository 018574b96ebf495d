import { type Actor, requireActor } from '../auth/actor.js';
import { isWellFormedId } from '../shared/ids.js';
import { type User, toPublicUser } from './user.js';
import type { UserRepository } from './user-repository.js';

export class GetUsersByIds {
  constructor(private readonly deps: { users: UserRepository }) {}

  /**
   * Any authenticated caller (as GetUser). One store read for every id (an
   * order's customer, batched), answered in the order of `ids`, null where no
   * user has that id; malformed ids are never sent.
   */
  async execute(ids: readonly string[], actor: Actor | null): Promise<(User | null)[]> {
    requireActor(actor);
    const wanted = [...new Set(ids.filter((id) => typeof id === 'string' && isWellFormedId(id)))];
    const found = wanted.length > 0 ? await this.deps.users.findManyByIds(wanted) : [];
    const byId = new Map(found.map((record) => [record.id, toPublicUser(record)]));
    return ids.map((id) => byId.get(id) ?? null);
  }
}
