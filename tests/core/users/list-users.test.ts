import { describe, expect, it } from 'vitest';
import { type Actor, OPERATOR } from '../../../src/core/auth/actor.js';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import type { UserPage } from '../../../src/core/users/list-users.js';
import type { User } from '../../../src/core/users/user.js';
import { createHarness, expectFailure, type Harness, rejectionOf } from '../use-case-harness.js';

/** Signs up `count` users, one second apart unless `sameInstant`; returns them in creation order. */
async function seed(h: Harness, count: number, { sameInstant = false } = {}): Promise<User[]> {
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    users.push((await h.aUser()).user);
    if (!sameInstant) h.clock.advance(1000);
  }
  return users;
}

/** Follows endCursor until hasNextPage is false, collecting every id in order. */
async function walk(h: Harness, actor: Actor, first: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 1; ; pages++) {
    const page: UserPage = await h.listUsers.execute({ first, after }, actor);
    ids.push(...page.edges.map((edge) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, pages };
    after = page.pageInfo.endCursor;
    if (pages > 1000) throw new Error('paging does not end');
  }
}

const ids = (users: User[]) => users.map((user) => user.id);

describe('list users', () => {
  it('requires an actor', async () => {
    const h = createHarness();
    expect(await rejectionOf(h.listUsers.execute({}, null))).toBeInstanceOf(UnauthenticatedError);
  });

  it('lists oldest first whatever the order of creation in the store', async () => {
    const h = createHarness();
    const start = h.clock.now();
    h.clock.advance(3000);
    const newest = (await h.aUser()).user;
    h.clock.set(start);
    const oldest = (await h.aUser()).user;
    h.clock.advance(2000);
    const middle = (await h.aUser()).user;
    const page = await h.listUsers.execute({}, OPERATOR);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([oldest.id, middle.id, newest.id]);
  });

  it('breaks ties between users created at the same instant by id', async () => {
    const h = createHarness();
    const tied = await seed(h, 8, { sameInstant: true });
    const page = await h.listUsers.execute({}, OPERATOR);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(ids(tied).sort());
  });

  it('shows public users only, with a cursor on every edge', async () => {
    const h = createHarness();
    const [user] = await seed(h, 1);
    const page = await h.listUsers.execute({}, OPERATOR);
    expect(page.edges).toEqual([{ cursor: expect.any(String), node: user }]);
    expect(page.edges[0]!.node).not.toHaveProperty('passwordHash');
  });

  it('is open to any signed-in user', async () => {
    const h = createHarness();
    const [, , third] = await seed(h, 3);
    const page = await h.listUsers.execute({}, { kind: 'user', id: third!.id, role: 'USER' });
    expect(page.totalCount).toBe(3);
  });

  it('returns 20 users by default and says another page follows', async () => {
    const h = createHarness();
    const all = await seed(h, 21);
    const page = await h.listUsers.execute({}, OPERATOR);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(ids(all).slice(0, 20));
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[19]!.cursor });
    expect(page.totalCount).toBe(21);
  });

  it('says no page follows when the page reaches the last user exactly', async () => {
    const h = createHarness();
    await seed(h, 3);
    const page = await h.listUsers.execute({ first: 3 }, OPERATOR);
    expect(page.edges).toHaveLength(3);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[2]!.cursor });
  });

  it('accepts page sizes of 1 and of 100', async () => {
    const h = createHarness();
    await seed(h, 2);
    expect((await h.listUsers.execute({ first: 1 }, OPERATOR)).edges).toHaveLength(1);
    expect((await h.listUsers.execute({ first: 100 }, OPERATOR)).edges).toHaveLength(2);
  });

  it.each([0, -1, 101, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '10', true])(
    'refuses first = %j as invalid input on `first`',
    async (first) => {
      const h = createHarness();
      await expectFailure(h.listUsers.execute({ first: first as never }, OPERATOR), 'BAD_USER_INPUT', ['first']);
    },
  );

  it('treats a null `first` as the default page size', async () => {
    const h = createHarness();
    await seed(h, 21);
    expect((await h.listUsers.execute({ first: null as never }, OPERATOR)).edges).toHaveLength(20);
  });

  it('pages through many users with cursors, visiting each exactly once in order', async () => {
    const h = createHarness();
    const all = [...(await seed(h, 12)), ...(await seed(h, 9, { sameInstant: true })), ...(await seed(h, 4))];
    const expected = [...all].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    const { ids: visited, pages } = await walk(h, OPERATOR, 4);
    expect(visited).toEqual(ids(expected));
    expect(pages).toBe(Math.ceil(all.length / 4));
  });

  it('counts every user on every page, not just the page', async () => {
    const h = createHarness();
    const all = await seed(h, 5);
    const first = await h.listUsers.execute({ first: 2 }, OPERATOR);
    const second = await h.listUsers.execute({ first: 2, after: first.pageInfo.endCursor }, OPERATOR);
    expect(second.edges.map((edge) => edge.node.id)).toEqual(ids(all).slice(2, 4));
    expect([first.totalCount, second.totalCount]).toEqual([5, 5]);
  });

  it('gives an empty page with a null endCursor after the last user', async () => {
    const h = createHarness();
    await seed(h, 2);
    const full = await h.listUsers.execute({}, OPERATOR);
    const after = await h.listUsers.execute({ after: full.pageInfo.endCursor }, OPERATOR);
    expect(after).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 2 });
  });

  it('continues from the cursor of a user deleted since', async () => {
    const h = createHarness();
    const all = await seed(h, 5);
    const first = await h.listUsers.execute({ first: 2 }, OPERATOR);
    await h.deleteUser.execute(all[1]!.id, OPERATOR);
    const next = await h.listUsers.execute({ first: 2, after: first.pageInfo.endCursor }, OPERATOR);
    expect(next.edges.map((edge) => edge.node.id)).toEqual(ids(all).slice(2, 4));
    expect(next.totalCount).toBe(4);
  });

  it('accepts a null `after` as the first page', async () => {
    const h = createHarness();
    const all = await seed(h, 2);
    const page = await h.listUsers.execute({ after: null }, OPERATOR);
    expect(page.edges.map((edge) => edge.node.id)).toEqual(ids(all));
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['empty', ''],
    ['base64url of garbage', Buffer.from('garbage').toString('base64url')],
    ['a time without an id', Buffer.from('1700000000000:').toString('base64url')],
    ['an id without a time', Buffer.from(':0190a8f2-0000-7000-8000-000000000000').toString('base64url')],
    ['very long', 'A'.repeat(10_000)],
  ])('refuses a cursor that is %s as invalid input on `after`', async (_, after) => {
    const h = createHarness();
    await seed(h, 1);
    await expectFailure(h.listUsers.execute({ after }, OPERATOR), 'BAD_USER_INPUT', ['after']);
  });

  it('refuses a cursor that is not a string as invalid input on `after`', async () => {
    const h = createHarness();
    await expectFailure(h.listUsers.execute({ after: { $gt: '' } as never }, OPERATOR), 'BAD_USER_INPUT', ['after']);
  });

  it('counts every user unless told the total is not shown, and then does not read the count', async () => {
    const h = createHarness();
    await seed(h, 3);
    let counts = 0;
    const count = h.store.users.count.bind(h.store.users);
    h.store.users.count = () => ((counts += 1), count());
    expect((await h.listUsers.execute({ first: 2 }, OPERATOR)).totalCount).toBe(3);
    expect(counts).toBe(1);
    const page = await h.listUsers.execute({ first: 2 }, OPERATOR, { withTotal: false });
    expect(page).not.toHaveProperty('totalCount');
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(counts).toBe(1);
  });
});
