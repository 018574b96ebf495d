import type { Store } from '../../../src/core/store.js';
import { wireUseCases } from '../../../src/config/use-cases.js';
import { runCli } from '../../../src/entry-points/cli/run-cli.js';
import { fastHasher } from '../../support/test-server.js';
import { ABSENT, type Caller, type Driver, NotApplicableError, type Outcome, type UserChanges } from './driver.js';

/** Option name per field, as `users update` spells them. */
const FLAGS: Record<keyof UserChanges, string> = { email: '--email', firstName: '--first-name', lastName: '--last-name', password: '--password' };

/** `--name=value`, so a value that starts with "-" is never read as an option. */
const flags = (values: Partial<Record<keyof UserChanges, string>>): string[] =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => `${FLAGS[field as keyof UserChanges]}=${value}`);

/** `--flag=value` for each value given, in kebab-case as the contract names the flags. */
const options = (values: Record<string, string | number | boolean | undefined>): string[] =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([flag, value]) => `--${flag}=${String(value)}`);

/**
 * The CLI's command logic in-process (runCli, as src/config/cli.ts runs it),
 * with the use cases wired by the same wireUseCases over the fixture's store.
 * The session's close leaves the store open: the fixture owns it.
 */
export function cliDriver(store: () => Store): Driver {
  async function cli(argv: string[]): Promise<Outcome<any>> {
    let stdout = '';
    let stderr = '';
    const status = await runCli(
      argv,
      { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
      async () => ({
        useCases: wireUseCases(
          { jwtSecret: 'parity-cli-secret-of-at-least-32-bytes', accessTokenTtl: 900, refreshTokenTtl: 3600 },
          store(),
          { hasher: fastHasher },
        ),
        close: async () => {},
      }),
    );
    if (status === 0 && stderr === '') return { ok: true, data: JSON.parse(stdout) };
    if (status === 1 && stdout === '') {
      const { error } = JSON.parse(stderr) as { error: { code: string; fields?: { field: string }[] } };
      const fields = (error.fields ?? []).map((field) => field.field);
      return { ok: false, code: error.code, ...(fields.length > 0 && { fields }) };
    }
    // Exit 2 is a usage mistake: the driver built a wrong command line, not an outcome to compare.
    throw new Error(`${argv.join(' ')} exited ${status}\nstdout: ${stdout}\nstderr: ${stderr}`);
  }

  /** The operator has every right, so it stands in for an administrator or any signed-in caller, never for one USER or nobody. */
  function asOperator(as: Caller, what: string): void {
    if (as.kind === 'user' || as.kind === 'anonymous') {
      throw new NotApplicableError(`the CLI cannot ${what} as ${as.kind === 'user' ? `the USER ${as.email}` : 'an anonymous caller'}: it is always the operator`);
    }
  }

  /** Unwraps {"key": value}, refusing any other key beside it. */
  const only = (key: string) => (outcome: Outcome<any>) => {
    if (!('ok' in outcome) || !outcome.ok) return outcome;
    const keys = Object.keys(outcome.data);
    if (keys.length !== 1 || keys[0] !== key) throw new Error(`expected {"${key}"} on stdout, got keys ${JSON.stringify(keys)}`);
    return { ok: true as const, data: outcome.data[key] };
  };

  return {
    name: 'cli',
    signUp: async ({ email, firstName, lastName, password }) =>
      only('user')(await cli(['users', 'create', ...flags({ email, firstName, lastName, password })])),
    login: async () => {
      throw new NotApplicableError('the CLI has no login: the operator needs no token');
    },
    async getUser(id, as) {
      asOperator(as, 'read a user');
      const outcome = await cli(['users', 'get', id]);
      return !('ok' in outcome) || outcome.ok || outcome.code !== 'NOT_FOUND' ? only('user')(outcome) : ABSENT;
    },
    async listUsers({ first, after }, as) {
      asOperator(as, 'list users');
      return cli(['users', 'list', ...(first === undefined ? [] : [`--first=${first}`]), ...(after === undefined ? [] : [`--after=${after}`])]);
    },
    async updateUser(id, changes, as) {
      asOperator(as, 'update a user');
      return only('user')(await cli(['users', 'update', id, ...flags(changes)]));
    },
    async deleteUser(id, as) {
      asOperator(as, 'delete a user');
      return cli(['users', 'delete', id]);
    },
    async logoutAll(id, as) {
      asOperator(as, 'end the sessions of a user');
      return cli(['users', 'logout-all', id]);
    },

    // Products are public: what anyone reads, the operator reads too, so any caller may be stood in for.
    async createProduct({ sku, name, description, priceCents, stock }, as) {
      asOperator(as, 'create a product');
      return only('product')(await cli(['products', 'create', ...options({ sku, name, description, 'price-cents': priceCents, stock })]));
    },
    listProducts: async ({ first, after, search, includeArchived }, _as) =>
      cli(['products', 'list', ...options({ first, after, search, 'include-archived': includeArchived })]),
    async getProduct(id, _as) {
      const outcome = await cli(['products', 'get', id]);
      return !('ok' in outcome) || outcome.ok || outcome.code !== 'NOT_FOUND' ? only('product')(outcome) : ABSENT;
    },
    async updateProduct(id, { sku, name, description, priceCents, archived }, as) {
      asOperator(as, 'update a product');
      return only('product')(await cli(['products', 'update', id, ...options({ sku, name, description, 'price-cents': priceCents, archived })]));
    },
    async restockProduct(id, quantity, as) {
      asOperator(as, 'restock a product');
      return only('product')(await cli(['products', 'restock', id, ...options({ quantity })]));
    },
    placeOrder: async () => {
      throw new NotApplicableError('the CLI places no orders: an order is a customer\'s, and the operator is no customer');
    },
    async getOrder(id, as) {
      asOperator(as, 'read an order');
      const outcome = await cli(['orders', 'get', id]);
      return !('ok' in outcome) || outcome.ok || outcome.code !== 'NOT_FOUND' ? only('order')(outcome) : ABSENT;
    },
    async listOrders({ first, after, status, customerId }, as) {
      asOperator(as, 'list orders');
      return cli(['orders', 'list', ...options({ first, after, status, 'customer-id': customerId })]);
    },
    async cancelOrder(id, as) {
      asOperator(as, 'cancel an order');
      return only('order')(await cli(['orders', 'cancel', id]));
    },
    async setOrderStatus(id, status, as) {
      asOperator(as, 'change the status of an order');
      return only('order')(await cli(['orders', 'set-status', id, ...options({ status })]));
    },
    async salesReport({ from, to }, as) {
      asOperator(as, 'read the sales report');
      return only('sales')(await cli(['reports', 'sales', ...options({ from, to })]));
    },
  };
}
