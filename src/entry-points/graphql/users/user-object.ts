import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ROLES, type Role, type User } from '../../../core/users/user.js';
import { DateTimeScalar } from '../date-time-scalar.js';

/** The GraphQL enum is built from the core's list, so the two cannot drift apart. */
export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as { [R in Role]: R };
registerEnumType(RoleEnum, { name: 'Role' });

/** The GraphQL view of a core User; core types carry no decorators. */
@ObjectType('User')
export class UserObject {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stored and returned lower-cased; unique across users.' })
  email!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

/**
 * The one place a core User becomes a GraphQL User. Fields are copied by name,
 * so whatever else an object carries (a password hash, say) is left behind.
 */
export function toUserObject(user: User): UserObject {
  const { id, email, firstName, lastName, role, createdAt, updatedAt } = user;
  return Object.assign(new UserObject(), { id, email, firstName, lastName, role, createdAt, updatedAt });
}
