import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { salesJson } from '../../shared/order-json.js';
import { dateTimeOf } from '../../shared/query-values.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';

/** GET /reports/sales?from&to: ADMIN only; per product over [from, to), best-selling first. */
export function registerSalesReport(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Querystring: { from: string; to: string } }>(
    '/reports/sales',
    { schema: { querystring: objectOf(['from', 'to'], ['from', 'to']) } },
    async (request) => {
      const actor = await actorOf(request, useCases);
      const range = { from: dateTimeOf(request.query.from, 'from'), to: dateTimeOf(request.query.to, 'to') };
      return { sales: await salesJson(await useCases.salesReport.execute(range, actor), useCases) };
    },
  );
}
