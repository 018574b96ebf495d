import { Field, ID, InputType, Int } from 'type-graphql';

/** Shapes only: every rule (line count, quantities, duplicates, key length) is the core's. */
@InputType('OrderLineInput')
export class OrderLineInputObject {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int)
  quantity!: number;
}

@InputType('PlaceOrderInput')
export class PlaceOrderInputObject {
  @Field(() => [OrderLineInputObject], { description: '1 to 20 lines, each product at most once.' })
  lines!: OrderLineInputObject[];

  @Field(() => String, {
    nullable: true,
    description: 'Makes a retry safe: the same key from the same customer returns the order\nfirst placed with it instead of placing another.',
  })
  idempotencyKey?: string | null;
}
