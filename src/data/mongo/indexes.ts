import type { Db, IndexDescription } from 'mongodb';
import { COLLECTIONS } from './documents.js';

/**
 * The relay's look-up of documents holding unsent events, in their time order
 * (mongo-outbox.ts): on MongoDB a multikey index holding only those documents'
 * events, since a document without events has no `outbox.at` date. Not sparse
 * nor partial: FerretDB 1.x has neither (and, pushing no filter down, ignores it).
 */
const OUTBOX_AT: IndexDescription = { key: { 'outbox.at': 1 }, name: 'outbox_at' };

/**
 * Created at every open. createIndexes with an identical definition is a
 * no-op, so opening is idempotent; the names are fixed so that a changed
 * definition fails loudly instead of adding a second index.
 */
export const INDEXES: Record<string, IndexDescription[]> = {
  [COLLECTIONS.users]: [
    // Uniqueness under concurrency is the database's job.
    { key: { email: 1 }, name: 'email_unique', unique: true },
    // The paging order: createdAt, then id.
    { key: { createdAt: 1, _id: 1 }, name: 'createdAt_id' },
    OUTBOX_AT,
  ],
  [COLLECTIONS.refreshTokens]: [
    { key: { tokenHash: 1 }, name: 'tokenHash_unique', unique: true },
    { key: { familyId: 1 }, name: 'familyId' },
    { key: { userId: 1 }, name: 'userId' },
  ],
  // _id (the token id) is the revocation's own unique key; userId serves deleteByUser.
  [COLLECTIONS.refreshTokenRevocations]: [{ key: { userId: 1 }, name: 'userId' }],
  [COLLECTIONS.products]: [
    { key: { sku: 1 }, name: 'sku_unique', unique: true },
    { key: { createdAt: 1, _id: 1 }, name: 'createdAt_id' },
    OUTBOX_AT,
  ],
  [COLLECTIONS.orders]: [
    // One order per customer and idempotency key, also under racing placements. `idem` is always
    // present (the order's own id when there is no key): FerretDB 1.x has no partial indexes.
    { key: { idem: 1 }, name: 'idem_unique', unique: true },
    // The paging order, newest first, overall and per customer.
    { key: { createdAt: -1, _id: -1 }, name: 'createdAt_id' },
    { key: { customerId: 1, createdAt: -1, _id: -1 }, name: 'customerId_createdAt_id' },
    // The sweep's look-ups of unfinished placements and cancellations.
    { key: { pendingSince: 1 }, name: 'pendingSince' },
    { key: { returningSince: 1 }, name: 'returningSince' },
    OUTBOX_AT,
  ],
  // readCsv's order: an export's chunks by index.
  // The relay's look-up of a request's event (see OUTBOX_AT).
  [COLLECTIONS.salesExports]: [OUTBOX_AT],
  [COLLECTIONS.salesExportChunks]: [{ key: { exportId: 1, index: 1 }, name: 'exportId_index' }],
  // _id is the event id (a claim's unique insert); the purge's look-ups of old marks.
  [COLLECTIONS.outboxMarks]: [
    { key: { sentAt: 1 }, name: 'sentAt' },
    { key: { leasedUntil: 1 }, name: 'leasedUntil' },
  ],
  // _id (the event id) is the only key.
  [COLLECTIONS.sentMail]: [],
};

/**
 * One createIndexes command per index: FerretDB 1.x panics (and drops the
 * connection) when one command lists two or more indexes that all exist.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  for (const [collection, indexes] of Object.entries(INDEXES)) {
    for (const index of indexes) await db.collection(collection).createIndexes([index]);
  }
}
