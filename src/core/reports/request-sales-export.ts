import type { Actor } from '../auth/actor.js';
import { domainEvent } from '../events/domain-event.js';
import { reportRangeOf } from '../orders/sales-report.js';
import type { Clock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { requireExportAccess } from './export-access.js';
import type { SalesExport } from './sales-export.js';
import type { SalesExportRepository } from './sales-export-repository.js';

export class RequestSalesExport {
  constructor(private readonly deps: { exports: SalesExportRepository; clock: Clock }) {}

  /**
   * ADMIN or operator: records a PENDING export of the sales report over
   * [from, to) (the report's range rules and field names), with the event a
   * worker builds it from.
   */
  async execute(range: { from: Date; to: Date }, actor: Actor | null): Promise<SalesExport> {
    const caller = requireExportAccess(actor);
    const { from, to } = reportRangeOf(range);
    const now = this.deps.clock();
    const salesExport: SalesExport = {
      id: newId(now),
      status: 'PENDING',
      from,
      to,
      createdAt: now,
      startedAt: null,
      finishedAt: null,
      requestedBy: caller.kind === 'user' ? caller.id : null,
      failureReason: null,
    };
    await this.deps.exports.insert(salesExport, [domainEvent('sales-export.requested', { exportId: salesExport.id }, now)]);
    return salesExport;
  }
}
