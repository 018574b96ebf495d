import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import { productJson } from '../../shared/product-json.js';

/** GET /products/:id: public, archived products included; 404 when no product has that id. */
export function registerGetProduct(app: FastifyInstance, useCases: UseCases): void {
  app.get<{ Params: { id: string } }>('/products/:id', async (request) => {
    const product = await useCases.getProduct.execute(request.params.id);
    if (!product) throw new NotFoundError('No product has this id');
    return { product: productJson(product) };
  });
}
