/**
 * A small RFC 4180 reader for the tests (written independently of the
 * exporter's writer): quoted fields may hold commas, doubled quotes and line
 * breaks; records end in CRLF.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) throw new Error(`the last record does not end in CRLF: ${JSON.stringify(text.slice(-40))}`);
  return records;
}

export const SALES_CSV_COLUMNS = ['productId', 'sku', 'name', 'unitsSold', 'revenueCents', 'orderCount'];

/** A text cell as the export writes it: a leading apostrophe defuses what a spreadsheet would run as a formula. */
export const defused = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** Report rows (with their product) as the CSV's records, in the export's product-id order. */
export function expectedSalesRecords(rows: readonly { productId: string; sku: string; name: string; unitsSold: number; revenueCents: number; orderCount: number }[]): string[][] {
  return [
    SALES_CSV_COLUMNS,
    ...[...rows]
      .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
      .map((row) => [row.productId, defused(row.sku), defused(row.name), String(row.unitsSold), String(row.revenueCents), String(row.orderCount)]),
  ];
}

export async function textOf(chunks: AsyncIterable<string>): Promise<{ text: string; chunks: number }> {
  let text = '';
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count++;
  }
  return { text, chunks: count };
}
