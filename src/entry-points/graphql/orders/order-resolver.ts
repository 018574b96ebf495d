import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { OrderStatus } from '../../../core/orders/order.js';
import type { UseCases } from '../../../core/use-cases.js';
import type { GraphqlContext } from '../context.js';
import { selectsField } from '../selected-fields.js';
import { toUserObject, UserObject } from '../users/user-object.js';
import { OrderConnectionObject, toOrderConnection } from './order-connection-object.js';
import { PlaceOrderInputObject } from './order-inputs.js';
import { OrderObject, OrderStatusEnum, toOrderObject } from './order-object.js';

/** Thin: read the arguments, call the use case with the caller, shape the answer. */
@Resolver(() => OrderObject)
export class OrderResolver {
  constructor(private readonly useCases: UseCases) {}

  @Query(() => OrderConnectionObject, {
    description:
      "Orders, newest first (ties broken by id). A USER sees its own; an ADMIN sees\nall, or one customer's with `customerId`. Requires authentication.",
  })
  async orders(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('status', () => OrderStatusEnum, { nullable: true }) status: OrderStatus | null,
    @Arg('customerId', () => ID, { nullable: true }) customerId: string | null,
    @Ctx() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OrderConnectionObject> {
    const page = await this.useCases.listOrders.execute(
      { first: first ?? undefined, after, status: status ?? undefined, customerId: customerId ?? undefined },
      await context.actor(),
      { withTotal: selectsField(info, 'totalCount') },
    );
    return toOrderConnection(page);
  }

  @Query(() => OrderObject, {
    nullable: true,
    description: 'An order by id, or null when there is none the caller may see. Requires authentication.',
  })
  async order(@Arg('id', () => ID) id: string, @Ctx() context: GraphqlContext): Promise<OrderObject | null> {
    const order = await this.useCases.getOrder.execute(id, await context.actor());
    return order ? toOrderObject(order) : null;
  }

  @Mutation(() => OrderObject, {
    description:
      'Places an order for the caller: every line is reserved from stock, or none is\n(OUT_OF_STOCK). Prices are taken from the products at that moment.',
  })
  async placeOrder(@Arg('input', () => PlaceOrderInputObject) input: PlaceOrderInputObject, @Ctx() context: GraphqlContext): Promise<OrderObject> {
    const lines = input.lines.map(({ productId, quantity }) => ({ productId, quantity }));
    // `created` only matters to REST (201 or 200); GraphQL answers the order either way.
    const { order } = await this.useCases.placeOrder.execute({ lines, idempotencyKey: input.idempotencyKey ?? null }, await context.actor());
    // Stock changed: a line's product read later in this document must not come from an earlier read.
    context.loaders.products.clearAll();
    return toOrderObject(order);
  }

  @Mutation(() => OrderObject, { description: 'Cancels a PLACED or PAID order and returns its units to stock. The customer or an ADMIN.' })
  async cancelOrder(@Arg('id', () => ID) id: string, @Ctx() context: GraphqlContext): Promise<OrderObject> {
    const order = await this.useCases.cancelOrder.execute(id, await context.actor());
    context.loaders.products.clearAll();
    return toOrderObject(order);
  }

  @Mutation(() => OrderObject, {
    description:
      'Moves an order along PLACED → PAID → SHIPPED → DELIVERED, one step at a time. ADMIN only.\nCancelling goes through cancelOrder.',
  })
  async setOrderStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => OrderStatusEnum) status: OrderStatus,
    @Ctx() context: GraphqlContext,
  ): Promise<OrderObject> {
    return toOrderObject(await this.useCases.setOrderStatus.execute(id, status, await context.actor()));
  }

  @FieldResolver(() => UserObject, {
    nullable: true,
    description: 'Who placed it; null once that user has been deleted (the order itself is kept).',
  })
  async customer(@Root() order: OrderObject, @Ctx() context: GraphqlContext): Promise<UserObject | null> {
    const user = await context.loaders.users.load(order.customerId);
    return user ? toUserObject(user) : null;
  }
}
