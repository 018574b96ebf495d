import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ProductObject, toProductObject } from '../catalog/product-object.js';
import type { GraphqlContext } from '../context.js';
import { loadReferencedProduct } from '../loaders.js';
import { OrderLineObject } from './order-object.js';

/** A line's product, through the request's batched product reads. */
@Resolver(() => OrderLineObject)
export class OrderLineResolver {
  @FieldResolver(() => ProductObject)
  async product(@Root() line: OrderLineObject, @Ctx() context: GraphqlContext): Promise<ProductObject> {
    return toProductObject(await loadReferencedProduct(context.loaders, line.productId));
  }
}
