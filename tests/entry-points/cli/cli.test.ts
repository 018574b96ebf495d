import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/shared/errors.js';
import { createCliHarness, PASSWORD, UNKNOWN_ID } from './cli-harness.js';

const USER_FIELDS = ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let h: ReturnType<typeof createCliHarness>;
beforeEach(() => {
  h = createCliHarness();
});

/** A command failure: nothing on stdout, one JSON line {"error": {...}} on stderr, exit 1. */
function expectFailure(run: Awaited<ReturnType<typeof h.cli>>, code: string, fields?: string[]) {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(Object.keys(run.err)).toEqual(['error']);
  expect(run.err.error.code).toBe(code);
  expect(typeof run.err.error.message).toBe('string');
  if (fields) expect(run.err.error.fields.map((f: { field: string }) => f.field)).toEqual(fields);
}

/** A usage mistake: the reason and the help on stderr, exit 2, and the store never opened. */
function expectUsage(run: Awaited<ReturnType<typeof h.cli>>, reason: RegExp) {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).toContain('Usage: npm run cli -- users <command>');
  expect(h.sessions.opened).toBe(0);
}

describe('CLI users create', () => {
  it('prints {"user": User} with role USER, exits 0 and closes the store', async () => {
    const run = await h.cli(['users', 'create', '--email', ' Ada@Example.com ', '--first-name', 'Ada', '--last-name', 'Lovelace', '--password', PASSWORD]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(Object.keys(run.out)).toEqual(['user']);
    expect(Object.keys(run.out.user).sort()).toEqual(USER_FIELDS);
    expect(run.out.user).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'USER' });
    expect(run.out.user.createdAt).toMatch(ISO_DATE);
    expect(run.stdout).not.toContain(PASSWORD);
    expect(h.sessions).toEqual({ opened: 1, closed: 1 });
  });

  it('makes an administrator with --role ADMIN (the operator may choose a role)', async () => {
    const admin = await h.createUser('--role', 'ADMIN');
    expect(admin.role).toBe('ADMIN');
    expect((await h.store.users.findById(admin.id))?.role).toBe('ADMIN');
  });

  it('accepts --name=value', async () => {
    const run = await h.cli(['users', 'create', '--email=a@example.com', '--first-name=A', '--last-name=B', `--password=${PASSWORD}`]);
    expect(run.status).toBe(0);
  });

  it('refuses invalid values: BAD_USER_INPUT with fields on stderr, exit 1, store closed', async () => {
    const run = await h.cli(['users', 'create', '--email', 'nope', '--first-name', 'A', '--last-name', 'B', '--password', 'short']);
    expectFailure(run, 'BAD_USER_INPUT', ['email', 'password']);
    expect(run.stderr).not.toContain('short');
    expect(h.sessions).toEqual({ opened: 1, closed: 1 });
  });

  it('refuses a role that does not exist', async () => {
    const run = await h.cli(['users', 'create', '--email', 'a@example.com', '--first-name', 'A', '--last-name', 'B', '--password', PASSWORD, '--role', 'ROOT']);
    expectFailure(run, 'BAD_USER_INPUT', ['role']);
  });

  it('refuses a taken email: CONFLICT, exit 1', async () => {
    const existing = await h.createUser();
    const run = await h.cli(['users', 'create', '--email', existing.email, '--first-name', 'A', '--last-name', 'B', '--password', PASSWORD]);
    expectFailure(run, 'CONFLICT');
  });
});

