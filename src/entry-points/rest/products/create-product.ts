import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { productJson } from '../../shared/product-json.js';
import { actorOf } from '../bearer-auth.js';
import { anInteger, aString, strictObject } from '../request-validation.js';

interface Body {
  sku: string;
  name: string;
  description?: string;
  priceCents: number;
  stock?: number;
}

const BODY = strictObject(
  { sku: aString, name: aString, description: aString, priceCents: anInteger, stock: anInteger },
  ['sku', 'name', 'priceCents'],
);

/** POST /products: ADMIN only; 201 with the product. */
export function registerCreateProduct(app: FastifyInstance, useCases: UseCases): void {
  app.post<{ Body: Body }>('/products', { schema: { body: BODY } }, async (request, reply) => {
    const product = await useCases.createProduct.execute(request.body, await actorOf(request, useCases));
    return reply.code(201).send({ product: productJson(product) });
  });
}
