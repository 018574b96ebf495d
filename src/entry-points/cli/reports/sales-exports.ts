import { OPERATOR } from '../../../core/auth/actor.js';
import { NotFoundError } from '../../../core/shared/errors.js';
import { dateTimeOf } from '../../shared/query-values.js';
import { salesExportJson } from '../../shared/sales-export-json.js';
import { type CliCommand, StreamedText } from '../cli-command.js';

/** `reports export --from ISO --to ISO`: asks for a CSV of the sales report; prints the PENDING export as REST does. */
export const requestSalesExportCommand: CliCommand = {
  name: 'export',
  synopsis: '--from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  required: ['from', 'to'],
  arguments: [],
  async run({ options }, useCases) {
    const range = { from: dateTimeOf(options.from!, 'from'), to: dateTimeOf(options.to!, 'to') };
    return { export: salesExportJson(await useCases.requestSalesExport.execute(range, OPERATOR)) };
  },
};

/** `reports export-status ID`: NOT_FOUND (exit 1) when no export has the id, as REST answers 404. */
export const salesExportStatusCommand: CliCommand = {
  name: 'export-status',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    const salesExport = await useCases.getSalesExport.execute(id!, OPERATOR);
    if (!salesExport) throw new NotFoundError('No sales export has this id');
    return { export: salesExportJson(salesExport) };
  },
};

/** `reports export-csv ID`: the CSV on stdout, streamed; CONFLICT (as REST's 409) until the export is DONE. */
export const salesExportCsvCommand: CliCommand = {
  name: 'export-csv',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    return new StreamedText(await useCases.readSalesExportCsv.execute(id!, OPERATOR));
  },
};
