import type { DomainEvent } from '../../core/events/domain-event.js';
import { withEvents } from './prisma-outbox.js';
import { SALES_EXPORT_LEASE_MS, type SalesExport } from '../../core/reports/sales-export.js';
import type { SalesExportRepository } from '../../core/reports/sales-export-repository.js';
import type { PrismaClient, SalesExport as SalesExportRow } from './generated/client.js';

/** Chunks read per round trip of readCsv: a few hundred kB at most. */
const CHUNKS_PER_READ = 4;

const toSalesExport = (row: SalesExportRow): SalesExport => ({
  id: row.id,
  status: row.status,
  from: row.from,
  to: row.to,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
  requestedBy: row.requestedBy,
  failureReason: row.failureReason,
});

/** Exports and their CSV chunks in PostgreSQL; every state change is one conditional UPDATE. */
export class PrismaSalesExportRepository implements SalesExportRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The export and its events in one transaction: the worker's job exists exactly when the export does. */
  async insert(salesExport: SalesExport, events?: readonly DomainEvent[]): Promise<void> {
    await withEvents(this.prisma, () => this.prisma.salesExport.create({ data: { ...salesExport } }), events);
  }

  async findById(id: string): Promise<SalesExport | null> {
    const row = await this.prisma.salesExport.findUnique({ where: { id } });
    return row && toSalesExport(row);
  }

  async start(id: string, at: Date): Promise<boolean> {
    const stale = new Date(at.getTime() - SALES_EXPORT_LEASE_MS);
    const claimed = await this.prisma.salesExport.updateMany({
      where: { id, OR: [{ status: 'PENDING' }, { status: 'RUNNING', OR: [{ startedAt: null }, { startedAt: { lte: stale } }] }] },
      data: { status: 'RUNNING', startedAt: at },
    });
    if (claimed.count === 0) return false;
    // Only the claimer gets here: what an abandoned attempt wrote goes, so the rebuild starts clean.
    await this.prisma.salesExportChunk.deleteMany({ where: { exportId: id } });
    return true;
  }

  async appendRows(id: string, chunkIndex: number, csvText: string): Promise<void> {
    await this.prisma.salesExportChunk.createMany({ data: [{ exportId: id, chunkIndex, csv: csvText }], skipDuplicates: true });
  }

  async finish(id: string, at: Date): Promise<void> {
    await this.prisma.salesExport.updateMany({ where: { id, status: 'RUNNING' }, data: { status: 'DONE', finishedAt: at } });
  }

  async fail(id: string, reason: string, at: Date): Promise<void> {
    await this.prisma.salesExport.updateMany({
      where: { id, status: { in: ['PENDING', 'RUNNING'] } },
      data: { status: 'FAILED', failureReason: reason, finishedAt: at },
    });
  }

  async *readCsv(id: string): AsyncIterable<string> {
    let after = -1;
    for (;;) {
      const chunks = await this.prisma.salesExportChunk.findMany({
        where: { exportId: id, chunkIndex: { gt: after } },
        orderBy: { chunkIndex: 'asc' },
        take: CHUNKS_PER_READ,
        select: { chunkIndex: true, csv: true },
      });
      for (const chunk of chunks) yield chunk.csv;
      if (chunks.length < CHUNKS_PER_READ) return;
      after = chunks[chunks.length - 1]!.chunkIndex;
    }
  }
}
