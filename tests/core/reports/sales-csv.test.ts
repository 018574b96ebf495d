import { describe, expect, it } from 'vitest';
import { SALES_CSV_HEADER, salesCsvLines } from '../../../src/core/reports/sales-csv.js';
import { parseCsv, SALES_CSV_COLUMNS } from '../../support/csv.js';

const row = (sku: string, name: string) => ({ productId: 'p-1', sku, name, unitsSold: 3, revenueCents: 1500, orderCount: 2 });

describe('sales CSV', () => {
  it('writes the header and one CRLF-ended record per row', () => {
    expect(SALES_CSV_HEADER + salesCsvLines([row('LAMP', 'Lamp')])).toBe(
      'productId,sku,name,unitsSold,revenueCents,orderCount\r\np-1,LAMP,Lamp,3,1500,2\r\n',
    );
    expect(parseCsv(SALES_CSV_HEADER)).toEqual([SALES_CSV_COLUMNS]);
  });

  it.each([['a, b'], ['say "hi"'], ['two\nlines'], ['cr\rlf\r\n'], ['"'], ['ünï 💡']])('round-trips %j exactly (RFC 4180 quoting)', (name) => {
    expect(parseCsv(salesCsvLines([row('SKU', name)]))).toEqual([['p-1', 'SKU', name, '3', '1500', '2']]);
  });

  it.each([['=1+2'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tTAB']])('puts an apostrophe before a text cell starting like a formula: %j', (value) => {
    expect(parseCsv(salesCsvLines([row(value, value)]))).toEqual([['p-1', `'${value}`, `'${value}`, '3', '1500', '2']]);
  });
});
