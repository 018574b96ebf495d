import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { productJson } from '../../shared/product-json.js';
import { actorOf } from '../bearer-auth.js';
import { anInteger, strictObject } from '../request-validation.js';

/** POST /products/:id/restock {quantity}: ADMIN only; adds the units atomically. */
export function registerRestockProduct(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Params: { id: string }; Body: { quantity: number } }>(
    '/products/:id/restock',
    { schema: { body: strictObject({ quantity: anInteger }, ['quantity']) } },
    async (request) => {
      const product = await useCases.restockProduct.execute(request.params.id, request.body.quantity, await actorOf(request, useCases));
      return { product: productJson(product) };
    },
  );
}
