import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import type { GraphqlContext } from '../context.js';
import { selectsField } from '../selected-fields.js';
import { toUserConnection, UserConnectionObject } from './user-connection-object.js';
import { CreateUserInputObject, UpdateUserInputObject } from './user-inputs.js';
import { toUserObject, UserObject } from './user-object.js';

/** Thin: read the arguments, call the use case with the caller, shape the answer. */
@Resolver(() => UserObject)
export class UserResolver {
  constructor(private readonly useCases: UseCases) {}

  @Query(() => UserObject, {
    nullable: true,
    description: 'The caller, or null when the request carries no valid access token.',
  })
  async me(@Ctx() context: GraphqlContext): Promise<UserObject | null> {
    // Only a bad token means "nobody"; a store failure must still surface as an error.
    const caller = await context.authenticated().catch((error: unknown) => {
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    });
    return caller ? toUserObject(caller.user) : null;
  }

  @Query(() => UserObject, {
    nullable: true,
    description: 'A user by id, or null when none has that id. Requires authentication.',
  })
  async user(@Arg('id', () => ID) id: string, @Ctx() context: GraphqlContext): Promise<UserObject | null> {
    const user = await this.useCases.getUser.execute(id, await context.actor());
    return user ? toUserObject(user) : null;
  }

  @Query(() => UserConnectionObject, {
    description:
      'Users, oldest first (ties broken by id), with cursor pagination.\nRequires authentication. `first` must be between 1 and 100.',
  })
  async users(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: GraphqlContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<UserConnectionObject> {
    // An explicit `first: null` means "the default", as an omitted argument does. The count is a
    // second store read: only a document that shows it pays for it.
    const page = await this.useCases.listUsers.execute({ first: first ?? undefined, after }, await context.actor(), {
      withTotal: selectsField(info, 'totalCount'),
    });
    return toUserConnection(page);
  }

  @Mutation(() => UserObject, { description: 'Registers a new user with role USER. Public.' })
  async createUser(@Arg('input', () => CreateUserInputObject) input: CreateUserInputObject): Promise<UserObject> {
    const { email, firstName, lastName, password } = input;
    // Anonymous on purpose: sign-up is public, and role cannot be chosen through this input.
    return toUserObject(await this.useCases.createUser.execute({ email, firstName, lastName, password }, null));
  }

  @Mutation(() => UserObject, { description: 'Changes a user. The caller must be that user or an ADMIN.' })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInputObject) input: UpdateUserInputObject,
    @Ctx() context: GraphqlContext,
  ): Promise<UserObject> {
    // Omitted fields are dropped; an explicit null is passed on, for the core to refuse.
    const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    return toUserObject(await this.useCases.updateUser.execute(id, changes, await context.actor()));
  }

  @Mutation(() => ID, { description: 'Deletes a user and returns its id. The caller must be that user or an ADMIN.' })
  async deleteUser(@Arg('id', () => ID) id: string, @Ctx() context: GraphqlContext): Promise<string> {
    return this.useCases.deleteUser.execute(id, await context.actor());
  }
}
