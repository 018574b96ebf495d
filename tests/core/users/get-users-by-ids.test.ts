import { describe, expect, it, vi } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

describe('get users by ids', () => {
  it('answers public users in the order of the ids, null where there is none, in one store read', async () => {
    const h = createHarness();
    const [ada, bob] = [(await h.aUser()).user, (await h.aUser()).user];
    const gone = (await h.aUser()).user;
    await h.deleteUser.execute(gone.id, OPERATOR);
    const findManyByIds = vi.spyOn(h.store.users, 'findManyByIds');
    const answer = await h.getUsersByIds.execute([bob.id, gone.id, ada.id, 'nope', bob.id], (await h.aUser()).actor);
    expect(answer).toEqual([bob, null, ada, null, bob]);
    expect(answer[0]).not.toHaveProperty('passwordHash');
    expect(findManyByIds).toHaveBeenCalledTimes(1);
    expect(findManyByIds.mock.calls[0]![0]).toEqual([bob.id, gone.id, ada.id]);
  });

  it('asks the store nothing when no id is well formed', async () => {
    const h = createHarness();
    const findManyByIds = vi.spyOn(h.store.users, 'findManyByIds');
    expect(await h.getUsersByIds.execute(['x', newId().toUpperCase()], OPERATOR)).toEqual([null, null]);
    expect(findManyByIds).not.toHaveBeenCalled();
  });

  it('requires authentication', async () => {
    const h = createHarness();
    await expectFailure(h.getUsersByIds.execute([newId()], null), 'UNAUTHENTICATED');
  });
});
