import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UnauthenticatedError } from '../../../core/shared/errors.js';
import type { UseCases } from '../../../core/use-cases.js';
import type { GraphqlContext } from '../context.js';
import { AuthPayloadObject, toAuthPayloadObject } from './auth-payload-object.js';

/** The session mutations: all public but logoutAll, which ends the caller's own sessions. */
@Resolver()
export class AuthResolver {
  constructor(private readonly useCases: UseCases) {}

  @Mutation(() => AuthPayloadObject, {
    description: 'Exchanges credentials for a token pair. Wrong email and wrong password fail alike (UNAUTHENTICATED).',
  })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() context: GraphqlContext,
  ): Promise<AuthPayloadObject> {
    return toAuthPayloadObject(await this.useCases.login.execute({ email, password }, context.client));
  }

  @Mutation(() => AuthPayloadObject, {
    description: 'Exchanges a refresh token for a new pair; the old refresh token stops working.',
  })
  async refreshToken(@Arg('refreshToken', () => String) refreshToken: string): Promise<AuthPayloadObject> {
    return toAuthPayloadObject(await this.useCases.refreshSession.execute(refreshToken));
  }

  @Mutation(() => Boolean, { description: 'Revokes a refresh token. Always true, also for an unknown token.' })
  async logout(@Arg('refreshToken', () => String) refreshToken: string): Promise<boolean> {
    await this.useCases.logout.execute(refreshToken);
    return true;
  }

  @Mutation(() => Boolean, {
    description:
      'Ends every session of the caller: all its refresh tokens are revoked and every\naccess token issued before now stops working at once. Always true.',
  })
  async logoutAll(@Ctx() context: GraphqlContext): Promise<boolean> {
    const caller = await context.authenticated();
    if (!caller) throw new UnauthenticatedError();
    await this.useCases.logoutAll.execute(caller.user.id, caller.actor);
    return true;
  }
}
