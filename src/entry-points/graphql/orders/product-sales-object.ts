import { Field, Int, ObjectType } from 'type-graphql';
import type { ProductSalesRow } from '../../../core/orders/order-repository.js';
import { SafeIntScalar } from '../safe-int-scalar.js';

/** `product` is resolved from productId by ProductSalesResolver, batched per request. */
@ObjectType('ProductSales', { description: 'Units and revenue of one product over the orders of a period that were not cancelled.' })
export class ProductSalesObject {
  productId!: string;

  @Field(() => SafeIntScalar)
  unitsSold!: number;

  @Field(() => SafeIntScalar)
  revenueCents!: number;

  @Field(() => Int, { description: 'Orders with at least one line of this product.' })
  orderCount!: number;
}

export function toProductSalesObject(row: ProductSalesRow): ProductSalesObject {
  const { productId, unitsSold, revenueCents, orderCount } = row;
  return Object.assign(new ProductSalesObject(), { productId, unitsSold, revenueCents, orderCount });
}
