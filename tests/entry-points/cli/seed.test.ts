/**
 * `seed` / `npm run db:seed`: the demo catalog and an ADMIN, through the use
 * cases, idempotently, on each store with a catalog adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireUseCases } from '../../../src/config/use-cases.js';
import { runCli } from '../../../src/entry-points/cli/run-cli.js';
import { DEMO_CATALOG } from '../../../src/entry-points/cli/seed/demo-catalog.js';
import { runTsProcess } from '../../support/node-process.js';
import { openPgliteFixture } from '../../support/sql-stores.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { describeEachStore } from '../../support/stores.js';
import { fastHasher } from '../../support/test-server.js';

const ADMIN = { email: 'shop-admin@example.com', password: 'seeded admin password' };

function seeder(fixture: () => StoreFixture) {
  const useCases = () =>
    wireUseCases({ jwtSecret: 'seed-tests-secret-of-at-least-32-bytes', accessTokenTtl: 900, refreshTokenTtl: 3600 }, fixture().store, { hasher: fastHasher });
  async function seed(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const status = await runCli(['seed', ...argv], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, async () => ({
      useCases: useCases(),
      close: async () => {},
    }));
    return { status, stdout, stderr, out: stdout ? JSON.parse(stdout) : undefined, err: stderr ? JSON.parse(stderr) : undefined };
  }
  const withAdmin = [`--admin-email=${ADMIN.email}`, `--admin-password=${ADMIN.password}`];
  return { useCases, seed, withAdmin };
}

const allProducts = async (fixture: () => StoreFixture) =>
  fixture().store.products.page({ limit: 1000, filter: { includeArchived: true } });

describeEachStore(
  'seed',
  (fixture) => {
    const { useCases, seed, withAdmin } = seeder(fixture);

    it('fills the demo catalog and makes the ADMIN, who can then sign in', async () => {
      const run = await seed(...withAdmin);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.out).toEqual({ seeded: { productsCreated: DEMO_CATALOG.length, productsExisting: 0, admin: 'created' } });
      const products = await allProducts(fixture);
      expect(products.map((product) => product.sku).sort()).toEqual(DEMO_CATALOG.map((product) => product.sku).sort());
      expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(24);
      const session = await useCases().login.execute({ email: ADMIN.email, password: ADMIN.password });
      expect(session.user.role).toBe('ADMIN');
    });

    it('adds nothing on a second run', async () => {
      await seed(...withAdmin);
      const before = await allProducts(fixture);
      const again = await seed(...withAdmin);
      expect(again.status).toBe(0);
      expect(again.out).toEqual({ seeded: { productsCreated: 0, productsExisting: DEMO_CATALOG.length, admin: 'existing, left unchanged' } });
      expect(await allProducts(fixture)).toEqual(before);
      expect(await fixture().store.users.count()).toBe(1);
    });

    it('leaves an existing user with the admin email alone: role and password unchanged', async () => {
      const existing = await useCases().createUser.execute(
        { email: ADMIN.email, firstName: 'Already', lastName: 'There', password: 'the owner password' },
        null,
      );
      const before = await fixture().store.users.findById(existing.id);
      const run = await seed(...withAdmin);
      expect(run.out.seeded.admin).toBe('existing, left unchanged');
      expect(await fixture().store.users.findById(existing.id)).toEqual(before);
      await expect(useCases().login.execute({ email: ADMIN.email, password: ADMIN.password })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await useCases().login.execute({ email: ADMIN.email, password: 'the owner password' })).user.role).toBe('USER');
    });

    it('seeds the catalog only without an admin email and password', async () => {
      const run = await seed();
      expect(run.status).toBe(0);
      expect(run.out).toEqual({ seeded: { productsCreated: DEMO_CATALOG.length, productsExisting: 0, admin: 'not requested' } });
      expect(await fixture().store.users.count()).toBe(0);
    });

    it('refuses an admin email without a password (BAD_USER_INPUT, exit 1) before seeding anything', async () => {
      const run = await seed(`--admin-email=${ADMIN.email}`);
      expect(run.status).toBe(1);
      expect(run.err.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'adminPassword', message: expect.any(String) }] });
      expect(await allProducts(fixture)).toEqual([]);
    });

    it('refuses an admin password the rules refuse, after the catalog (BAD_USER_INPUT, exit 1)', async () => {
      const run = await seed(`--admin-email=${ADMIN.email}`, '--admin-password=short');
      expect(run.status).toBe(1);
      expect(run.err.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'password', message: expect.any(String) }] });
      expect(run.stderr).not.toContain('short');
    });
  },
);

/** `npm run db:seed` without npm in between, with only the environment given (plus PATH). */
const runDbSeed = (env: Record<string, string>) => runTsProcess('scripts/db-seed.ts', [], { LOG_LEVEL: 'silent', ...env });

describe('npm run db:seed (a real process, DB_TYPE=memory)', () => {
  const PROCESS_TIMEOUT = 60_000;

  it('reads SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD and prints what it seeded', { timeout: PROCESS_TIMEOUT }, async () => {
    const run = await runDbSeed({ DB_TYPE: 'memory', SEED_ADMIN_EMAIL: ADMIN.email, SEED_ADMIN_PASSWORD: ADMIN.password });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ seeded: { productsCreated: DEMO_CATALOG.length, productsExisting: 0, admin: 'created' } });
    expect(run.stdout).not.toContain(ADMIN.password);
  });

  it('says so and seeds the catalog only without them', { timeout: PROCESS_TIMEOUT }, async () => {
    const run = await runDbSeed({ DB_TYPE: 'memory' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD are not set: seeding the catalog only, no administrator.\n');
    expect(JSON.parse(run.stdout).seeded.admin).toBe('not requested');
  });

  it('refuses one without the other: exit 2, one line naming the missing variable', { timeout: PROCESS_TIMEOUT }, async () => {
    const run = await runDbSeed({ DB_TYPE: 'memory', SEED_ADMIN_EMAIL: ADMIN.email });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^SEED_ADMIN_PASSWORD is not set: /);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

/**
 * Two processes on one embedded database (what `npm run db:seed` followed by
 * `npm start` does): the second run adds nothing.
 */
describe('npm run db:seed twice on the embedded store (DB_TYPE=sql)', () => {
  let fixture: Awaited<ReturnType<typeof openPgliteFixture>>;
  beforeAll(async () => {
    fixture = await openPgliteFixture();
    await fixture.store.close();
  });
  afterAll(async () => {
    await fixture?.dispose();
  });

  it('creates the catalog and the ADMIN once; the second run reports everything as existing', { timeout: 120_000 }, async () => {
    const env = { DB_TYPE: 'sql', DATA_DIR: fixture.dataDir, SEED_ADMIN_EMAIL: ADMIN.email, SEED_ADMIN_PASSWORD: ADMIN.password };
    const first = await runDbSeed(env);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ seeded: { productsCreated: DEMO_CATALOG.length, productsExisting: 0, admin: 'created' } });
    const second = await runDbSeed(env);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ seeded: { productsCreated: 0, productsExisting: DEMO_CATALOG.length, admin: 'existing, left unchanged' } });
  });
});
