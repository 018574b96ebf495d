import type { Collection } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import { isClaimable, type SalesExport } from '../../core/reports/sales-export.js';
import type { SalesExportRepository } from '../../core/reports/sales-export-repository.js';
import type { DocumentLocks } from './document-locks.js';
import {
  COLLECTIONS,
  outboxOf,
  type SalesExportChunkDocument,
  type SalesExportDocument,
  toSalesExport,
  toSalesExportDocument,
} from './documents.js';
import { isDuplicateKey } from './duplicate-key.js';

/** Chunks fetched per batch of readCsv's cursor: a few hundred kB at most. */
const CHUNKS_PER_BATCH = 4;

/**
 * Exports on a server without transactions. Each state change is a read then
 * a write of the export under its document lock (FerretDB writes back the
 * whole document, so an unlocked compare-and-set could be lost); a chunk is an
 * insert keyed by (export, index), so a repeated chunk is refused by `_id`.
 */
export class MongoSalesExportRepository implements SalesExportRepository {
  constructor(
    private readonly exports: Collection<SalesExportDocument>,
    private readonly chunks: Collection<SalesExportChunkDocument>,
    private readonly locks: DocumentLocks,
  ) {}

  /** The request's event goes in with the export document: one insert, so it exists exactly when the export does. */
  async insert(salesExport: SalesExport, events?: readonly DomainEvent[]): Promise<void> {
    await this.exports.insertOne({ ...toSalesExportDocument(salesExport), ...outboxOf(events) });
  }

  async findById(id: string): Promise<SalesExport | null> {
    const doc = await this.exports.findOne({ _id: id });
    return doc && toSalesExport(doc);
  }

  async start(id: string, at: Date): Promise<boolean> {
    const claimed = await this.change(id, (current) => isClaimable(current, at), { status: 'RUNNING', startedAt: at });
    // Only the claimer gets here: what an abandoned attempt wrote goes, so the rebuild starts clean.
    if (claimed) await this.chunks.deleteMany({ exportId: id });
    return claimed;
  }

  async appendRows(id: string, chunkIndex: number, csvText: string): Promise<void> {
    try {
      await this.chunks.insertOne({ _id: `${id}:${chunkIndex}`, exportId: id, index: chunkIndex, csv: csvText });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  async finish(id: string, at: Date): Promise<void> {
    await this.change(id, (current) => current.status === 'RUNNING', { status: 'DONE', finishedAt: at });
  }

  async fail(id: string, reason: string, at: Date): Promise<void> {
    await this.change(id, (current) => current.status === 'PENDING' || current.status === 'RUNNING', {
      status: 'FAILED',
      failureReason: reason,
      finishedAt: at,
    });
  }

  async *readCsv(id: string): AsyncIterable<string> {
    const cursor = this.chunks.find({ exportId: id }).sort({ index: 1 }).batchSize(CHUNKS_PER_BATCH);
    try {
      for await (const chunk of cursor) yield chunk.csv;
    } finally {
      await cursor.close();
    }
  }

  /** Applies `changes` when the export exists and `allowed` holds for it; answers whether it did. */
  private change(id: string, allowed: (current: SalesExport) => boolean, changes: Partial<SalesExportDocument>): Promise<boolean> {
    // The same key the outbox takes to prune this document's sent events (COLLECTIONS.salesExports:<id>).
    return this.locks.withLock(`${COLLECTIONS.salesExports}:${id}`, async () => {
      const doc = await this.exports.findOne({ _id: id });
      if (!doc || !allowed(toSalesExport(doc))) return false;
      const { modifiedCount } = await this.exports.updateOne({ _id: id, status: doc.status }, { $set: changes });
      return modifiedCount === 1;
    });
  }
}
