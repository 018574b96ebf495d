import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Outbox } from '../../core/events/outbox.js';
import type { SentMailLog } from '../../core/mail/sent-mail-log.js';
import { Prisma, type PrismaClient } from './generated/client.js';

/** A change's events as outbox rows, for a createMany in the change's transaction. */
export const outboxRows = (events: readonly DomainEvent[]): Prisma.OutboxEventCreateManyInput[] =>
  events.map((event) => ({ id: event.id, type: event.type, occurredAt: event.at, payload: { ...event.data } }));

/**
 * One write and its events, atomically: a batch transaction, so a write that
 * fails (a refused insert, an update that finds nothing) takes its events
 * with it. Without events, the write alone: one statement, as it always was.
 */
export async function withEvents<T>(prisma: PrismaClient, write: () => Prisma.PrismaPromise<T>, events: readonly DomainEvent[] = []): Promise<T> {
  if (events.length === 0) return write();
  const [result] = await prisma.$transaction([write(), prisma.outboxEvent.createMany({ data: outboxRows(events) })]);
  return result;
}

/**
 * The statement that writes `events` in a WITH clause, only if the data-modifying CTE `changed`
 * returned a row: a conditional write (a compare-and-set, a bounded restock) and its events become
 * one statement, atomic without a transaction and one round trip. The events travel as one jsonb
 * parameter, so the statement text (and its prepared plan) is the same for any number of them.
 */
export function insertEventsIfChanged(events: readonly DomainEvent[], changed: string): Prisma.Sql {
  const rows = JSON.stringify(events.map((event) => ({ id: event.id, type: event.type, occurred_at: event.at.toISOString(), payload: event.data })));
  return Prisma.sql`
    INSERT INTO outbox_events (id, type, occurred_at, payload)
    SELECT e.id, e.type, e.occurred_at, e.payload
      FROM jsonb_to_recordset(${rows}::jsonb) AS e(id text, type text, occurred_at timestamptz, payload jsonb)
     WHERE EXISTS (SELECT 1 FROM ${Prisma.raw(changed)})`;
}

interface ClaimedRow {
  id: string;
  type: string;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

const byTimeThenId = (a: DomainEvent, b: DomainEvent): number =>
  a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The outbox_events table, for the relay. Rows are written by the repositories in the transaction
 * (or the single statement) of their change; this class only claims, marks and purges them.
 */
export class PrismaOutbox implements Outbox {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * One statement: lock up to `limit` free rows oldest first, skipping rows another relay's claim
   * holds locked (SKIP LOCKED), and lease them. A row leased by a claim that committed meanwhile is
   * re-checked against the WHERE on its new version and left out. The partial index
   * outbox_events_unsent_idx serves the ORDER BY; event ids are UUIDv7 (lowercase hex, fixed
   * hyphens), which every collation orders as bytes, as the sort below does.
   */
  async claim({ limit, leaseMs, now }: { limit: number; leaseMs: number; now: Date }): Promise<DomainEvent[]> {
    if (limit <= 0) return [];
    const until = new Date(now.getTime() + leaseMs);
    const rows = await this.prisma.$queryRaw<ClaimedRow[]>`
      UPDATE outbox_events SET leased_until = ${until}::timestamptz
       WHERE id IN (
         SELECT id FROM outbox_events
          WHERE sent_at IS NULL AND (leased_until IS NULL OR leased_until <= ${now}::timestamptz)
          ORDER BY occurred_at, id
          LIMIT ${limit}::int
          FOR UPDATE SKIP LOCKED)
      RETURNING id, type, occurred_at AS "occurredAt", payload`;
    // RETURNING gives the rows in no particular order.
    return rows.map((row) => ({ id: row.id, type: row.type, at: row.occurredAt, data: row.payload }) as DomainEvent).sort(byTimeThenId);
  }

  async markSent(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    // = ANY(array): one statement text for any number of ids (an IN list would be a new one per length).
    await this.prisma.$executeRaw`
      UPDATE outbox_events SET sent_at = ${at}::timestamptz WHERE id = ANY(${[...ids]}::text[]) AND sent_at IS NULL`;
  }

  pendingCount(): Promise<number> {
    return this.prisma.outboxEvent.count({ where: { sentAt: null } });
  }

  /**
   * Deletes the events marked sent before `before` and answers how many: sent rows are kept only
   * for inspection, and nothing else would ever remove them. Unsent rows are never deleted.
   */
  async purgeSent(before: Date): Promise<number> {
    const { count } = await this.prisma.outboxEvent.deleteMany({ where: { sentAt: { lt: before } } });
    return count;
  }
}

export class PrismaSentMailLog implements SentMailLog {
  constructor(private readonly prisma: PrismaClient) {}

  async has(eventId: string): Promise<boolean> {
    return (await this.prisma.sentMail.findUnique({ where: { eventId }, select: { eventId: true } })) !== null;
  }

  async record({ eventId, messageId, sentAt }: { eventId: string; messageId: string; sentAt: Date }): Promise<void> {
    // INSERT ... ON CONFLICT DO NOTHING: a second record (two workers, a retried job) keeps the first.
    await this.prisma.sentMail.createMany({ data: [{ eventId, messageId, sentAt }], skipDuplicates: true });
  }
}
