import { Field, InputType, Int } from 'type-graphql';

/** Shapes only: every rule (sku form, bounds, trimming) is the core's. */
@InputType('CreateProductInput')
export class CreateProductInputObject {
  @Field(() => String)
  sku!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, defaultValue: '' })
  description?: string | null;

  @Field(() => Int)
  priceCents!: number;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  stock?: number | null;
}

@InputType('UpdateProductInput', {
  description: 'Only the fields given are changed. Stock is changed by restockProduct and by orders, never set.',
})
export class UpdateProductInputObject {
  @Field(() => String, { nullable: true })
  sku?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Int, { nullable: true })
  priceCents?: number | null;

  @Field(() => Boolean, { nullable: true })
  archived?: boolean | null;
}
