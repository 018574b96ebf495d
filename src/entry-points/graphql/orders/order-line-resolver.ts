import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphqlContext } from '../context.js';
import { ProductObject, toProductObject } from '../catalog/product-object.js';
import { OrderLineObject } from './order-object.js';

/** A line's product, through the request's batched product reads. */
@Resolver(() => OrderLineObject)
export class OrderLineResolver {
  @FieldResolver(() => ProductObject)
  async product(@Root() line: OrderLineObject, @Ctx() context: GraphqlContext): Promise<ProductObject> {
    return toProductObject(await loadProduct(context, line.productId));
  }
}

/** Products are never deleted, so a missing one is a broken store: masked as INTERNAL_SERVER_ERROR, logged. */
export async function loadProduct(context: GraphqlContext, id: string) {
  const product = await context.loaders.products.load(id);
  if (!product) throw new Error(`product ${id} referenced by an order is missing`);
  return product;
}
