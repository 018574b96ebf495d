import type { Actor } from '../auth/actor.js';
import { isWellFormedId } from '../shared/ids.js';
import { requireExportAccess } from './export-access.js';
import type { SalesExport } from './sales-export.js';
import type { SalesExportRepository } from './sales-export-repository.js';

export class GetSalesExport {
  constructor(private readonly deps: { exports: SalesExportRepository }) {}

  /** ADMIN or operator: the export, or null when none has this id. */
  async execute(id: string, actor: Actor | null): Promise<SalesExport | null> {
    requireExportAccess(actor);
    if (typeof id !== 'string' || !isWellFormedId(id)) return null;
    return this.deps.exports.findById(id);
  }
}
