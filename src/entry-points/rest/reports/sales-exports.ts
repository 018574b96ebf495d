import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { dateTimeOf } from '../../shared/query-values.js';
import { salesExportJson } from '../../shared/sales-export-json.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';

/** POST /reports/sales/exports {from, to}: ADMIN only; 202 with the PENDING export a worker builds. */
export function registerRequestSalesExport(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Body: { from: string; to: string } }>(
    '/reports/sales/exports',
    { schema: { body: objectOf(['from', 'to'], ['from', 'to']) } },
    async (request, reply) => {
      const actor = await actorOf(request, useCases);
      const range = { from: dateTimeOf(request.body.from, 'from'), to: dateTimeOf(request.body.to, 'to') };
      const salesExport = await useCases.requestSalesExport.execute(range, actor);
      return reply.code(202).send({ export: salesExportJson(salesExport) });
    },
  );
}

/** GET /reports/sales/exports/:id: ADMIN only; 404 when no export has this id. */
export function registerGetSalesExport(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Params: { id: string } }>('/reports/sales/exports/:id', async (request) => {
    const salesExport = await useCases.getSalesExport.execute(request.params.id, await actorOf(request, useCases));
    if (!salesExport) throw new NotFoundError('No sales export has this id');
    return { export: salesExportJson(salesExport) };
  });
}

/**
 * GET /reports/sales/exports/:id/csv: ADMIN only; the CSV streamed chunk by
 * chunk from the store (never read whole), 409 until the export is DONE.
 */
export function registerDownloadSalesExport(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Params: { id: string } }>('/reports/sales/exports/:id/csv', async (request, reply) => {
    const chunks = await useCases.readSalesExportCsv.execute(request.params.id, await actorOf(request, useCases));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sales-export-${request.params.id}.csv"`)
      .send(Readable.from(chunks, { objectMode: false }));
  });
}
