import type { DomainEvent } from '../events/domain-event.js';
import type { SalesExport } from './sales-export.js';

/**
 * The exports' port: the record and its CSV, kept in the store so that any
 * instance serves the download. Any string is accepted as an id: one no
 * export has finds nothing.
 */
export interface SalesExportRepository {
  /** Stores a new export with its `events` (the `sales-export.requested` event) in the same atomic write. */
  insert(salesExport: SalesExport, events?: readonly DomainEvent[]): Promise<void>;
  findById(id: string): Promise<SalesExport | null>;
  /**
   * Compare-and-set: PENDING → RUNNING, or a RUNNING one whose lease is stale
   * (isClaimable) → RUNNING with a fresh lease; answers whether this caller
   * got it. The claimer's chunks start empty: any an abandoned attempt left
   * are removed, so a rebuild never mixes two attempts' rows.
   */
  start(id: string, at: Date): Promise<boolean>;
  /** Stores one chunk of CSV text; storing a chunk index twice keeps the first and changes nothing. */
  appendRows(id: string, chunkIndex: number, csvText: string): Promise<void>;
  /** RUNNING → DONE at `at`; anything else is left as it is. */
  finish(id: string, at: Date): Promise<void>;
  /** PENDING or RUNNING → FAILED at `at`, with the reason; a finished export is left as it is. */
  fail(id: string, reason: string, at: Date): Promise<void>;
  /** The chunks in index order, read a few at a time: never the whole CSV at once. */
  readCsv(id: string): AsyncIterable<string>;
}
