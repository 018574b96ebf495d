import type { ProductRepository } from '../catalog/product-repository.js';
import type { OrderRepository } from '../orders/order-repository.js';
import type { Clock } from '../shared/clock.js';
import { isAppError, NotFoundError } from '../shared/errors.js';
import { SALES_EXPORT_CHUNK_ROWS } from './sales-export.js';
import type { SalesExportRepository } from './sales-export-repository.js';
import { SALES_CSV_HEADER, salesCsvLines, type SalesCsvRow } from './sales-csv.js';

/**
 * - `built`: this call claimed it and it is DONE now.
 * - `finished`: it was DONE or FAILED already; nothing to do.
 * - `busy`: another builder holds a fresh lease on it; try again later
 *   (it becomes claimable if that builder dies).
 */
export type BuildOutcome = 'built' | 'finished' | 'busy';

export class BuildSalesExport {
  constructor(
    private readonly deps: { exports: SalesExportRepository; orders: OrderRepository; products: ProductRepository; clock: Clock },
  ) {}

  /**
   * What the worker runs for `sales-export.requested`: claims the export and
   * writes the report as CSV chunks of at most SALES_EXPORT_CHUNK_ROWS rows,
   * one page of the report at a time (keyset by product id, so the CSV is in
   * product-id order), then marks it DONE. Running it again is harmless. A
   * missing export is NOT_FOUND (permanent: retrying cannot help). A store
   * that does not answer is rethrown with the export left RUNNING, to be
   * claimed by a retry once its lease is stale; any other failure marks it FAILED.
   */
  async execute(exportId: string): Promise<BuildOutcome> {
    const { exports, clock } = this.deps;
    const salesExport = await exports.findById(exportId);
    if (!salesExport) throw new NotFoundError('No sales export has this id');
    if (salesExport.status === 'DONE' || salesExport.status === 'FAILED') return 'finished';
    if (!(await exports.start(exportId, clock()))) {
      const now = await exports.findById(exportId);
      return now && (now.status === 'DONE' || now.status === 'FAILED') ? 'finished' : 'busy';
    }
    try {
      await this.writeChunks(exportId, salesExport);
    } catch (error) {
      if (isAppError(error) && error.code === 'SERVICE_UNAVAILABLE') throw error;
      await exports.fail(exportId, error instanceof Error ? error.message : String(error), clock());
      throw error;
    }
    await exports.finish(exportId, clock());
    return 'built';
  }

  private async writeChunks(exportId: string, range: { from: Date; to: Date }): Promise<void> {
    const { exports, orders } = this.deps;
    let after: string | undefined;
    for (let chunkIndex = 0; ; chunkIndex++) {
      const page = await orders.salesPage({ from: range.from, to: range.to, afterProductId: after, limit: SALES_EXPORT_CHUNK_ROWS });
      if (page.length === 0 && chunkIndex > 0) return;
      const rows = await this.withProducts(page);
      await exports.appendRows(exportId, chunkIndex, (chunkIndex === 0 ? SALES_CSV_HEADER : '') + salesCsvLines(rows));
      if (page.length < SALES_EXPORT_CHUNK_ROWS) return;
      after = page[page.length - 1]!.productId;
    }
  }

  /** Products are never deleted, so every product a report names exists; a missing one is a broken store. */
  private async withProducts(page: Awaited<ReturnType<OrderRepository['salesPage']>>): Promise<SalesCsvRow[]> {
    if (page.length === 0) return [];
    const products = new Map((await this.deps.products.findManyByIds(page.map((row) => row.productId))).map((p) => [p.id, p]));
    return page.map((row) => {
      const product = products.get(row.productId);
      if (!product) throw new Error(`product ${row.productId} named by the sales report is missing`);
      return { ...row, sku: product.sku, name: product.name };
    });
  }
}
