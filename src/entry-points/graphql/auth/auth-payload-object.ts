import { Field, Int, ObjectType } from 'type-graphql';
import type { AuthPayload } from '../../../core/auth/sessions.js';
import { toUserObject, UserObject } from '../users/user-object.js';

@ObjectType('AuthPayload')
export class AuthPayloadObject {
  @Field(() => String)
  accessToken!: string;

  @Field(() => String)
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires.' })
  expiresIn!: number;

  @Field(() => UserObject)
  user!: UserObject;
}

export function toAuthPayloadObject(payload: AuthPayload): AuthPayloadObject {
  const { accessToken, refreshToken, expiresIn, user } = payload;
  return { accessToken, refreshToken, expiresIn, user: toUserObject(user) };
}
