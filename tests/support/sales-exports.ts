/**
 * What the transport suites share for sales exports: the worker's step run
 * straight through the use cases (the worker is not wired yet), the report a
 * CSV must equal, and a report bigger than one chunk put into a store.
 */
import { systemClock } from '../../src/core/shared/clock.js';
import type { Store } from '../../src/core/store.js';
import { createUseCases } from '../../src/core/use-cases.js';
import { JoseAccessTokens } from '../../src/data/security/jose-access-tokens.js';
import { aCustomer, aPlacement, aProduct } from '../data/contracts/contract-data.js';
import { expectedSalesRecords } from './csv.js';
import { fastHasher } from './test-server.js';

export const EXPORT_FIELDS = ['createdAt', 'downloadPath', 'finishedAt', 'from', 'id', 'status', 'to'];

/** The use cases over `store`, as the worker will have them. */
function useCasesOver(store: Store) {
  return createUseCases({
    store,
    hasher: fastHasher,
    accessTokens: new JoseAccessTokens('sales-export-tests-secret-32-bytes-long', 60),
    clock: systemClock,
    refreshTokenTtl: 60,
  });
}

/** What the worker will do for the export's `sales-export.requested` event. */
export const buildSalesExport = (store: Store, exportId: string) => useCasesOver(store).buildSalesExport.execute(exportId);

/** The sales report over the range, as the CSV's records (header first, product-id order). */
export async function reportRecords(store: Store, range: { from: string | Date; to: string | Date }): Promise<string[][]> {
  const rows = await store.orders.salesReport({ from: new Date(range.from), to: new Date(range.to) });
  const products = new Map((await store.products.findManyByIds(rows.map((row) => row.productId))).map((p) => [p.id, p]));
  return expectedSalesRecords(rows.map((row) => ({ ...row, sku: products.get(row.productId)!.sku, name: products.get(row.productId)!.name })));
}

/**
 * `count` products, each sold once, written through the ports (over HTTP
 * this would take minutes on the slower stores). Orders of 20 lines, the most
 * an order may have. Answers a range that holds them all.
 */
export async function aLargeReport(store: Store, count: number): Promise<{ from: string; to: string }> {
  const from = new Date(Date.now() - 60_000);
  const customer = await aCustomer(store);
  const products = Array.from({ length: count }, (_, i) => aProduct({ name: `Bulk, "item" ${i}`, priceCents: 100 + i, createdAt: from }));
  for (const product of products) await store.products.insert(product);
  for (let i = 0; i < count; i += 20) {
    const lines = products.slice(i, i + 20).map((product) => ({ productId: product.id, quantity: 1 }));
    const outcome = await store.orders.place(aPlacement(customer.id, lines, { at: new Date(from.getTime() + 1000) }));
    if (outcome.kind !== 'placed') throw new Error(`placement refused: ${outcome.kind}`);
  }
  return { from: from.toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
}
