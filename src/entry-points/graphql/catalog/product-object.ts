import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { Product } from '../../../core/catalog/product.js';
import { DateTimeScalar } from '../date-time-scalar.js';

/** The GraphQL view of a core Product; core types carry no decorators. */
@ObjectType('Product')
export class ProductObject {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stock-keeping unit: trimmed, upper-cased, unique across products.' })
  sku!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Int, { description: 'Price in cents.' })
  priceCents!: number;

  @Field(() => Int, { description: 'Units that can still be ordered.' })
  stock!: number;

  @Field(() => Boolean, { description: 'Archived products stay readable (old orders show them) but cannot be ordered.' })
  archived!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

/** The one place a core Product becomes a GraphQL Product: fields copied by name. */
export function toProductObject(product: Product): ProductObject {
  const { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt } = product;
  return Object.assign(new ProductObject(), { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt });
}
