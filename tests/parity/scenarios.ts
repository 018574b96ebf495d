/**
 * The table: every scenario runs through each transport that can express it,
 * from the same seeded world (world.ts), and every transport must give the
 * `expected` normalized outcome (normalize.ts). A transport that has no
 * concept for a scenario is listed in `notApplicable` with the reason.
 */
import { ABSENT, type Driver, type SignUpInput, type TransportName } from './drivers/driver.js';
import { CHANGED, id, ISO, NEW_ID, OPAQUE, UNCHANGED } from './normalize.js';
import { as, PASSWORD, PEOPLE, type Person, type World } from './world.js';

export interface Scenario {
  name: string;
  /** Transports that cannot run this scenario, each with why. */
  notApplicable?: Partial<Record<TransportName, string>>;
  /** The requests; returns their outcomes (one, or several in an object or array). */
  run(driver: Driver, world: World): Promise<unknown>;
  /** The normalized outcome every applicable transport must give. */
  expected: unknown;
  /**
   * A transport that departs from `expected` today, found by this suite and
   * reported, not fixed here. Its row asserts what that transport gives now,
   * so the test fails (and this entry must go) the day the product is fixed,
   * or if it drifts further.
   */
  knownDisagreement?: { why: string; observed: Partial<Record<TransportName, unknown>> };
}

export const TRANSPORTS: TransportName[] = ['graphql', 'rest', 'cli'];

export const applicableTransports = (scenario: Scenario): TransportName[] =>
  TRANSPORTS.filter((transport) => !scenario.notApplicable?.[transport]);

/** Well-formed (UUIDv7) but given to no user. */
export const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

const NO_LOGIN = 'the CLI has no login: the operator never needs a token';
export const NOT_A_USER = 'the CLI always acts as the operator, never as one particular USER';
export const NOT_ANONYMOUS = 'the CLI always acts as the operator; it has no anonymous caller';

export const ok = (data: unknown) => ({ ok: true, data });
export const failed = (code: string, fields?: string[]) => ({ ok: false, code, ...(fields && { fields }) });

/** A seeded person as every transport should show them, with any changes. */
export const seeded = (person: Person, changes: Record<string, unknown> = {}) => {
  const { email, firstName, lastName, role } = PEOPLE[person];
  return { id: id(person), email, firstName, lastName, role, createdAt: ISO, updatedAt: UNCHANGED, ...changes };
};

