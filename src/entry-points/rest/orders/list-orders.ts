import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../core/auth/actor.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../core/orders/order.js';
import type { UseCases } from '../../../core/use-cases.js';
import { ordersJson } from '../../shared/order-json.js';
import { integerOrNaN } from '../../shared/query-values.js';
import { actorOf } from '../bearer-auth.js';
import { aString, oneOf, strictObject } from '../request-validation.js';

interface Query {
  first?: string;
  after?: string;
  status?: OrderStatus;
  customerId?: string;
}

const QUERY = strictObject({ first: aString, after: aString, status: oneOf(ORDER_STATUSES), customerId: aString });

/** GET /orders?first&after&status&customerId: authenticated; newest first, customers and products embedded. */
export function registerListOrders(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Querystring: Query }>('/orders', { schema: { querystring: QUERY } }, async (request) => {
    const { first, after, status, customerId } = request.query;
    const actor = await actorOf(request, useCases);
    const page = await useCases.listOrders.execute(
      { first: first === undefined ? undefined : integerOrNaN(first), after, status, customerId },
      actor,
      { withTotal: true },
    );
    return {
      orders: await ordersJson(
        page.edges.map((edge) => edge.node),
        useCases,
        requireActor(actor),
      ),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  });
}
