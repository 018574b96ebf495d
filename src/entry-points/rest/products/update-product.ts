import type { FastifyInstance } from 'fastify';
import type { UseCases } from '../../../core/use-cases.js';
import { productJson } from '../../shared/product-json.js';
import { actorOf } from '../bearer-auth.js';
import { aBoolean, anInteger, aString, strictObject } from '../request-validation.js';

interface Body {
  sku?: string;
  name?: string;
  description?: string;
  priceCents?: number;
  archived?: boolean;
}

/** Stock is not among them: it changes by restock and by orders only. */
const BODY = strictObject({ sku: aString, name: aString, description: aString, priceCents: anInteger, archived: aBoolean });

/** PATCH /products/:id: ADMIN only; only the fields given change. */
export function registerUpdateProduct(app: FastifyInstance, useCases: UseCases): void {
  app.patch<{ Params: { id: string }; Body: Body }>('/products/:id', { schema: { body: BODY } }, async (request) => {
    const product = await useCases.updateProduct.execute(request.params.id, request.body, await actorOf(request, useCases));
    return { product: productJson(product) };
  });
}
