import { Field, Int, ObjectType } from 'type-graphql';
import type { Order } from '../../../core/orders/order.js';
import { PageInfoObject } from '../users/user-connection-object.js';
import { OrderObject, toOrderObject } from './order-object.js';

@ObjectType('OrderEdge')
export class OrderEdgeObject {
  @Field(() => String)
  cursor!: string;

  @Field(() => OrderObject)
  node!: OrderObject;
}

@ObjectType('OrderConnection')
export class OrderConnectionObject {
  @Field(() => [OrderEdgeObject])
  edges!: OrderEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  /** Absent when the document does not select it (as for users). */
  @Field(() => Int)
  totalCount?: number;
}

/** What listOrders answers, by shape. */
export interface OrderPageLike {
  edges: readonly { cursor: string; node: Order }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

export function toOrderConnection(page: OrderPageLike): OrderConnectionObject {
  return {
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toOrderObject(node) })),
    pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor },
    totalCount: page.totalCount,
  };
}
