import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../core/auth/actor.js';
import type { UseCases } from '../../../core/use-cases.js';
import { orderJson } from '../../shared/order-json.js';
import { actorOf } from '../bearer-auth.js';

/** POST /orders/:id/cancel: its customer or an ADMIN; the units go back to stock. No body. */
export function registerCancelOrder(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Params: { id: string } }>('/orders/:id/cancel', async (request) => {
    const actor = await actorOf(request, useCases);
    const order = await useCases.cancelOrder.execute(request.params.id, actor);
    return { order: await orderJson(order, useCases, requireActor(actor)) };
  });
}
