import type { DomainEvent } from './domain-event.js';

/**
 * The relay's port onto the events every store writes with its changes.
 * Several relays may run at once (one per instance): a claim leases events,
 * so in steady state no event is handed to two relays; a relay that dies
 * holding a lease lets it run out, and another relay claims the events again.
 * Delivery onward is therefore at least once: consumers are idempotent.
 */
export interface Outbox {
  /**
   * Up to `limit` events not marked sent and not leased at `now`, oldest
   * first (by time, then id), leased to this caller until now + leaseMs.
   * Events of a change that is not settled yet (a MongoDB placement in
   * progress) are never returned.
   */
  claim(request: { limit: number; leaseMs: number; now: Date }): Promise<DomainEvent[]>;
  /** Marks these events sent: no claim returns them again. Unknown or already-sent ids are ignored. */
  markSent(ids: readonly string[], at: Date): Promise<void>;
  /** How many events are not marked sent (leased or not): the operator's backlog figure. */
  pendingCount(): Promise<number>;
  /**
   * Forgets events marked sent before `before` (never an unsent one), so the
   * outbox does not grow forever; answers how many went. A store may remove
   * them in batches: a caller repeats while the answer is not 0.
   */
  purgeSent(before: Date): Promise<number>;
}
