import type { DomainEvent } from '../../core/events/domain-event.js';
import { ConflictError } from '../../core/shared/errors.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { PagePosition, UserChanges, UserRepository } from '../../core/users/user-repository.js';
import type { MemoryOutbox } from './memory-outbox.js';
import { byPosition, copy, definedOnly, isAfter } from './records.js';

export class MemoryUserRepository implements UserRepository {
  private readonly users = new Map<string, UserRecord>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async insert(user: UserRecord, events?: readonly DomainEvent[]): Promise<void> {
    if (this.users.has(user.id) || this.emailTaken(user.email)) throw new ConflictError('Email already registered');
    this.users.set(user.id, copy(user));
    this.outbox.append(events);
  }

  async findById(id: string): Promise<UserRecord | null> {
    const user = this.users.get(id);
    return user ? copy(user) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    return [...new Set(ids)].flatMap((id) => {
      const user = this.users.get(id);
      return user ? [copy(user)] : [];
    });
  }

  async findCaller(id: string): Promise<CallerRecord | null> {
    const user = this.users.get(id);
    return user ? { id: user.id, role: user.role, tokenVersion: user.tokenVersion } : null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    for (const user of this.users.values()) if (user.email === email) return copy(user);
    return null;
  }

  async update(id: string, changes: UserChanges, events?: readonly DomainEvent[]): Promise<UserRecord | null> {
    const user = this.users.get(id);
    if (!user) return null;
    if (changes.email !== undefined && this.emailTaken(changes.email, id)) {
      throw new ConflictError('Email already registered');
    }
    const updated = copy({ ...user, ...definedOnly(changes) });
    this.users.set(id, updated);
    this.outbox.append(events);
    return copy(updated);
  }

  async delete(id: string): Promise<boolean> {
    return this.users.delete(id);
  }

  async page({ limit, after }: { limit: number; after?: PagePosition }): Promise<UserRecord[]> {
    return [...this.users.values()]
      .filter((user) => !after || isAfter(user, after))
      .sort(byPosition)
      .slice(0, limit)
      .map(copy);
  }

  async count(): Promise<number> {
    return this.users.size;
  }

  clear(): void {
    this.users.clear();
  }

  private emailTaken(email: string, exceptId?: string): boolean {
    for (const user of this.users.values()) if (user.email === email && user.id !== exceptId) return true;
    return false;
  }
}
