import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../core/auth/actor.js';
import { ORDER_STATUSES, type OrderStatus } from '../../../core/orders/order.js';
import type { UseCases } from '../../../core/use-cases.js';
import { orderJson } from '../../shared/order-json.js';
import { actorOf } from '../bearer-auth.js';
import { oneOf, strictObject } from '../request-validation.js';

/** PATCH /orders/:id {status}: ADMIN only, one step along PLACED → PAID → SHIPPED → DELIVERED. */
export function registerSetOrderStatus(app: FastifyInstance, useCases: UseCases): void {
  app.patch<{ Params: { id: string }; Body: { status: OrderStatus } }>(
    '/orders/:id',
    { schema: { body: strictObject({ status: oneOf(ORDER_STATUSES) }, ['status']) } },
    async (request) => {
      const actor = await actorOf(request, useCases);
      const order = await useCases.setOrderStatus.execute(request.params.id, request.body.status, actor);
      return { order: await orderJson(order, useCases, requireActor(actor)) };
    },
  );
}
