import { type Actor, isPrivileged, requireSelfOrAdmin } from '../auth/actor.js';
import { type DomainEvent, domainEvent } from '../events/domain-event.js';
import { requireExistingForActor } from './existing-user.js';
import type { Clock } from '../shared/clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { RefreshTokenRepository } from '../auth/refresh-token-repository.js';
import { newTokenVersion } from '../auth/sessions.js';
import { alwaysAvailable, type StoreAvailability } from '../shared/store-availability.js';
import type { PasswordHasher } from './password-hasher.js';
import { type Role, type User, toPublicUser } from './user.js';
import type { UserChanges, UserRepository } from './user-repository.js';
import { checkEmail, checkName, checkPassword, checkRole, isRecord, rejectUnknownFields, validateFields } from './user-rules.js';

export interface UpdateUserInput {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  /** Only an operator or an ADMIN may change roles. */
  role?: Role;
}

const CHECKS = { email: checkEmail, firstName: checkName, lastName: checkName, password: checkPassword, role: checkRole };
const FIELDS = Object.keys(CHECKS);

export class UpdateUser {
  constructor(
    private readonly deps: {
      users: UserRepository;
      refreshTokens: RefreshTokenRepository;
      hasher: PasswordHasher;
      clock: Clock;
      availability?: StoreAvailability;
    },
  ) {}

  /** Partial update: only the fields given change, at least one must be given. A password change ends every session of the user at once. */
  async execute(id: string, changes: UpdateUserInput, actor: Actor | null): Promise<User> {
    await requireExistingForActor(this.deps.users, id, actor);
    requireSelfOrAdmin(actor, id);
    if (!isRecord(changes)) throw new ValidationError([], 'Input must be an object');
    rejectUnknownFields(changes, FIELDS);
    const given = Object.keys(changes).filter((key) => (changes as Record<string, unknown>)[key] !== undefined);
    if (given.length === 0) {
      throw new ValidationError([{ field: 'input', message: 'must change at least one field' }]);
    }
    if (changes.role !== undefined && !isPrivileged(actor!)) {
      throw new ForbiddenError('Only an administrator may change a role');
    }
    const checks = Object.fromEntries(given.map((key) => [key, CHECKS[key as keyof typeof CHECKS]]));
    const valid = validateFields<UpdateUserInput>(changes as Record<string, unknown>, checks as never);

    const { password, ...rest } = valid;
    const update: UserChanges = { ...rest, updatedAt: this.deps.clock() };
    // Whoever knew the old password may hold tokens: the new hash and the new token version go in
    // one write, so no login checked against the old hash can issue a token that outlives it.
    const events: DomainEvent[] = [];
    if (password !== undefined) {
      // Not a hash for a store that cannot take it (see CreateUser).
      (this.deps.availability ?? alwaysAvailable).assertAvailable();
      update.passwordHash = await this.deps.hasher.hash(password);
      update.tokenVersion = newTokenVersion();
      events.push(domainEvent('user.password-changed', { userId: id }, update.updatedAt));
    }
    const record = await this.deps.users.update(id, update, events);
    if (!record) throw new NotFoundError('No user has this id');
    // The version already refuses them; this only clears out the dead refresh tokens.
    if (password !== undefined) await this.deps.refreshTokens.deleteByUser(id);
    return toPublicUser(record);
  }
}
