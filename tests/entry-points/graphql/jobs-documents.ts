/** The sales export operations a client sends (jobs.graphql), typed by codegen against ./schema.graphql. */
import { graphql } from '../../support/graphql/generated/index.js';

graphql(`fragment SalesExportFields on SalesExport { id status from to downloadPath createdAt finishedAt }`);

export const REQUEST_SALES_EXPORT = graphql(
  `mutation RequestSalesExport($from: DateTime!, $to: DateTime!) { requestSalesExport(from: $from, to: $to) { ...SalesExportFields } }`,
);
export const SALES_EXPORT = graphql(`query SalesExport($id: ID!) { salesExport(id: $id) { ...SalesExportFields } }`);
