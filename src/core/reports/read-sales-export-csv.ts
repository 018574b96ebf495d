import type { Actor } from '../auth/actor.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';
import { requireExportAccess } from './export-access.js';
import type { SalesExportRepository } from './sales-export-repository.js';

export class ReadSalesExportCsv {
  constructor(private readonly deps: { exports: SalesExportRepository }) {}

  /**
   * ADMIN or operator: the export's CSV as a stream of text chunks. Decided
   * before the first chunk: NOT_FOUND for no such export, CONFLICT (409)
   * while it is not DONE (PENDING, RUNNING, or FAILED: there is no file).
   */
  async execute(id: string, actor: Actor | null): Promise<AsyncIterable<string>> {
    requireExportAccess(actor);
    const salesExport = typeof id === 'string' && isWellFormedId(id) ? await this.deps.exports.findById(id) : null;
    if (!salesExport) throw new NotFoundError('No sales export has this id');
    if (salesExport.status !== 'DONE') throw new ConflictError(`The export is ${salesExport.status}, not DONE: its CSV is not ready`);
    return this.deps.exports.readCsv(id);
  }
}
