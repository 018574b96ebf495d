import type { Collection, Db, Filter, MongoBulkWriteError } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Outbox } from '../../core/events/outbox.js';
import type { SentMailLog } from '../../core/mail/sent-mail-log.js';
import type { DocumentLocks } from './document-locks.js';
import {
  COLLECTIONS,
  type EventSource,
  type OutboxMarkDocument,
  type Placement,
  type SentMailDocument,
  type StoredEvent,
  toDomainEvent,
} from './documents.js';
import { isDuplicateKey, onlyDuplicateKeys } from './duplicate-key.js';

/** What the outbox reads of a document that carries events. */
interface EventHolder {
  _id: string;
  outbox?: StoredEvent[];
  placement?: Placement;
}

/** An event where it is embedded. */
interface Embedded {
  event: StoredEvent;
  source: EventSource;
  documentId: string;
}

const SOURCES: readonly EventSource[] = [COLLECTIONS.users, COLLECTIONS.products, COLLECTIONS.orders, COLLECTIONS.salesExports];

/**
 * "Has events": a range over every date, which the `outbox.at` index serves on
 * MongoDB (documents without events, or with an emptied `outbox`, are not in
 * it); FerretDB, which pushes no filter down, evaluates it the same.
 */
const HAS_EVENTS = { 'outbox.at': { $gte: new Date(-8_640_000_000_000_000) } };

/** Only settled orders' events exist for the relay: a placement in progress may still be compensated. */
const holding = (source: EventSource): Filter<EventHolder> =>
  source === COLLECTIONS.orders ? { ...HAS_EVENTS, placement: 'settled' } : HAS_EVENTS;

const byTimeThenId = (a: Embedded, b: Embedded): number =>
  a.event.at.getTime() - b.event.at.getTime() || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);

/** Events read per collection and round of a claim, at least: leased and sent-but-unpruned ones are read and skipped. */
const MIN_WINDOW = 100;
/** Rounds of a claim at most, so that a claim behind a large leased backlog still answers within the store deadline. */
const MAX_ROUNDS = 5;
/** Documents pruned at once (each under its own lock). */
const PRUNE_CONCURRENCY = 8;
/** Marks looked at per purgeSent call. */
const PURGE_BATCH = 1_000;

/**
 * The MongoDB outbox, without transactions: each event is embedded in the
 * document whose change it describes, in the same single-document write
 * (users, products, orders, sales exports; an order's only once its placement is settled).
 * Its relay state lives in `outboxMarks`, so claiming never rewrites a business
 * document: a claim inserts the event's mark (a unique `_id`, so of racing
 * relays exactly one gets each event, on every server), or takes over an
 * expired lease under the mark's lock. markSent sets `sentAt` on the mark and
 * then prunes the event from its document with `$pullAll` under that
 * document's lock (FerretDB 1.x rewrites whole documents and has no `$pull`).
 * A claim skips events whose mark says sent, and prunes them again (the
 * pruning may have failed). Marks stay until purgeSent: a claim that read an
 * event just before it was pruned still finds its mark and skips it.
 *
 * An event goes with its document: deleting a user deletes its unsent events.
 */
export class MongoOutbox implements Outbox {
  private readonly holders: Record<EventSource, Collection<EventHolder>>;
  private readonly marks: Collection<OutboxMarkDocument>;

  constructor(
    db: Db,
    private readonly locks: DocumentLocks,
  ) {
    const holder = (source: EventSource) => [source, db.collection<EventHolder>(source)] as const;
    this.holders = Object.fromEntries(SOURCES.map(holder)) as Record<EventSource, Collection<EventHolder>>;
    this.marks = db.collection<OutboxMarkDocument>(COLLECTIONS.outboxMarks);
  }

  async claim({ limit, leaseMs, now }: { limit: number; leaseMs: number; now: Date }): Promise<DomainEvent[]> {
    if (limit <= 0) return [];
    const leasedUntil = new Date(now.getTime() + leaseMs);
    const window = Math.max(limit * 2, MIN_WINDOW);
    const claimed: Embedded[] = [];
    const sentNotPruned: Embedded[] = [];
    let after: StoredEvent | undefined;
    for (let round = 0; round < MAX_ROUNDS && claimed.length < limit; round++) {
      const batch = await this.oldest(window, after);
      if (batch.length === 0) break;
      after = batch.at(-1)!.event;
      const marks = await this.marksOf(batch.map(({ event }) => event.id));
      const free: Embedded[] = [];
      const expired: Embedded[] = [];
      for (const embedded of batch) {
        const mark = marks.get(embedded.event.id);
        if (!mark) free.push(embedded);
        else if (mark.sentAt) sentNotPruned.push(embedded);
        else if (mark.leasedUntil <= now) expired.push(embedded);
      }
      const candidates = [...free, ...expired].sort(byTimeThenId);
      const expiredIds = new Set(expired.map(({ event }) => event.id));
      // Oldest first; an event another relay got in between is skipped, and the next ones are tried.
      while (candidates.length > 0 && claimed.length < limit) {
        const chunk = candidates.splice(0, limit - claimed.length);
        claimed.push(...(await this.insertMarks(chunk.filter(({ event }) => !expiredIds.has(event.id)), leasedUntil)));
        for (const embedded of chunk.filter(({ event }) => expiredIds.has(event.id))) {
          if (await this.takeOver(embedded.event.id, leasedUntil, now)) claimed.push(embedded);
        }
      }
      if (batch.length < window) break;
    }
    if (sentNotPruned.length > 0) await this.prune(sentNotPruned).catch(() => undefined);
    return claimed.sort(byTimeThenId).map(({ event }) => toDomainEvent(event));
  }

