import { Field, Int, ObjectType } from 'type-graphql';
import type { Product } from '../../../core/catalog/product.js';
import { PageInfoObject } from '../users/user-connection-object.js';
import { ProductObject, toProductObject } from './product-object.js';

@ObjectType('ProductEdge')
export class ProductEdgeObject {
  @Field(() => String)
  cursor!: string;

  @Field(() => ProductObject)
  node!: ProductObject;
}

@ObjectType('ProductConnection')
export class ProductConnectionObject {
  @Field(() => [ProductEdgeObject])
  edges!: ProductEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  /** Absent when the document does not select it (as for users). */
  @Field(() => Int)
  totalCount?: number;
}

/** What listProducts answers, by shape. */
export interface ProductPageLike {
  edges: readonly { cursor: string; node: Product }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

export function toProductConnection(page: ProductPageLike): ProductConnectionObject {
  return {
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toProductObject(node) })),
    pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor },
    totalCount: page.totalCount,
  };
}
