import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, rejectionOf } from '../use-case-harness.js';

describe('get user', () => {
  it('requires an actor', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    expect(await rejectionOf(h.getUser.execute(user.id, null))).toBeInstanceOf(UnauthenticatedError);
  });

  it('lets any signed-in user read another user, without the password hash', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    const { actor: reader } = await h.aUser();
    const found = await h.getUser.execute(user.id, reader);
    expect(found).toEqual(user);
    expect(found).not.toHaveProperty('passwordHash');
  });

  it('answers null for a well-formed id that no user has', async () => {
    const h = createHarness();
    await h.aUser();
    expect(await h.getUser.execute(newId(), OPERATOR)).toBeNull();
  });

  it.each(['nope', '', '0', "' OR 1=1 --", '507f1f77bcf86cd799439011', '{"$ne":null}', '../../etc/passwd'])(
    'answers null for the malformed id %j',
    async (id) => {
      const h = createHarness();
      await h.aUser();
      expect(await h.getUser.execute(id, OPERATOR)).toBeNull();
    },
  );

  it('answers null for a real id written in upper case (ids are exact strings)', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    expect(await h.getUser.execute(user.id.toUpperCase(), OPERATOR)).toBeNull();
  });

  it('answers null for an id that is not a string', async () => {
    const h = createHarness();
    expect(await h.getUser.execute({ $ne: '' } as never, OPERATOR)).toBeNull();
  });
});