export const SCENARIOS: Scenario[] = [
  // Sign up
  {
    name: 'sign up makes a USER with the email lower-cased and trimmed and the names trimmed',
    run: (d) => d.signUp({ email: '  Edsger.Dijkstra@Example.COM ', firstName: ' Edsger ', lastName: 'Dijkstra ', password: PASSWORD }),
    expected: ok({ id: NEW_ID, email: 'edsger.dijkstra@example.com', firstName: 'Edsger', lastName: 'Dijkstra', role: 'USER', createdAt: ISO, updatedAt: UNCHANGED }),
  },
  {
    name: 'sign up with a taken email in another case is CONFLICT',
    run: (d) => d.signUp({ email: 'ADA@Example.com', firstName: 'Ada', lastName: 'King', password: PASSWORD }),
    expected: failed('CONFLICT'),
  },
  {
    name: 'sign up with an invalid email and a short password is BAD_USER_INPUT naming both fields',
    run: (d) => d.signUp({ email: 'not-an-email', firstName: 'Ada', lastName: 'Lovelace', password: 'short' }),
    expected: failed('BAD_USER_INPUT', ['email', 'password']),
  },
  {
    name: 'sign up with a blank first name and a 101-character last name is BAD_USER_INPUT naming both fields',
    run: (d) => d.signUp({ email: 'new@example.com', firstName: '   ', lastName: 'x'.repeat(101), password: PASSWORD }),
    expected: failed('BAD_USER_INPUT', ['firstName', 'lastName']),
  },
  {
    name: 'sign up without a password is BAD_USER_INPUT naming password',
    notApplicable: { cli: 'a missing option is a usage mistake: the CLI prints help and exits 2 (CONTRACT.md, CLI)' },
    // Deliberately incomplete: what an untyped client can send.
    run: (d) => d.signUp({ email: 'new@example.com', firstName: 'Ada', lastName: 'Lovelace' } as SignUpInput),
    expected: failed('BAD_USER_INPUT', ['password']),
  },

  // Login
  {
    name: 'login with the right password (email in another case, padded) gives a token pair and the user',
    notApplicable: { cli: NO_LOGIN },
    run: (d) => d.login(' ADA@Example.com ', PASSWORD),
    expected: ok({ accessToken: OPAQUE, refreshToken: OPAQUE, expiresIn: 900, user: seeded('ada') }),
  },
  {
    name: 'login with a wrong password is UNAUTHENTICATED',
    notApplicable: { cli: NO_LOGIN },
    run: (d) => d.login(PEOPLE.ada.email, 'not the password'),
    expected: failed('UNAUTHENTICATED'),
  },
  {
    name: 'login with an unknown email is UNAUTHENTICATED, like a wrong password',
    notApplicable: { cli: NO_LOGIN },
    run: (d) => d.login('nobody@example.com', PASSWORD),
    expected: failed('UNAUTHENTICATED'),
  },

  // Read
  {
    name: 'read a user by id gives exactly the User fields',
    run: (d, w) => d.getUser(w.ids.grace, as.signedIn('ada')),
    expected: ok(seeded('grace')),
  },
  {
    name: 'read an unknown id is absent',
    run: (d) => d.getUser(UNKNOWN_ID, as.signedIn('ada')),
    expected: ABSENT,
  },
  {
    name: 'read a malformed id is absent: not a UUID, a UUIDv4, an existing id in upper case',
    run: async (d, w) => [
      await d.getUser('not-an-id', as.signedIn('ada')),
      await d.getUser('3b241101-e2bb-4255-8caf-4136c566a962', as.signedIn('ada')),
      await d.getUser(w.ids.grace.toUpperCase(), as.signedIn('ada')),
    ],
    expected: [ABSENT, ABSENT, ABSENT],
  },
  {
    name: 'read without signing in is UNAUTHENTICATED',
    notApplicable: { cli: NOT_ANONYMOUS },
    run: (d, w) => d.getUser(w.ids.grace, as.anonymous),
    expected: failed('UNAUTHENTICATED'),
  },

  // List
  {
    name: 'list with no arguments gives every user oldest first, no next page, and the total',
    run: (d) => d.listUsers({}, as.signedIn('ada')),
    expected: ok({
      users: [seeded('ada'), seeded('grace'), seeded('alan'), seeded('barbara'), seeded('root')],
      pageInfo: { hasNextPage: false, endCursor: OPAQUE },
      totalCount: 5,
    }),
  },
  {
    name: 'page through two at a time: same pages, hasNextPage until the last, endCursor leads on, then an empty page with endCursor null',
    async run(d) {
      const pages = [];
      let after: string | undefined;
      for (let i = 0; i < 4; i++) {
        const page = await d.listUsers({ first: 2, after }, as.signedIn('ada'));
        pages.push(page);
        if (!('ok' in page) || !page.ok || page.data.pageInfo.endCursor === null) break;
        after = page.data.pageInfo.endCursor;
      }
      return pages;
    },
    expected: [
      ok({ users: [seeded('ada'), seeded('grace')], pageInfo: { hasNextPage: true, endCursor: OPAQUE }, totalCount: 5 }),
      ok({ users: [seeded('alan'), seeded('barbara')], pageInfo: { hasNextPage: true, endCursor: OPAQUE }, totalCount: 5 }),
      ok({ users: [seeded('root')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 5 }),
      ok({ users: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 5 }),
    ],
  },
  {
    name: 'list with first 0 or 101 is BAD_USER_INPUT naming first',
    run: async (d) => [await d.listUsers({ first: 0 }, as.signedIn('ada')), await d.listUsers({ first: 101 }, as.signedIn('ada'))],
    expected: [failed('BAD_USER_INPUT', ['first']), failed('BAD_USER_INPUT', ['first'])],
  },
  {
    name: "a page's endCursor still leads on after the user it points at is deleted",
    async run(d, w) {
      const first = await d.listUsers({ first: 2 }, as.signedIn('ada'));
      const deletion = await d.deleteUser(w.ids.grace, as.admin('root'));
      const after = 'ok' in first && first.ok ? (first.data.pageInfo.endCursor ?? undefined) : undefined;
      return { first, deletion, next: await d.listUsers({ first: 2, after }, as.signedIn('ada')) };
    },
    expected: {
      first: ok({ users: [seeded('ada'), seeded('grace')], pageInfo: { hasNextPage: true, endCursor: OPAQUE }, totalCount: 5 }),
      deletion: ok({ deleted: id('grace') }),
      next: ok({ users: [seeded('alan'), seeded('barbara')], pageInfo: { hasNextPage: true, endCursor: OPAQUE }, totalCount: 4 }),
    },
  },
  {
    name: 'list after a cursor that no page gave is BAD_USER_INPUT naming after',
    run: async (d) => [
      await d.listUsers({ after: 'not a cursor!' }, as.signedIn('ada')),
      await d.listUsers({ after: Buffer.from('not-a-cursor').toString('base64url') }, as.signedIn('ada')),
    ],
    expected: [failed('BAD_USER_INPUT', ['after']), failed('BAD_USER_INPUT', ['after'])],
  },
  {
    name: 'list without signing in is UNAUTHENTICATED',
    notApplicable: { cli: NOT_ANONYMOUS },
    run: (d) => d.listUsers({}, as.anonymous),
    expected: failed('UNAUTHENTICATED'),
  },

  // Update
  {
    name: 'update self changes only the fields given, trimmed, and a read shows the change',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      update: await d.updateUser(w.ids.ada, { firstName: ' Augusta ', lastName: 'King' }, as.user('ada')),
      readAfter: await d.getUser(w.ids.ada, as.signedIn('grace')),
    }),
    expected: {
      update: ok(seeded('ada', { firstName: 'Augusta', lastName: 'King', updatedAt: CHANGED })),
      readAfter: ok(seeded('ada', { firstName: 'Augusta', lastName: 'King', updatedAt: CHANGED })),
    },
  },
  {
    name: 'update another user as a USER is FORBIDDEN and changes nothing',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      update: await d.updateUser(w.ids.grace, { firstName: 'Mallory' }, as.user('ada')),
      readAfter: await d.getUser(w.ids.grace, as.signedIn('ada')),
    }),
    expected: { update: failed('FORBIDDEN'), readAfter: ok(seeded('grace')) },
  },
  {
    name: 'update another user as an ADMIN succeeds, with the email normalized',
    run: (d, w) => d.updateUser(w.ids.grace, { email: ' Grace.Brewster@Example.COM ' }, as.admin('root')),
    expected: ok(seeded('grace', { email: 'grace.brewster@example.com', updatedAt: CHANGED })),
  },
  {
    name: 'update with a blank name is BAD_USER_INPUT naming the field, and changes nothing',
    run: async (d, w) => ({
      update: await d.updateUser(w.ids.grace, { firstName: ' ', lastName: 'Murray' }, as.admin('root')),
      readAfter: await d.getUser(w.ids.grace, as.signedIn('ada')),
    }),
    expected: { update: failed('BAD_USER_INPUT', ['firstName']), readAfter: ok(seeded('grace')) },
  },
  {
    name: 'update with nothing to change is BAD_USER_INPUT naming input',
    run: (d, w) => d.updateUser(w.ids.grace, {}, as.admin('root')),
    expected: failed('BAD_USER_INPUT', ['input']),
  },
  {
    name: 'update to a taken email in another case is CONFLICT',
    run: (d, w) => d.updateUser(w.ids.grace, { email: 'ADA@example.com' }, as.admin('root')),
    expected: failed('CONFLICT'),
  },
  {
    name: 'update the email to the same address in another case is not a conflict',
    run: (d, w) => d.updateUser(w.ids.grace, { email: 'GRACE@Example.com' }, as.admin('root')),
    expected: ok(seeded('grace', { updatedAt: CHANGED })),
  },
  {
    name: 'update an unknown id is NOT_FOUND',
    run: (d) => d.updateUser(UNKNOWN_ID, { firstName: 'Nobody' }, as.admin('root')),
    expected: failed('NOT_FOUND'),
  },
  {
    name: 'update a malformed id is NOT_FOUND',
    run: (d) => d.updateUser('not-an-id', { firstName: 'Nobody' }, as.admin('root')),
    expected: failed('NOT_FOUND'),
  },
  {
    name: 'update or delete an unknown id as a USER is NOT_FOUND, not FORBIDDEN',
    notApplicable: { cli: NOT_A_USER },
    run: async (d) => ({
      update: await d.updateUser(UNKNOWN_ID, { firstName: 'Nobody' }, as.signedIn('ada')),
      delete: await d.deleteUser(UNKNOWN_ID, as.signedIn('ada')),
    }),
    expected: { update: failed('NOT_FOUND'), delete: failed('NOT_FOUND') },
  },

  // Ids nobody could have been given
  {
    name: 'an id far longer than any id is absent to read and NOT_FOUND to update and delete',
    run: async (d) => {
      const longId = 'a'.repeat(1000);
      return {
        read: await d.getUser(longId, as.signedIn('ada')),
        update: await d.updateUser(longId, { firstName: 'Nobody' }, as.admin('root')),
        delete: await d.deleteUser(longId, as.admin('root')),
      };
    },
    expected: { read: ABSENT, update: failed('NOT_FOUND'), delete: failed('NOT_FOUND') },
  },

  // Delete
  {
    name: 'delete another user as an ADMIN gives its id, and it reads as absent after',
    run: async (d, w) => ({
      delete: await d.deleteUser(w.ids.grace, as.admin('root')),
      readAfter: await d.getUser(w.ids.grace, as.signedIn('ada')),
    }),
    expected: { delete: ok({ deleted: id('grace') }), readAfter: ABSENT },
  },
  {
    name: 'delete self gives its id, and it reads as absent after',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      delete: await d.deleteUser(w.ids.ada, as.user('ada')),
      readAfter: await d.getUser(w.ids.ada, as.signedIn('grace')),
    }),
    expected: { delete: ok({ deleted: id('ada') }), readAfter: ABSENT },
  },
  {
    name: 'delete another user as a USER is FORBIDDEN and deletes nothing',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      delete: await d.deleteUser(w.ids.grace, as.user('ada')),
      readAfter: await d.getUser(w.ids.grace, as.signedIn('ada')),
    }),
    expected: { delete: failed('FORBIDDEN'), readAfter: ok(seeded('grace')) },
  },
  {
    name: 'delete an unknown id is NOT_FOUND',
    run: (d) => d.deleteUser(UNKNOWN_ID, as.admin('root')),
    expected: failed('NOT_FOUND'),
  },
  {
    name: 'delete a malformed id is NOT_FOUND',
    run: (d) => d.deleteUser('not-an-id', as.admin('root')),
    expected: failed('NOT_FOUND'),
  },

  // Ending every session
  {
    name: "logout everywhere gives the caller's id, and the token it was sent with is UNAUTHENTICATED right after",
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      logout: await d.logoutAll(w.ids.ada, as.user('ada')),
      readAfter: await d.getUser(w.ids.grace, as.user('ada')),
      othersKeepTheirs: await d.getUser(w.ids.ada, as.signedIn('grace')),
    }),
    expected: { logout: ok({ loggedOut: id('ada') }), readAfter: failed('UNAUTHENTICATED'), othersKeepTheirs: ok(seeded('ada', { updatedAt: CHANGED })) },
  },
  {
    name: 'logout everywhere without a token is UNAUTHENTICATED',
    notApplicable: { cli: NOT_ANONYMOUS },
    run: (d, w) => d.logoutAll(w.ids.ada, as.anonymous),
    expected: failed('UNAUTHENTICATED'),
  },
  {
    name: "a password change makes the changer's earlier token UNAUTHENTICATED right after",
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      update: await d.updateUser(w.ids.ada, { password: 'a brand new passphrase' }, as.user('ada')),
      readAfter: await d.getUser(w.ids.grace, as.user('ada')),
    }),
    expected: { update: ok(seeded('ada', { updatedAt: CHANGED })), readAfter: failed('UNAUTHENTICATED') },
  },
];
