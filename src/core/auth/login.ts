import { UnauthenticatedError, ValidationError } from '../shared/errors.js';
import { alwaysAvailable, type StoreAvailability } from '../shared/store-availability.js';
import type { PasswordHasher } from '../users/password-hasher.js';
import type { UserRecord } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import { checkEmail, LIMITS } from '../users/user-rules.js';
import { type LoginThrottle, noLoginThrottle } from './login-throttle.js';
import { type AuthPayload, type SessionDeps, startSession } from './sessions.js';

export interface LoginInput {
  email: string;
  password: string;
}

export class Login {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private decoy: Promise<string> | undefined;

  constructor(
    private readonly deps: SessionDeps & {
      users: UserRepository;
      hasher: PasswordHasher;
      throttle?: LoginThrottle;
      availability?: StoreAvailability;
    },
  ) {}

  /** Wrong email and wrong password fail alike, with UnauthenticatedError. */
  async execute({ email, password }: LoginInput, client: { ip?: string } = {}): Promise<AuthPayload> {
    const notStrings = Object.entries({ email, password }).filter(([, value]) => typeof value !== 'string');
    if (notStrings.length > 0) {
      throw new ValidationError(notStrings.map(([field]) => ({ field, message: 'must be a string' })));
    }
    // Refused before any hashing: no valid account has a longer email or password.
    const tooLong = [
      { field: 'email', value: email, max: LIMITS.emailMax },
      { field: 'password', value: password, max: LIMITS.passwordMax },
    ].filter(({ value, max }) => [...value].length > max);
    if (tooLong.length > 0) {
      throw new ValidationError(tooLong.map(({ field, max }) => ({ field, message: `must be at most ${max} characters` })));
    }
    // Before the throttle and the hash: an attempt the store cannot answer should cost neither a slot nor ~0.4 s of CPU.
    (this.deps.availability ?? alwaysAvailable).assertAvailable();
    const attempt = { email: email.trim().toLowerCase(), clientIp: client.ip };
    const throttle = this.deps.throttle ?? noLoginThrottle;
    await throttle.acquire(attempt);
    let user: UserRecord | null;
    let matches: boolean;
    try {
      // An email no account can have (a NUL byte, say) is not looked up: some stores refuse such text outright.
      const checked = checkEmail(email);
      user = 'value' in checked ? await this.deps.users.findByEmail(checked.value) : null;
      matches = await this.deps.hasher.verify(password, user?.passwordHash ?? (await this.decoyHash()));
    } catch (error) {
      // No verdict on the password (hashing busy, store down): not a failed login, so the slots go back.
      await throttle.giveBack(attempt);
      throw error;
    }
    if (!user || !matches) throw new UnauthenticatedError('Invalid email or password');
    await throttle.release(attempt);
    return startSession(this.deps, user);
  }

  /** Made on first need; forgotten when the hasher refused it (busy), so a later login makes it again. */
  private decoyHash(): Promise<string> {
    this.decoy ??= this.deps.hasher.hash('decoy password, never matches').catch((error: unknown) => {
      this.decoy = undefined;
      throw error;
    });
    return this.decoy;
  }
}
