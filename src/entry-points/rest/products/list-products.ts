import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { productJson } from '../../shared/product-json.js';
import { booleanOf, integerOrNaN } from '../../shared/query-values.js';
import { actorOf } from '../bearer-auth.js';
import { objectOf } from '../request-validation.js';

interface Query {
  first?: string;
  after?: string;
  search?: string;
  includeArchived?: string;
}

/** GET /products?first&after&search&includeArchived: public; a page of products oldest first. */
export function registerListProducts(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Querystring: Query }>(
    '/products',
    { schema: { querystring: objectOf(['first', 'after', 'search', 'includeArchived']) } },
    async (request) => {
      const { first, after, search, includeArchived } = request.query;
      const page = await useCases.listProducts.execute(
        {
          first: first === undefined ? undefined : integerOrNaN(first),
          after,
          search,
          includeArchived: includeArchived === undefined ? undefined : booleanOf(includeArchived, 'includeArchived'),
        },
        await actorOf(request, useCases),
        { withTotal: true },
      );
      return {
        products: page.edges.map((edge) => productJson(edge.node)),
        pageInfo: page.pageInfo,
        totalCount: page.totalCount,
      };
    },
  );
}
