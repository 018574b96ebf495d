import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SALES_EXPORT_STATUSES, type SalesExport, type SalesExportStatus } from '../../../core/reports/sales-export.js';
import { salesExportDownloadPath } from '../../shared/sales-export-json.js';
import { DateTimeScalar } from '../date-time-scalar.js';

/** The GraphQL enum is built from the core's list, so the two cannot drift apart. */
export const ExportStatusEnum = Object.fromEntries(SALES_EXPORT_STATUSES.map((status) => [status, status])) as {
  [S in SalesExportStatus]: S;
};
registerEnumType(ExportStatusEnum, { name: 'ExportStatus' });

@ObjectType('SalesExport', { description: 'A CSV of the sales report over [from, to), built in the background.' })
export class SalesExportObject {
  @Field(() => ID)
  id!: string;

  @Field(() => ExportStatusEnum)
  status!: SalesExportStatus;

  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;

  @Field(() => String, { nullable: true, description: 'Where to download the CSV (with the same bearer token) once DONE; null before.' })
  downloadPath!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;
}

/** The one place a core SalesExport becomes a GraphQL SalesExport; who asked and why it failed stay behind. */
export function toSalesExportObject(salesExport: SalesExport): SalesExportObject {
  const { id, status, from, to, createdAt, finishedAt } = salesExport;
  return Object.assign(new SalesExportObject(), { id, status, from, to, downloadPath: salesExportDownloadPath(salesExport), createdAt, finishedAt });
}
