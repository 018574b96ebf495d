import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireActor } from '../../../core/auth/actor.js';
import type { UseCases } from '../../../core/use-cases.js';
import { orderJson } from '../../shared/order-json.js';
import { actorOf } from '../bearer-auth.js';
import { anInteger, aString, strictObject } from '../request-validation.js';

interface Body {
  lines: { productId: string; quantity: number }[];
}

/**
 * Only the lines: the idempotency key travels in the `Idempotency-Key` header
 * (CONTRACT.md), so an `idempotencyKey` in the body is an unknown field. The
 * number of lines and the quantities are the core's rules, not the schema's.
 */
const BODY = strictObject(
  { lines: { type: 'array', items: strictObject({ productId: aString, quantity: anInteger }, ['productId', 'quantity']) } },
  ['lines'],
);

/** Node joins a repeated header with ", "; the core judges what the key may be. */
function idempotencyKeyOf(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  return Array.isArray(header) ? header.join(', ') : header;
}

/** POST /orders {lines}: authenticated, for the caller; 201 for a new order, 200 with the first one for a repeated key. */
export function registerPlaceOrder(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Body: Body }>('/orders', { schema: { body: BODY } }, async (request, reply) => {
    const actor = await actorOf(request, useCases);
    const { order, created } = await useCases.placeOrder.execute({ lines: request.body.lines, idempotencyKey: idempotencyKeyOf(request) }, actor);
    return reply.code(created ? 201 : 200).send({ order: await orderJson(order, useCases, requireActor(actor)) });
  });
}
