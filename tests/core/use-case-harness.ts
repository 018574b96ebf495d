/**
 * Every use case wired as in production (real scrypt, real jose), over the
 * in-memory store, with a clock the test moves by hand and a hasher that
 * counts its calls. One harness per test: nothing leaks between tests.
 */
import { expect } from 'vitest';
import { type Actor, OPERATOR } from '../../src/core/auth/actor.js';
import type { LoginThrottle } from '../../src/core/auth/login-throttle.js';
import type { JobQueue } from '../../src/core/jobs/job-queue.js';
import { AppError, type ErrorCode, ValidationError } from '../../src/core/shared/errors.js';
import type { StoreAvailability } from '../../src/core/shared/store-availability.js';
import { type CoreDeps, createUseCases } from '../../src/core/use-cases.js';
import type { CreateProductInput } from '../../src/core/catalog/create-product.js';
import type { CreateUserInput } from '../../src/core/users/create-user.js';
import type { PasswordHasher } from '../../src/core/users/password-hasher.js';
import type { User } from '../../src/core/users/user.js';
import { createMemoryStore } from '../../src/data/memory/memory-store.js';
import { JoseAccessTokens } from '../../src/data/security/jose-access-tokens.js';
import { ScryptPasswordHasher } from '../../src/data/security/scrypt-password-hasher.js';

export const T0 = new Date('2026-03-01T12:00:00.000Z');
export const JWT_SECRET = 'use-case-tests-secret-of-at-least-32-bytes';
export const ACCESS_TOKEN_TTL = 15 * 60;
export const REFRESH_TOKEN_TTL = 30 * 86_400;
/** Far below production cost: the tests exercise the rules, not the work factor. */
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A clock that only moves when told to. */
export class TestClock {
  private ms = T0.getTime();
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
  set(date: Date): void {
    this.ms = date.getTime();
  }
}

/** Wraps a real hasher and records every call, to prove when hashing did or did not happen. */
export class SpyHasher implements PasswordHasher {
  readonly calls = { hash: 0, verify: 0 };
  constructor(private readonly inner: PasswordHasher) {}
  hash(password: string): Promise<string> {
    this.calls.hash += 1;
    return this.inner.hash(password);
  }
  verify(password: string, hash: string): Promise<boolean> {
    this.calls.verify += 1;
    return this.inner.verify(password, hash);
  }
}

let seq = 0;
export const PASSWORD = 'correct horse battery staple';

/** A valid sign-up input, unique per call. */
export function aSignUp(overrides: Partial<CreateUserInput> = {}): CreateUserInput {
  seq += 1;
  return { email: `user${seq}@example.com`, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD, ...overrides };
}

export const actorOf = (user: Pick<User, 'id' | 'role'>): Actor => ({ kind: 'user', id: user.id, role: user.role });

export function createHarness(
  options: {
    accessTokenTtl?: number;
    refreshTokenTtl?: number;
    loginThrottle?: LoginThrottle;
    hasher?: PasswordHasher;
    availability?: StoreAvailability;
    mail?: CoreDeps['mail'];
    jobs?: JobQueue;
  } = {},
) {
  const store = createMemoryStore();
  const clock = new TestClock();
  const hasher = new SpyHasher(options.hasher ?? new ScryptPasswordHasher(FAST_SCRYPT));
  const accessTokens = new JoseAccessTokens(JWT_SECRET, options.accessTokenTtl ?? ACCESS_TOKEN_TTL);
  const useCases = createUseCases({
    store: { ...store, availability: options.availability },
    hasher,
    accessTokens,
    clock: clock.now,
    refreshTokenTtl: options.refreshTokenTtl ?? REFRESH_TOKEN_TTL,
    loginThrottle: options.loginThrottle,
    mail: options.mail,
    jobs: options.jobs,
  });

  /** Signs a user up (as an operator when a role is wanted) and returns it with an actor for it. */
  async function aUser(overrides: Partial<CreateUserInput> = {}) {
    const input = aSignUp(overrides);
    const user = await useCases.createUser.execute(input, input.role ? OPERATOR : null);
    return { user, actor: actorOf(user), input };
  }

  /** A user who has logged in: its AuthPayload plus what it signed up with. */
  async function aSession(overrides: Partial<CreateUserInput> = {}) {
    const { user, actor, input } = await aUser(overrides);
    const session = await useCases.login.execute({ email: input.email, password: input.password });
    return { user, actor, input, session };
  }

  /**
   * A product made by the operator: in stock (10 units at 250 cents) unless told
   * otherwise. The clock moves one second after each, so products list in the order made.
   */
  async function aProduct(overrides: Partial<CreateProductInput> = {}) {
    seq += 1;
    clock.advance(1000);
    return useCases.createProduct.execute({ sku: `SKU-${seq}`, name: `Widget ${seq}`, priceCents: 250, stock: 10, ...overrides }, OPERATOR);
  }

  /** An order placed by `actor` (one unit of each product unless quantities are given). */
  async function anOrder(actor: Actor, lines: { productId: string; quantity?: number }[], idempotencyKey?: string) {
    const placed = await useCases.placeOrder.execute(
      { lines: lines.map(({ productId, quantity = 1 }) => ({ productId, quantity })), idempotencyKey },
      actor,
    );
    return placed.order;
  }

  /** The events the store recorded since the last call, oldest first (taken as a relay takes them: claimed, then marked sent). */
  async function takeEvents() {
    const events = await store.outbox.claim({ limit: 1_000, leaseMs: 60_000, now: clock.now() });
    await store.outbox.markSent(events.map((event) => event.id), clock.now());
    return events;
  }

  return { store, clock, hasher, accessTokens, ...useCases, aUser, aSession, aProduct, anOrder, takeEvents };
}

export type Harness = ReturnType<typeof createHarness>;

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const outcome = await promise.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.error).toBeInstanceOf(AppError);
  return outcome.error as AppError;
}

/** Asserts a rejection with this code (and, for BAD_USER_INPUT, exactly these fields at fault, in order). */
export async function expectFailure(promise: Promise<unknown>, code: ErrorCode, fields?: string[]): Promise<AppError> {
  const error = await rejectionOf(promise);
  expect(error.code).toBe(code);
  if (fields) {
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.field)).toEqual(fields);
  }
  return error;
}
