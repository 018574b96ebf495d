import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { jobsSummaryJson } from '../../shared/job-json.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';

/** GET /admin/jobs: ADMIN only; the queue's depth by state and its schedules. */
export function registerJobsSummary(app: FastifyInstance, useCases: UseCases): void {
  app.get('/admin/jobs', { schema: { querystring: objectOf([]) } }, async (request) => {
    const actor = await actorOf(request, useCases);
    return { jobs: jobsSummaryJson(await useCases.jobsSummary.execute(actor)) };
  });
}
