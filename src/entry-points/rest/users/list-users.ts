import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';
import { userJson } from '../../shared/user-json.js';

interface Query {
  first?: string;
  after?: string;
}

/** Query strings are text: digits become a number, anything else NaN, which the core refuses with its own message. */
const integerOrNaN = (value: string): number => (/^\d{1,10}$/.test(value) ? Number(value) : Number.NaN);

/** GET /users?first&after: authenticated; a page of users oldest first. */
export function registerListUsers(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Querystring: Query }>('/users', { schema: { querystring: objectOf(['first', 'after']) } }, async (request) => {
    const { first, after } = request.query;
    const page = await useCases.listUsers.execute(
      { first: first === undefined ? undefined : integerOrNaN(first), after },
      await actorOf(request, useCases),
    );
    return {
      users: page.edges.map((edge) => userJson(edge.node)),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  });
}
