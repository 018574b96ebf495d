import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../core/auth/actor.js';
import { NotFoundError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { orderJson } from '../../shared/order-json.js';
import { actorOf } from '../bearer-auth.js';

/** GET /orders/:id: its customer or an ADMIN; anyone else gets 404, as if it did not exist. */
export function registerGetOrder(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Params: { id: string } }>('/orders/:id', async (request) => {
    const actor = await actorOf(request, useCases);
    const order = await useCases.getOrder.execute(request.params.id, actor);
    if (!order) throw new NotFoundError('No order has this id');
    return { order: await orderJson(order, useCases, requireActor(actor)) };
  });
}
