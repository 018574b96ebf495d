import type { SalesExport, SalesExportStatus } from '../../core/reports/sales-export.js';

/** Where a DONE export's CSV is served (REST), with the same bearer token; null before. */
export const salesExportDownloadPath = (salesExport: Pick<SalesExport, 'id' | 'status'>): string | null =>
  salesExport.status === 'DONE' ? `/api/reports/sales/exports/${encodeURIComponent(salesExport.id)}/csv` : null;

/** An export as REST and the CLI print it: exactly the GraphQL SalesExport fields. */
export interface SalesExportJson {
  id: string;
  status: SalesExportStatus;
  from: string;
  to: string;
  downloadPath: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function salesExportJson(salesExport: SalesExport): SalesExportJson {
  return {
    id: salesExport.id,
    status: salesExport.status,
    from: salesExport.from.toISOString(),
    to: salesExport.to.toISOString(),
    downloadPath: salesExportDownloadPath(salesExport),
    createdAt: salesExport.createdAt.toISOString(),
    finishedAt: salesExport.finishedAt?.toISOString() ?? null,
  };
}
