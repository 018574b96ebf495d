import type { DomainEvent } from '../../core/events/domain-event.js';
import type { PagePosition, UserChanges, UserRepository } from '../../core/users/user-repository.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { PrismaClient } from './generated/client.js';
import { conflictOnDuplicate, isRecordNotFound } from './prisma-errors.js';
import { withEvents } from './prisma-outbox.js';
import { CALLER_COLUMNS, toCallerRecord, toUserRecord } from './records.js';

// Ids are random UUIDs, so a P2002 on insert is the email index in practice.
const EMAIL_TAKEN = 'Email already registered';

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(user: UserRecord, events: readonly DomainEvent[] = []): Promise<void> {
    const { id, email, firstName, lastName, passwordHash, role, createdAt, updatedAt, tokenVersion } = user;
    const create = () => this.prisma.user.create({ data: { id, email, firstName, lastName, passwordHash, role, createdAt, updatedAt, tokenVersion } });
    await conflictOnDuplicate(() => withEvents(this.prisma, create, events), EMAIL_TAKEN);
  }

  async findById(id: string): Promise<UserRecord | null> {
    // ids are TEXT, so any string is a valid key: one nobody has simply finds nothing.
    const row = await this.prisma.user.findUnique({ where: { id } });
    return row && toUserRecord(row);
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } } });
    return rows.map(toUserRecord);
  }

  async findCaller(id: string): Promise<CallerRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { id }, select: CALLER_COLUMNS });
    return row && toCallerRecord(row);
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.prisma.user.findUnique({ where: { email } });
    return row && toUserRecord(row);
  }

  async update(id: string, changes: UserChanges, events: readonly DomainEvent[] = []): Promise<UserRecord | null> {
    // Named fields only: whatever else an object carries at runtime is never written.
    const { email, firstName, lastName, passwordHash, role, updatedAt, tokenVersion } = changes;
    const update = () =>
      this.prisma.user.update({ where: { id }, data: { email, firstName, lastName, passwordHash, role, updatedAt, tokenVersion } });
    try {
      // An update that finds nothing (P2025) or is refused (P2002) fails the batch, events and all.
      const row = await conflictOnDuplicate(() => withEvents(this.prisma, update, events), EMAIL_TAKEN);
      return toUserRecord(row);
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    // deleteMany reports a count instead of throwing for a missing id; the FK cascade removes the user's refresh tokens.
    const { count } = await this.prisma.user.deleteMany({ where: { id } });
    return count > 0;
  }

  async page({ limit, after }: { limit: number; after?: PagePosition }): Promise<UserRecord[]> {
    const rows = await this.prisma.user.findMany({
      // The redundant `created_at >= $1` bounds the index range scan at the cursor (prisma-order-repository.ts,
      // `before`); pg-user-reads.ts says the same with a row comparison.
      where: after && {
        createdAt: { gte: after.createdAt },
        OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toUserRecord);
  }

  count(): Promise<number> {
    return this.prisma.user.count();
  }
}
