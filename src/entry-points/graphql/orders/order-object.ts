import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ORDER_STATUSES, type Order, type OrderStatus } from '../../../core/orders/order.js';
import { DateTimeScalar } from '../date-time-scalar.js';

/** The GraphQL enum is built from the core's list, so the two cannot drift apart. */
export const OrderStatusEnum = Object.fromEntries(ORDER_STATUSES.map((status) => [status, status])) as { [S in OrderStatus]: S };
registerEnumType(OrderStatusEnum, { name: 'OrderStatus' });

/** `product` is resolved from productId by OrderLineResolver, batched per request. */
@ObjectType('OrderLine')
export class OrderLineObject {
  productId!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int, { description: "The product's price when the order was placed." })
  unitPriceCents!: number;

  @Field(() => Int, { description: 'quantity × unitPriceCents.' })
  totalCents!: number;
}

/** `customer` is resolved from customerId by OrderResolver, batched per request. */
@ObjectType('Order')
export class OrderObject {
  @Field(() => ID)
  id!: string;

  customerId!: string;

  @Field(() => OrderStatusEnum)
  status!: OrderStatus;

  @Field(() => [OrderLineObject])
  lines!: OrderLineObject[];

  @Field(() => Int, { description: "Sum of the lines' totals." })
  totalCents!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

/**
 * The one place a core Order becomes a GraphQL Order. Fields are copied by
 * name, so what a store keeps beside them (the idempotency key) stays behind.
 */
export function toOrderObject(order: Order): OrderObject {
  const { id, customerId, status, totalCents, createdAt, updatedAt } = order;
  const lines = order.lines.map(({ productId, quantity, unitPriceCents, totalCents: lineTotal }) =>
    Object.assign(new OrderLineObject(), { productId, quantity, unitPriceCents, totalCents: lineTotal }),
  );
  return Object.assign(new OrderObject(), { id, customerId, status, lines, totalCents, createdAt, updatedAt });
}
