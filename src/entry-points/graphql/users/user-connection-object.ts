import { Field, Int, ObjectType } from 'type-graphql';
import type { UserPage, UserPageWithoutTotal } from '../../../core/users/list-users.js';
import { toUserObject, UserObject } from './user-object.js';

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge of this page; null on an empty page.' })
  endCursor!: string | null;
}

@ObjectType('UserEdge')
export class UserEdgeObject {
  @Field(() => String)
  cursor!: string;

  @Field(() => UserObject)
  node!: UserObject;
}

@ObjectType('UserConnection')
export class UserConnectionObject {
  @Field(() => [UserEdgeObject])
  edges!: UserEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  /** Absent when the document does not select it (see UserResolver.users); were it ever missing when selected, the non-null field fails loudly. */
  @Field(() => Int)
  totalCount?: number;
}

export function toUserConnection(page: UserPage | UserPageWithoutTotal): UserConnectionObject {
  return {
    edges: page.edges.map(({ cursor, node }) => ({ cursor, node: toUserObject(node) })),
    pageInfo: { hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor },
    totalCount: page.totalCount,
  };
}