  async markSent(ids: readonly string[], at: Date): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    const marks = await this.marksOf(unique);
    const located = new Map<string, Omit<Embedded, 'event'>>();
    for (const mark of marks.values()) located.set(mark._id, { source: mark.source, documentId: mark.documentId });
    // An event marked sent without having been claimed: found where it is embedded (no index needed, a rare path).
    const unmarked = unique.filter((id) => !located.has(id));
    if (unmarked.length > 0) {
      for (const source of SOURCES) {
        const docs = await this.holders[source].find({ 'outbox.id': { $in: unmarked } }, { projection: { 'outbox.id': 1 } }).toArray();
        for (const doc of docs) {
          for (const { id } of doc.outbox ?? []) if (unmarked.includes(id)) located.set(id, { source, documentId: doc._id });
        }
      }
    }
    const fresh = [...located].filter(([id]) => !marks.has(id));
    if (fresh.length > 0) {
      await this.marks
        .insertMany(fresh.map(([id, where]) => ({ _id: id, ...where, leasedUntil: at, sentAt: at })), { ordered: false })
        .catch((error: unknown) => {
          // Claimed meanwhile: its mark exists, and the update below marks it.
          if (!onlyDuplicateKeys(error)) throw error;
        });
    }
    const known = [...located.keys()];
    if (known.length === 0) return;
    await this.marks.updateMany({ _id: { $in: known }, sentAt: { $exists: false } }, { $set: { sentAt: at } });
    await this.prune([...located].map(([id, where]) => embeddedAt({ _id: id, ...where, leasedUntil: at })));
  }

  async pendingCount(): Promise<number> {
    const ids: string[] = [];
    for (const source of SOURCES) {
      const docs = await this.holders[source].find(holding(source), { projection: { 'outbox.id': 1 } }).toArray();
      for (const doc of docs) for (const { id } of doc.outbox ?? []) ids.push(id);
    }
    let sent = 0;
    for (let i = 0; i < ids.length; i += PURGE_BATCH) {
      sent += await this.marks.countDocuments({ _id: { $in: ids.slice(i, i + PURGE_BATCH) }, sentAt: { $exists: true } });
    }
    return ids.length - sent;
  }

  /**
   * Removes the marks of events sent before `before`, and of leases that ran
   * out before it whose event is gone (its document deleted), up to 1,000 per
   * call; answers how many went. An event marked sent but still embedded is
   * pruned first, so no purge makes it claimable again. `before` must lie well
   * in the past (an hour, say): a claim that read an event just before its
   * pruning relies on finding its mark.
   */
  async purgeSent(before: Date): Promise<number> {
    const old: Filter<OutboxMarkDocument> = { $or: [{ sentAt: { $lt: before } }, { sentAt: { $exists: false }, leasedUntil: { $lt: before } }] };
    const marks = await this.marks.find(old).limit(PURGE_BATCH).toArray();
    if (marks.length === 0) return 0;
    const embedded = await this.stillEmbedded(marks);
    await this.prune(marks.filter((mark) => mark.sentAt && embedded.has(mark._id)).map((mark) => embeddedAt(mark)));
    // A lease whose event is still embedded is a pending event's: it stays for the claim that takes it over.
    const done = marks.filter((mark) => mark.sentAt || !embedded.has(mark._id)).map((mark) => mark._id);
    if (done.length === 0) return 0;
    const { deletedCount } = await this.marks.deleteMany({ $and: [{ _id: { $in: done } }, old] });
    return deletedCount;
  }

  /**
   * The next `window` events after `after` in time-then-id order over the
   * three collections: each collection's next `window`, merged. An `$unwind`,
   * `$sort` and `$limit` pipeline, which FerretDB 1.24 runs as MongoDB does.
   */
  private async oldest(window: number, after: StoredEvent | undefined): Promise<Embedded[]> {
    const later = after && { $or: [{ 'outbox.at': { $gt: after.at } }, { 'outbox.at': after.at, 'outbox.id': { $gt: after.id } }] };
    const perSource = await Promise.all(
      SOURCES.map(async (source) => {
        const rows = await this.holders[source]
          .aggregate<{ _id: string; outbox: StoredEvent }>([
            { $match: holding(source) },
            { $unwind: '$outbox' },
            ...(later ? [{ $match: later }] : []),
            { $sort: { 'outbox.at': 1, 'outbox.id': 1 } },
            { $limit: window },
            { $project: { outbox: 1 } },
          ])
          .toArray();
        return rows.map((row): Embedded => ({ event: row.outbox, source, documentId: row._id }));
      }),
    );
    return perSource.flat().sort(byTimeThenId).slice(0, window);
  }

  private async marksOf(ids: readonly string[]): Promise<Map<string, OutboxMarkDocument>> {
    const marks = await this.marks.find({ _id: { $in: [...ids] } }).toArray();
    return new Map(marks.map((mark) => [mark._id, mark]));
  }

  /** Leases the events no relay has marked yet: of racing claims, the one whose insert goes in has the event. */
  private async insertMarks(events: readonly Embedded[], leasedUntil: Date): Promise<Embedded[]> {
    if (events.length === 0) return [];
    try {
      await this.marks.insertMany(
        events.map(({ event, source, documentId }) => ({ _id: event.id, source, documentId, leasedUntil })),
        { ordered: false },
      );
      return [...events];
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
      const taken = new Set([(error as MongoBulkWriteError).writeErrors].flat().map((writeError) => writeError.index));
      return events.filter((_, index) => !taken.has(index));
    }
  }

  /**
   * Takes over a lease that ran out (its relay died or is late), under the
   * mark's lock: a compare-and-set update alone can let two relays win on
   * FerretDB, which writes documents back whole.
   */
  private takeOver(id: string, leasedUntil: Date, now: Date): Promise<boolean> {
    return this.locks.withLock(`${COLLECTIONS.outboxMarks}:${id}`, async () => {
      const mark = await this.marks.findOne({ _id: id });
      if (!mark || mark.sentAt || mark.leasedUntil > now) return false;
      const { matchedCount } = await this.marks.updateOne(
        { _id: id, leasedUntil: mark.leasedUntil, sentAt: { $exists: false } },
        { $set: { leasedUntil } },
      );
      return matchedCount === 1;
    });
  }

  /**
   * Removes sent events from their documents, one document at a time under
   * its lock (the lock every writer of that document takes): the elements read
   * under the lock go back in `$pullAll`, an exact match.
   */
  private async prune(events: readonly Embedded[]): Promise<void> {
    const byDocument = new Map<string, { source: EventSource; documentId: string; ids: Set<string> }>();
    for (const { event, source, documentId } of events) {
      const key = `${source}:${documentId}`;
      const entry = byDocument.get(key) ?? { source, documentId, ids: new Set<string>() };
      entry.ids.add(event.id);
      byDocument.set(key, entry);
    }
    // Documents apart take locks apart: a few at once, instead of one round trip after another.
    const documents = [...byDocument];
    for (let i = 0; i < documents.length; i += PRUNE_CONCURRENCY) {
      await Promise.all(
        documents.slice(i, i + PRUNE_CONCURRENCY).map(([key, { source, documentId, ids }]) =>
          this.locks.withLock(key, async () => {
            const doc = await this.holders[source].findOne({ _id: documentId }, { projection: { outbox: 1 } });
            const sent = (doc?.outbox ?? []).filter((event) => ids.has(event.id));
            if (sent.length > 0) await this.holders[source].updateOne({ _id: documentId }, { $pullAll: { outbox: sent } });
          }),
        ),
      );
    }
  }

  /** Which of these marks' events are still embedded where their marks say. */
  private async stillEmbedded(marks: readonly OutboxMarkDocument[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const source of SOURCES) {
      const wanted = marks.filter((mark) => mark.source === source);
      if (wanted.length === 0) continue;
      const docs = await this.holders[source]
        .find({ _id: { $in: [...new Set(wanted.map((mark) => mark.documentId))] } }, { projection: { 'outbox.id': 1 } })
        .toArray();
      const present = new Set(docs.flatMap((doc) => (doc.outbox ?? []).map((event) => event.id)));
      for (const mark of wanted) if (present.has(mark._id)) found.add(mark._id);
    }
    return found;
  }
}

/** Where a mark's event is embedded (pruning needs only its id). */
const embeddedAt = (mark: OutboxMarkDocument): Embedded => ({
  event: { id: mark._id } as StoredEvent,
  source: mark.source,
  documentId: mark.documentId,
});

/** The mail sent per event: a unique `_id` keeps the first record of racing workers. */
export class MongoSentMailLog implements SentMailLog {
  constructor(private readonly sent: Collection<SentMailDocument>) {}

  async has(eventId: string): Promise<boolean> {
    return (await this.sent.findOne({ _id: eventId }, { projection: { _id: 1 } })) !== null;
  }

  async record(entry: { eventId: string; messageId: string; sentAt: Date }): Promise<void> {
    try {
      await this.sent.insertOne({ _id: entry.eventId, messageId: entry.messageId, sentAt: entry.sentAt });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}
