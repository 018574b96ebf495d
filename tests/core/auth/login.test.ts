import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { RateLimiterLoginThrottle } from '../../../src/data/rate-limit/login-throttle.js';
import { ScryptPasswordHasher } from '../../../src/data/security/scrypt-password-hasher.js';
import { ACCESS_TOKEN_TTL, createHarness, expectFailure, PASSWORD, rejectionOf } from '../use-case-harness.js';

describe('login', () => {
  it('gives an AuthPayload for the right credentials', async () => {
    const h = createHarness();
    const { user, input } = await h.aUser();
    const payload = await h.login.execute({ email: input.email, password: input.password });
    expect(payload).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: ACCESS_TOKEN_TTL,
      user,
    });
    expect(payload.refreshToken.length).toBeGreaterThanOrEqual(43);
  });

  it('returns a user without the password or its hash', async () => {
    const h = createHarness();
    const { input } = await h.aUser();
    const payload = await h.login.execute({ email: input.email, password: input.password });
    expect(payload.user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(payload)).not.toContain(PASSWORD);
    expect(JSON.stringify(payload)).not.toContain('scrypt$');
  });

  it('gives an access token that authenticates as that user', async () => {
    const h = createHarness();
    const { actor, input } = await h.aUser();
    const { accessToken } = await h.login.execute({ email: input.email, password: input.password });
    expect((await h.authenticate.execute(accessToken)).actor).toEqual(actor);
  });

  it('matches the email whatever its case and surrounding spaces', async () => {
    const h = createHarness();
    const { user } = await h.aUser({ email: 'ada@example.com' });
    const payload = await h.login.execute({ email: '  ADA@Example.Com ', password: PASSWORD });
    expect(payload.user.id).toBe(user.id);
  });

  it('compares the password exactly: no trimming, case matters', async () => {
    const h = createHarness();
    const { input } = await h.aUser();
    await expectFailure(h.login.execute({ email: input.email, password: ` ${PASSWORD}` }), 'UNAUTHENTICATED');
    await expectFailure(h.login.execute({ email: input.email, password: PASSWORD.toUpperCase() }), 'UNAUTHENTICATED');
  });

  it('fails alike for a wrong password and an unknown email, each after one password check', async () => {
    const h = createHarness();
    const { input } = await h.aUser();
    const verifies = h.hasher.calls.verify;
    const wrongPassword = await rejectionOf(h.login.execute({ email: input.email, password: 'wrong password' }));
    expect(h.hasher.calls.verify).toBe(verifies + 1);
    const unknownEmail = await rejectionOf(h.login.execute({ email: 'nobody@example.com', password: input.password }));
    expect(h.hasher.calls.verify).toBe(verifies + 2);
    expect(wrongPassword).toBeInstanceOf(UnauthenticatedError);
    expect(unknownEmail).toBeInstanceOf(UnauthenticatedError);
    expect(unknownEmail.message).toBe(wrongPassword.message);
    expect(wrongPassword.message).not.toContain('wrong password');
  });

  it('refuses an over-long password as invalid input, before any hashing', async () => {
    const h = createHarness();
    const { input } = await h.aUser();
    const before = { ...h.hasher.calls };
    await expectFailure(h.login.execute({ email: input.email, password: 'p'.repeat(129) }), 'BAD_USER_INPUT', ['password']);
    await expectFailure(h.login.execute({ email: input.email, password: 'p'.repeat(1_000_000) }), 'BAD_USER_INPUT', ['password']);
    expect(h.hasher.calls).toEqual(before);
  });

  it('refuses an over-long email as invalid input, before any hashing', async () => {
    const h = createHarness();
    const before = { ...h.hasher.calls };
    await expectFailure(h.login.execute({ email: `${'a'.repeat(255)}@example.com`, password: PASSWORD }), 'BAD_USER_INPUT', ['email']);
    expect(h.hasher.calls).toEqual(before);
  });

  it.each([
    ['an operator object as email', { email: { $ne: '' }, password: PASSWORD }],
    ['an operator object as password', { email: 'ada@example.com', password: { $ne: '' } }],
    ['a number as password', { email: 'ada@example.com', password: 12_345_678 }],
    ['no fields', {}],
  ])('refuses %s as invalid input, before any hashing', async (_, input) => {
    const h = createHarness();
    await h.aUser({ email: 'ada@example.com' });
    const before = { ...h.hasher.calls };
    await expectFailure(h.login.execute(input as never), 'BAD_USER_INPUT');
    expect(h.hasher.calls).toEqual(before);
  });

  it('fails as UNAUTHENTICATED, not as an internal error, when the stored hash is corrupt', async () => {
    const h = createHarness();
    const { user, input } = await h.aUser();
    await h.store.users.update(user.id, { passwordHash: 'scrypt$not-a-number$8$1$c2FsdA$a2V5', updatedAt: h.clock.now() });
    await expectFailure(h.login.execute({ email: input.email, password: input.password }), 'UNAUTHENTICATED');
  });

  it('starts a separate session each time', async () => {
    const h = createHarness();
    const { input } = await h.aUser();
    const first = await h.login.execute({ email: input.email, password: input.password });
    const second = await h.login.execute({ email: input.email, password: input.password });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await h.refreshSession.execute(first.refreshToken);
    await h.refreshSession.execute(second.refreshToken);
  });

  it('keeps only a hash of the refresh token in the store', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    expect(await h.store.refreshTokens.findByHash(session.refreshToken)).toBeNull();
  });
});

