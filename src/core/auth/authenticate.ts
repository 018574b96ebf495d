import { UnauthenticatedError } from '../shared/errors.js';
import { type CallerRecord, type User, toPublicUser } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import type { AccessTokens } from './access-tokens.js';
import type { Actor } from './actor.js';
import { isCurrentVersion } from './sessions.js';

export interface Authenticated {
  actor: Actor;
  user: User;
}

/**
 * Turns an access token into the caller. The user is read from the store on
 * every call, so a deleted user's token stops working, a role change applies at
 * once, and a token issued before a password change or a logout everywhere is
 * refused.
 */
export class Authenticate {
  constructor(private readonly deps: { accessTokens: AccessTokens; users: UserRepository }) {}

  /** The caller as an actor: the check of every authenticated request, one narrow read (no profile, no password hash). */
  async actor(accessToken: string): Promise<Actor> {
    const { userId, tokenVersion } = await this.deps.accessTokens.verify(accessToken);
    const caller = await this.deps.users.findCaller(userId);
    assertCurrent(caller, tokenVersion);
    return toActor(caller);
  }

  /**
   * The caller and its profile, for a request that shows the caller (`me`): the
   * check and the lookup are one read of the whole record.
   */
  async execute(accessToken: string): Promise<Authenticated> {
    const { userId, tokenVersion } = await this.deps.accessTokens.verify(accessToken);
    const record = await this.deps.users.findById(userId);
    assertCurrent(record, tokenVersion);
    return { actor: toActor(record), user: toPublicUser(record) };
  }
}

function assertCurrent<R extends CallerRecord>(record: R | null, tokenVersion: number): asserts record is R {
  if (!record) throw new UnauthenticatedError('Invalid access token');
  if (!isCurrentVersion(tokenVersion, record)) throw new UnauthenticatedError('Access token revoked');
}

const toActor = ({ id, role }: CallerRecord): Actor => ({ kind: 'user', id, role });
