import { OPERATOR } from '../../../core/auth/actor.js';
import { salesJson } from '../../shared/order-json.js';
import { dateTimeOf } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

/** `reports sales --from ISO --to ISO`: per product over [from, to), best-selling first, as REST prints it. */
export const salesReportCommand: CliCommand = {
  name: 'sales',
  synopsis: '--from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  required: ['from', 'to'],
  arguments: [],
  async run({ options }, useCases) {
    const range = { from: dateTimeOf(options.from!, 'from'), to: dateTimeOf(options.to!, 'to') };
    return { sales: await salesJson(await useCases.salesReport.execute(range, OPERATOR), useCases) };
  },
};
