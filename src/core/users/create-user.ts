import { type Actor, isPrivileged } from '../auth/actor.js';
import { domainEvent } from '../events/domain-event.js';
import type { Clock } from '../shared/clock.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { alwaysAvailable, type StoreAvailability } from '../shared/store-availability.js';
import type { PasswordHasher } from './password-hasher.js';
import { type Role, type User, toPublicUser } from './user.js';
import type { UserRepository } from './user-repository.js';
import { checkEmail, checkName, checkPassword, checkRole, isRecord, rejectUnknownFields, validateFields } from './user-rules.js';

export interface CreateUserInput {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
  /** Only an operator or an ADMIN may set it; public sign-up always makes a USER. */
  role?: Role;
}

const FIELDS = ['email', 'firstName', 'lastName', 'password', 'role'] as const;

export class CreateUser {
  constructor(
    private readonly deps: { users: UserRepository; hasher: PasswordHasher; clock: Clock; availability?: StoreAvailability },
  ) {}

  /** Throws ValidationError, ForbiddenError, ConflictError when the email is taken, or ServiceUnavailableError. */
  async execute(input: CreateUserInput, actor: Actor | null = null): Promise<User> {
    if (!isRecord(input)) throw new ValidationError([], 'Input must be an object');
    rejectUnknownFields(input, FIELDS);
    if (input.role !== undefined && (!actor || !isPrivileged(actor))) {
      throw new ForbiddenError('Only an administrator may choose a role');
    }
    const { role = 'USER', ...valid } = validateFields<CreateUserInput>(input, {
      email: checkEmail,
      firstName: checkName,
      lastName: checkName,
      password: checkPassword,
      ...(input.role !== undefined ? { role: checkRole } : {}),
    } as never);
    // A hash whose insert cannot succeed is ~0.4 s of CPU for nothing: refuse first while the store is down.
    (this.deps.availability ?? alwaysAvailable).assertAvailable();
    const now = this.deps.clock();
    const record = {
      id: newId(now),
      email: valid.email,
      firstName: valid.firstName,
      lastName: valid.lastName,
      passwordHash: await this.deps.hasher.hash(valid.password),
      role,
      createdAt: now,
      updatedAt: now,
      tokenVersion: 0,
    };
    await this.deps.users.insert(record, [domainEvent('user.registered', { userId: record.id }, now)]);
    return toPublicUser(record);
  }
}
