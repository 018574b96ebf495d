import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { createGraphqlContext } from '../../../src/entry-points/graphql/context.js';
import { createHarness, rejectionOf } from '../../core/use-case-harness.js';

/** The harness's real memory store, with its two caller reads counted. */
function countingHarness() {
  const h = createHarness();
  const reads = { findCaller: 0, findById: 0 };
  const users = h.store.users;
  const findCaller = users.findCaller.bind(users);
  const findById = users.findById.bind(users);
  users.findCaller = (id) => ((reads.findCaller += 1), findCaller(id));
  users.findById = (id) => ((reads.findById += 1), findById(id));
  return { h, reads };
}

describe('GraphQL request context', () => {
  it('checks the caller once per request, with the narrow read, however many fields ask', async () => {
    const { h, reads } = countingHarness();
    const { user, session } = await h.aSession();
    const context = createGraphqlContext(h, `Bearer ${session.accessToken}`);
    const actors = await Promise.all([context.actor(), context.actor(), context.actor()]);
    expect(actors).toEqual(Array(3).fill({ kind: 'user', id: user.id, role: user.role }));
    expect(reads).toEqual({ findCaller: 1, findById: 0 });
  });

  it('serves the check and the profile of `me` from one read, which the other fields reuse', async () => {
    const { h, reads } = countingHarness();
    const { user, session } = await h.aSession();
    const context = createGraphqlContext(h, `Bearer ${session.accessToken}`);
    const [me, actor] = await Promise.all([context.authenticated(), context.actor()]);
    expect(me?.user).toEqual(user);
    expect(actor).toEqual({ kind: 'user', id: user.id, role: user.role });
    expect(reads).toEqual({ findCaller: 0, findById: 1 });
  });

  it('reads nothing for an anonymous request', async () => {
    const { h, reads } = countingHarness();
    const context = createGraphqlContext(h, undefined);
    expect(await context.actor()).toBeNull();
    expect(await context.authenticated()).toBeNull();
    expect(reads).toEqual({ findCaller: 0, findById: 0 });
  });

  it('refuses a malformed header once, as a rejection', async () => {
    const { h, reads } = countingHarness();
    const context = createGraphqlContext(h, 'Basic abc');
    expect(await rejectionOf(context.actor())).toBeInstanceOf(UnauthenticatedError);
    expect(await rejectionOf(context.actor())).toBeInstanceOf(UnauthenticatedError);
    expect(reads).toEqual({ findCaller: 0, findById: 0 });
  });
});
