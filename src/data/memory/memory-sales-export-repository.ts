import type { DomainEvent } from '../../core/events/domain-event.js';
import { isClaimable, type SalesExport } from '../../core/reports/sales-export.js';
import type { SalesExportRepository } from '../../core/reports/sales-export-repository.js';
import type { MemoryOutbox } from './memory-outbox.js';
import { copy } from './records.js';

/** Exports in process memory; each write is one synchronous step, so start is a compare-and-set. */
export class MemorySalesExportRepository implements SalesExportRepository {
  private readonly exports = new Map<string, SalesExport>();
  /** Export id → chunk index → CSV text. */
  private readonly chunks = new Map<string, Map<number, string>>();

  constructor(private readonly outbox: MemoryOutbox) {}

  async insert(salesExport: SalesExport, events?: readonly DomainEvent[]): Promise<void> {
    this.exports.set(salesExport.id, copy(salesExport));
    this.outbox.append(events);
  }

  async findById(id: string): Promise<SalesExport | null> {
    const found = this.exports.get(id);
    return found ? copy(found) : null;
  }

  async start(id: string, at: Date): Promise<boolean> {
    const found = this.exports.get(id);
    if (!found || !isClaimable(found, at)) return false;
    found.status = 'RUNNING';
    found.startedAt = new Date(at.getTime());
    this.chunks.delete(id);
    return true;
  }

  async appendRows(id: string, chunkIndex: number, csvText: string): Promise<void> {
    const chunks = this.chunks.get(id) ?? new Map<number, string>();
    if (!chunks.has(chunkIndex)) chunks.set(chunkIndex, csvText);
    this.chunks.set(id, chunks);
  }

  async finish(id: string, at: Date): Promise<void> {
    const found = this.exports.get(id);
    if (found?.status !== 'RUNNING') return;
    found.status = 'DONE';
    found.finishedAt = new Date(at.getTime());
  }

  async fail(id: string, reason: string, at: Date): Promise<void> {
    const found = this.exports.get(id);
    if (!found || found.status === 'DONE' || found.status === 'FAILED') return;
    found.status = 'FAILED';
    found.failureReason = reason;
    found.finishedAt = new Date(at.getTime());
  }

  async *readCsv(id: string): AsyncIterable<string> {
    const chunks = this.chunks.get(id);
    if (!chunks) return;
    for (const index of [...chunks.keys()].sort((a, b) => a - b)) yield chunks.get(index)!;
  }

  clear(): void {
    this.exports.clear();
    this.chunks.clear();
  }
}
