import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Outbox } from '../../core/events/outbox.js';
import type { SentMailLog } from '../../core/mail/sent-mail-log.js';

interface Entry {
  event: DomainEvent;
  leasedUntil: number;
  sent: boolean;
  sentAt: number;
}

const copyEvent = (event: DomainEvent): DomainEvent => structuredClone(event);
const byTimeThenId = (a: Entry, b: Entry): number =>
  a.event.at.getTime() - b.event.at.getTime() || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);

/**
 * The memory store's outbox: repositories append a change's events in the
 * same synchronous step as the change (no await between), which on one event
 * loop is the same atomic write the database stores make.
 */
export class MemoryOutbox implements Outbox {
  private readonly entries = new Map<string, Entry>();

  /** Called by the repositories, inside the step that makes the change. */
  append(events: readonly DomainEvent[] | undefined): void {
    for (const event of events ?? []) this.entries.set(event.id, { event: copyEvent(event), leasedUntil: 0, sent: false, sentAt: 0 });
  }

  async claim({ limit, leaseMs, now }: { limit: number; leaseMs: number; now: Date }): Promise<DomainEvent[]> {
    const at = now.getTime();
    const free = [...this.entries.values()].filter((entry) => !entry.sent && entry.leasedUntil <= at).sort(byTimeThenId);
    const claimed = free.slice(0, limit);
    for (const entry of claimed) entry.leasedUntil = at + leaseMs;
    return claimed.map((entry) => copyEvent(entry.event));
  }

  async markSent(ids: readonly string[], at: Date): Promise<void> {
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry && !entry.sent) {
        entry.sent = true;
        entry.sentAt = at.getTime();
      }
    }
  }

  async purgeSent(before: Date): Promise<number> {
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (entry.sent && entry.sentAt < before.getTime()) {
        this.entries.delete(id);
        purged += 1;
      }
    }
    return purged;
  }

  async pendingCount(): Promise<number> {
    let count = 0;
    for (const entry of this.entries.values()) if (!entry.sent) count += 1;
    return count;
  }

  clear(): void {
    this.entries.clear();
  }
}

export class MemorySentMailLog implements SentMailLog {
  private readonly sent = new Map<string, { messageId: string; sentAt: Date }>();

  async has(eventId: string): Promise<boolean> {
    return this.sent.has(eventId);
  }

  async record(entry: { eventId: string; messageId: string; sentAt: Date }): Promise<void> {
    if (!this.sent.has(entry.eventId)) this.sent.set(entry.eventId, { messageId: entry.messageId, sentAt: new Date(entry.sentAt.getTime()) });
  }

  clear(): void {
    this.sent.clear();
  }
}