describe('CLI users list', () => {
  it('prints {"users", "pageInfo", "totalCount"} oldest first', async () => {
    const a = await h.createUser();
    const b = await h.createUser();
    const run = await h.cli(['users', 'list']);
    expect(run.status).toBe(0);
    expect(Object.keys(run.out)).toEqual(['users', 'pageInfo', 'totalCount']);
    expect(run.out.users.map((u: { id: string }) => u.id)).toEqual([a.id, b.id]);
    expect(run.out.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(run.out.totalCount).toBe(2);
  });

  it('pages with --first and --after', async () => {
    const a = await h.createUser();
    const b = await h.createUser();
    const page1 = await h.cli(['users', 'list', '--first', '1']);
    expect(page1.out.users.map((u: { id: string }) => u.id)).toEqual([a.id]);
    expect(page1.out.pageInfo.hasNextPage).toBe(true);
    const page2 = await h.cli(['users', 'list', '--first', '1', '--after', page1.out.pageInfo.endCursor]);
    expect(page2.out.users.map((u: { id: string }) => u.id)).toEqual([b.id]);
    expect(page2.out.pageInfo.hasNextPage).toBe(false);
  });

  it.each(['0', '101', 'ten', '1.5'])('refuses --first %s: BAD_USER_INPUT on field first', async (first) => {
    expectFailure(await h.cli(['users', 'list', '--first', first]), 'BAD_USER_INPUT', ['first']);
  });

  it('refuses a malformed cursor: BAD_USER_INPUT on field after', async () => {
    expectFailure(await h.cli(['users', 'list', '--after', '***']), 'BAD_USER_INPUT', ['after']);
  });
});

describe('CLI users get', () => {
  it('prints {"user": User}', async () => {
    const user = await h.createUser();
    const run = await h.cli(['users', 'get', user.id]);
    expect(run.status).toBe(0);
    expect(run.out.user).toMatchObject({ id: user.id, email: user.email });
  });

  it('reports NOT_FOUND (exit 1) for an unknown or malformed id', async () => {
    expectFailure(await h.cli(['users', 'get', UNKNOWN_ID]), 'NOT_FOUND');
    expectFailure(await h.cli(['users', 'get', 'not-an-id']), 'NOT_FOUND');
  });
});

describe('CLI users update', () => {
  it('changes only the options given and prints {"user": User}', async () => {
    const user = await h.createUser();
    const run = await h.cli(['users', 'update', user.id, '--first-name', 'Augusta']);
    expect(run.status).toBe(0);
    expect(run.out.user).toMatchObject({ id: user.id, firstName: 'Augusta', lastName: 'Lovelace', email: user.email });
  });

  it('changes the role with --role (the operator may)', async () => {
    const user = await h.createUser();
    const run = await h.cli(['users', 'update', user.id, '--role', 'ADMIN']);
    expect(run.out.user.role).toBe('ADMIN');
  });

  it('changes the password: the new one logs in', async () => {
    const user = await h.createUser();
    const run = await h.cli(['users', 'update', user.id, '--password', 'a brand new password']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('a brand new password');
    await expect(h.useCases.login.execute({ email: user.email, password: 'a brand new password' })).resolves.toBeTruthy();
  });

  it('refuses an update with no options: BAD_USER_INPUT, exit 1', async () => {
    const user = await h.createUser();
    expectFailure(await h.cli(['users', 'update', user.id]), 'BAD_USER_INPUT', ['input']);
  });

  it('reports NOT_FOUND for an unknown id', async () => {
    expectFailure(await h.cli(['users', 'update', UNKNOWN_ID, '--first-name', 'X']), 'NOT_FOUND');
  });

  it('reports CONFLICT for an email another user has', async () => {
    const a = await h.createUser();
    const b = await h.createUser();
    expectFailure(await h.cli(['users', 'update', b.id, '--email', a.email]), 'CONFLICT');
  });
});

describe('CLI users delete', () => {
  it('prints {"deleted": ID} and the user is gone', async () => {
    const user = await h.createUser();
    const run = await h.cli(['users', 'delete', user.id]);
    expect(run.status).toBe(0);
    expect(run.out).toEqual({ deleted: user.id });
    expectFailure(await h.cli(['users', 'get', user.id]), 'NOT_FOUND');
  });

  it('reports NOT_FOUND for an unknown id', async () => {
    expectFailure(await h.cli(['users', 'delete', UNKNOWN_ID]), 'NOT_FOUND');
  });
});

describe('CLI users logout-all', () => {
  it('prints {"loggedOut": ID}; every earlier access and refresh token of the user stops working, a new login works', async () => {
    const user = await h.createUser();
    const session = await h.useCases.login.execute({ email: user.email, password: PASSWORD });
    await expect(h.useCases.authenticate.execute(session.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
    const run = await h.cli(['users', 'logout-all', user.id]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.out).toEqual({ loggedOut: user.id });
    await expect(h.useCases.authenticate.execute(session.accessToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(h.useCases.refreshSession.execute(session.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const fresh = await h.useCases.login.execute({ email: user.email, password: PASSWORD });
    await expect(h.useCases.authenticate.execute(fresh.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
  });

  it('reports NOT_FOUND for an unknown or malformed id', async () => {
    expectFailure(await h.cli(['users', 'logout-all', UNKNOWN_ID]), 'NOT_FOUND');
    expectFailure(await h.cli(['users', 'logout-all', 'not-an-id']), 'NOT_FOUND');
  });

  it('is listed in the help, and exits 2 without its ID', async () => {
    expect((await h.cli(['--help'])).stdout).toContain('users logout-all ID');
    expectUsage(await h.cli(['users', 'logout-all']), /users logout-all needs ID/);
  });
});

describe('CLI usage', () => {
  it('prints the help on stdout and exits 0 for --help, without opening the store', async () => {
    for (const argv of [['--help'], ['users', '--help'], ['users', 'create', '-h'], ['help']]) {
      const run = await h.cli(argv);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('users create --email E --first-name F --last-name L --password P [--role ADMIN]');
    }
    expect(h.sessions.opened).toBe(0);
  });

  it('exits 2 with the help for no command at all', async () => {
    expectUsage(await h.cli([]), /missing command/);
  });

  it('exits 2 for an unknown command', async () => {
    expectUsage(await h.cli(['groups', 'list']), /unknown command "groups"/);
    expectUsage(await h.cli(['users', 'purge']), /unknown command "users purge"/);
  });

  it('exits 2 for an unknown flag', async () => {
    expectUsage(await h.cli(['users', 'list', '--limit', '5']), /--limit/);
  });

  it('exits 2 for a missing required flag, naming it', async () => {
    expectUsage(await h.cli(['users', 'create', '--email', 'a@example.com', '--first-name', 'A', '--last-name', 'B']), /needs --password/);
  });

  it('exits 2 for a flag without its value', async () => {
    expectUsage(await h.cli(['users', 'list', '--first']), /--first/);
  });

  it('exits 2 for a missing or an extra ID', async () => {
    expectUsage(await h.cli(['users', 'get']), /users get needs ID/);
    expectUsage(await h.cli(['users', 'delete', UNKNOWN_ID, 'another']), /unexpected argument "another"/);
  });

  it('exits 2 for a flag given twice, rather than picking one', async () => {
    expectUsage(await h.cli(['users', 'update', UNKNOWN_ID, '--email', 'a@example.com', '--email', 'b@example.com']), /--email given more than once/);
  });

  it('exits 2 for --role on a command that has no such option', async () => {
    expectUsage(await h.cli(['users', 'list', '--role', 'ADMIN']), /--role/);
  });
});

describe('CLI failures', () => {
  it('reports an unexpected error as INTERNAL_SERVER_ERROR with a generic message, no driver text', async () => {
    h.store.users.count = async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
    };
    const run = await h.cli(['users', 'list']);
    expectFailure(run, 'INTERNAL_SERVER_ERROR');
    expect(run.stderr).not.toMatch(/ECONNREFUSED|hunter2|at /);
    expect(h.sessions).toEqual({ opened: 1, closed: 1 });
  });

  it('keeps a core error from a store adapter as it is (CONFLICT)', async () => {
    h.store.users.insert = async () => {
      throw new ConflictError('Email already registered');
    };
    const run = await h.cli(['users', 'create', '--email', 'a@example.com', '--first-name', 'A', '--last-name', 'B', '--password', PASSWORD]);
    expectFailure(run, 'CONFLICT');
  });

  it('prints a store that will not open as one line on stderr and exits 1', async () => {
    const run = await h.cli(['users', 'list'], async () => {
      throw new Error('The embedded database in /srv/data is in use by pid 42. Stop that process first.\n    at lockDataDir');
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: The embedded database in /srv/data is in use by pid 42. Stop that process first.\n');
  });
});
