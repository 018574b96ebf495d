/** A CSV of the sales report over [from, to), built in the background (CONTRACT.md, "Background work"). */
export type SalesExportStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

export const SALES_EXPORT_STATUSES = ['PENDING', 'RUNNING', 'DONE', 'FAILED'] as const satisfies readonly SalesExportStatus[];

export interface SalesExport {
  id: string;
  status: SalesExportStatus;
  from: Date;
  to: Date;
  createdAt: Date;
  /** When a builder last claimed it (its lease starts then); null while PENDING. */
  startedAt: Date | null;
  /** When it became DONE or FAILED. */
  finishedAt: Date | null;
  /** The ADMIN who asked; null for the operator (the CLI). */
  requestedBy: string | null;
  /** Why it FAILED, for the operator's log; null otherwise. */
  failureReason: string | null;
}

/**
 * A RUNNING export whose builder claimed it longer ago than this is taken to
 * be abandoned (its process died) and may be claimed again. Far above the
 * time a report of a year's sales takes to build; a live builder outliving it
 * would share the export with a second one, which rebuilds the same chunks.
 */
export const SALES_EXPORT_LEASE_MS = 10 * 60_000;

/** Rows per stored CSV chunk: the most of a report any step holds in memory. */
export const SALES_EXPORT_CHUNK_ROWS = 500;

/** Whether a builder may claim the export at `at`: PENDING, or RUNNING with a lease gone stale. */
export const isClaimable = (salesExport: Pick<SalesExport, 'status' | 'startedAt'>, at: Date): boolean =>
  salesExport.status === 'PENDING' ||
  (salesExport.status === 'RUNNING' && (salesExport.startedAt === null || salesExport.startedAt.getTime() <= at.getTime() - SALES_EXPORT_LEASE_MS));
