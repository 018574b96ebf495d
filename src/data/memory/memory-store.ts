import type { ProductRepository } from '../../core/catalog/product-repository.js';
import type { OrderRepository } from '../../core/orders/order-repository.js';
import { notBuilt } from '../shared/not-built.js';
import type { RefreshTokenRecord, RefreshTokenRepository } from '../../core/auth/refresh-token-repository.js';
import { ConflictError } from '../../core/shared/errors.js';
import type { Store } from '../../core/store.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { PagePosition, UserChanges, UserRepository } from '../../core/users/user-repository.js';

/**
 * A complete store in process memory: for local experiments and fast use-case
 * tests. It is held to the same contract suite as the database stores, so it
 * must keep the same promises (unique email, paging order, atomic revoke).
 * Records are copied in and out so callers can never mutate stored state.
 */
const copy = <T extends object>(record: T): T => ({ ...record });

const isAfter = (user: UserRecord, after: PagePosition): boolean => {
  const delta = user.createdAt.getTime() - after.createdAt.getTime();
  return delta > 0 || (delta === 0 && user.id > after.id);
};

const byPosition = (a: UserRecord, b: UserRecord): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

class MemoryUserRepository implements UserRepository {
  private readonly users = new Map<string, UserRecord>();

  async insert(user: UserRecord): Promise<void> {
    if (this.users.has(user.id) || this.emailTaken(user.email)) throw new ConflictError('Email already registered');
    this.users.set(user.id, copy(user));
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

  async update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    const user = this.users.get(id);
    if (!user) return null;
    if (changes.email !== undefined && this.emailTaken(changes.email, id)) {
      throw new ConflictError('Email already registered');
    }
    const updated = { ...user, ...definedOnly(changes) };
    this.users.set(id, updated);
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

class MemoryRefreshTokenRepository implements RefreshTokenRepository {
  private readonly tokens = new Map<string, RefreshTokenRecord>();

  async insert(token: RefreshTokenRecord): Promise<void> {
    this.tokens.set(token.id, copy(token));
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    for (const token of this.tokens.values()) if (token.tokenHash === tokenHash) return copy(token);
    return null;
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const token = this.tokens.get(id);
    if (!token || token.revokedAt) return false;
    token.revokedAt = at;
    return true;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    for (const token of this.tokens.values()) if (token.familyId === familyId && !token.revokedAt) token.revokedAt = at;
  }

  async deleteByUser(userId: string): Promise<void> {
    for (const [id, token] of this.tokens) if (token.userId === userId) this.tokens.delete(id);
  }

  clear(): void {
    this.tokens.clear();
  }
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export interface MemoryStore extends Store {
  /** Empties the store between tests, keeping the same instance. */
  clear(): void;
}

export function createMemoryStore(): MemoryStore {
  const users = new MemoryUserRepository();
  const refreshTokens = new MemoryRefreshTokenRepository();
  return {
    users,
    refreshTokens,
    products: notBuilt<ProductRepository>('products'),
    orders: notBuilt<OrderRepository>('orders'),
    ping: async () => {},
    close: async () => {},
    clear: () => {
      users.clear();
      refreshTokens.clear();
    },
  };
}