/** The contract's login limits in process memory, with `inARow` failures in a row allowed per email and client. */
const memoryThrottle = (inARow: number) =>
  new RateLimiterLoginThrottle({
    consecutivePerEmailAndIp: new RateLimiterMemory({ keyPrefix: 'pair', points: inARow, duration: 900 }),
    perEmailPerDay: new RateLimiterMemory({ keyPrefix: 'email', points: 100, duration: 86_400 }),
    perIpPerDay: new RateLimiterMemory({ keyPrefix: 'ip', points: 100, duration: 86_400 }),
  });

describe('login under the throttle (10 failures in a row per email and client)', () => {
  const IN_A_ROW = 10;
  const throttled = () => createHarness({ loginThrottle: memoryThrottle(IN_A_ROW) });
  const client = { ip: '10.0.0.1' };

  it('checks no password once the client is refused for that email, the right one included', async () => {
    const h = throttled();
    const { input } = await h.aUser();
    for (let n = 0; n < IN_A_ROW; n++) await expectFailure(h.login.execute({ email: input.email, password: 'wrong' }, client), 'UNAUTHENTICATED');
    const verifies = h.hasher.calls.verify;
    await expectFailure(h.login.execute({ email: input.email, password: input.password }, client), 'TOO_MANY_REQUESTS');
    expect(h.hasher.calls.verify).toBe(verifies);
  });

  it('counts the email as normalized: case and spaces do not give more attempts', async () => {
    const h = throttled();
    const { input } = await h.aUser({ email: 'ada@example.com' });
    for (let n = 0; n < IN_A_ROW; n++) {
      await expectFailure(h.login.execute({ email: n % 2 ? ' ADA@example.com' : 'Ada@Example.COM ', password: 'wrong' }, client), 'UNAUTHENTICATED');
    }
    await expectFailure(h.login.execute({ email: input.email, password: input.password }, client), 'TOO_MANY_REQUESTS');
  });

  it('forgets the failures in a row after a correct login', async () => {
    const h = throttled();
    const { input } = await h.aUser();
    for (let n = 0; n < IN_A_ROW - 1; n++) await expectFailure(h.login.execute({ email: input.email, password: 'wrong' }, client), 'UNAUTHENTICATED');
    await h.login.execute({ email: input.email, password: input.password }, client);
    for (let n = 0; n < IN_A_ROW; n++) await expectFailure(h.login.execute({ email: input.email, password: 'wrong' }, client), 'UNAUTHENTICATED');
    await expectFailure(h.login.execute({ email: input.email, password: input.password }, client), 'TOO_MANY_REQUESTS');
  });
});

describe('login while password hashing is at its cap', () => {
  // One hash at a time and no queue: while one runs, every other is refused with TOO_MANY_REQUESTS.
  // A cost of some tens of milliseconds keeps the holder's slot taken while the login runs.
  const busyHarness = () =>
    createHarness({
      hasher: new ScryptPasswordHasher({ N: 2 ** 14, r: 8, p: 1 }, { maxConcurrent: 1, maxWaiting: 0 }),
      loginThrottle: memoryThrottle(2),
    });
  const client = { ip: '10.0.0.2' };

  it('counts a login refused for a busy hasher as no failure, so the right password still works afterwards', async () => {
    const h = busyHarness();
    const { input } = await h.aUser();
    // Three refusals in a row while another hash holds the only slot; the limit is 2 failures in a row.
    for (let n = 0; n < 3; n++) {
      const holder = h.hasher.hash('holds the only slot');
      await expectFailure(h.login.execute({ email: input.email, password: 'wrong password' }, client), 'TOO_MANY_REQUESTS');
      await holder;
    }
    const payload = await h.login.execute({ email: input.email, password: input.password }, client);
    expect(payload.user.email).toBe(input.email);
  });

  it('answers UNAUTHENTICATED for an unknown email after its decoy hash was once refused', async () => {
    const h = busyHarness();
    const holder = h.hasher.hash('holds the only slot');
    await expectFailure(h.login.execute({ email: 'nobody@example.com', password: 'whatever password' }, client), 'TOO_MANY_REQUESTS');
    await holder;
    await expectFailure(h.login.execute({ email: 'nobody@example.com', password: 'whatever password' }, client), 'UNAUTHENTICATED');
  });
});
