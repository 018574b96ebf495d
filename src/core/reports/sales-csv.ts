import type { ProductSalesRow } from '../orders/order-repository.js';

/** One CSV row of the export: the report's figures with the product's sku and name. */
export interface SalesCsvRow extends ProductSalesRow {
  sku: string;
  name: string;
}

const COLUMNS = ['productId', 'sku', 'name', 'unitsSold', 'revenueCents', 'orderCount'] as const;

/** RFC 4180 line break. */
const CRLF = '\r\n';

/**
 * A spreadsheet runs a cell that starts with one of these as a formula
 * (CSV injection), so such a text cell gets a leading apostrophe, which
 * spreadsheets show as text and hide. Numbers are ours and never negative.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function textCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const SALES_CSV_HEADER = `${COLUMNS.join(',')}${CRLF}`;

/** The rows as CSV lines, each ending in CRLF. */
export function salesCsvLines(rows: readonly SalesCsvRow[]): string {
  return rows
    .map((row) => [textCell(row.productId), textCell(row.sku), textCell(row.name), row.unitsSold, row.revenueCents, row.orderCount].join(',') + CRLF)
    .join('');
}
