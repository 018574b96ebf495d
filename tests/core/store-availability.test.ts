import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../src/core/shared/errors.js';
import type { StoreAvailability } from '../../src/core/shared/store-availability.js';
import { aSignUp, createHarness, expectFailure, PASSWORD } from './use-case-harness.js';

/**
 * CONTRACT.md, SERVICE_UNAVAILABLE; issue 8: while the store is known to be
 * down, a request that would hash a password fails fast, before hashing. The
 * availability here is a switch the test flips (what the network stores'
 * guard reports; tests/data/store-outage.test.ts cuts real databases).
 */
class Switch implements StoreAvailability {
  down = false;
  assertAvailable(): void {
    if (this.down) throw new ServiceUnavailableError(3);
  }
}

function harness() {
  const availability = new Switch();
  return { availability, ...createHarness({ availability }) };
}

describe('requests that would hash a password while the store is known to be down', () => {
  it('refuses a sign-up with SERVICE_UNAVAILABLE and its retryAfter, without hashing or storing', async () => {
    const { availability, createUser, hasher, store } = harness();
    availability.down = true;
    const error = await expectFailure(createUser.execute(aSignUp()), 'SERVICE_UNAVAILABLE');
    expect((error as ServiceUnavailableError).retryAfterSeconds).toBe(3);
    expect(hasher.calls.hash).toBe(0);
    expect(await store.users.count()).toBe(0);
  });

  it('still answers invalid sign-up input with BAD_USER_INPUT: checking input needs no store', async () => {
    const { availability, createUser, hasher } = harness();
    availability.down = true;
    await expectFailure(createUser.execute(aSignUp({ email: 'not an email' })), 'BAD_USER_INPUT', ['email']);
    expect(hasher.calls.hash).toBe(0);
  });

  it('refuses a login with SERVICE_UNAVAILABLE without verifying any hash', async () => {
    const { availability, aUser, login, hasher } = harness();
    const { input } = await aUser();
    const before = { ...hasher.calls };
    availability.down = true;
    await expectFailure(login.execute({ email: input.email, password: PASSWORD }), 'SERVICE_UNAVAILABLE');
    expect(hasher.calls).toEqual(before);
  });

  it('refuses a password change without hashing, but not a change that needs no hash', async () => {
    const { availability, aUser, updateUser, hasher } = harness();
    const { user, actor } = await aUser();
    const hashesBefore = hasher.calls.hash;
    availability.down = true;
    await expectFailure(updateUser.execute(user.id, { password: 'another long password' }, actor), 'SERVICE_UNAVAILABLE');
    expect(hasher.calls.hash).toBe(hashesBefore);
    // A name change costs no hash: it goes to the store, which decides for itself (here it answers).
    const renamed = await updateUser.execute(user.id, { firstName: 'Grace' }, actor);
    expect(renamed.firstName).toBe('Grace');
  });

  it('signs up and logs in again as soon as the store is available', async () => {
    const { availability, createUser, login } = harness();
    availability.down = true;
    const input = aSignUp();
    await expectFailure(createUser.execute(input), 'SERVICE_UNAVAILABLE');
    availability.down = false;
    await createUser.execute(input);
    const session = await login.execute({ email: input.email, password: input.password });
    expect(session.accessToken).toEqual(expect.any(String));
  });
});
