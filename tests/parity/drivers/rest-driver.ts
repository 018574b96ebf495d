import {
  ABSENT,
  type AuthData,
  type Caller,
  type DeletedData,
  type Driver,
  type LoggedOutData,
  type OrderData,
  type OrderPageData,
  type Outcome,
  type PageData,
  type ProductData,
  type ProductPageData,
  type SalesRowData,
  type UserData,
} from './driver.js';

/** CONTRACT.md, "Error codes": written out here, not imported, so the product's own table is under test. */
const CONTRACT_STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  OUT_OF_STOCK: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

interface Answer {
  status: number;
  body: any;
}

/**
 * A success must come with the contract's status and a body of exactly the
 * expected keys; a failure keeps error.code, tagged with the HTTP status when
 * the two disagree, so a 200 carrying an error or a 500 saying NOT_FOUND
 * cannot pass for the right outcome. A body that is not {"error": {code, ...}}
 * at all is an outcome too, so the table can name it.
 */
function outcomeOf<T>(answer: Answer, success: number | number[], data: (body: any) => T): Outcome<T> {
  if ([success].flat().includes(answer.status)) return { ok: true, data: data(answer.body) };
  const error = answer.body?.error;
  if (typeof error?.code !== 'string') return { ok: false, code: `HTTP ${answer.status} without the contract's error body` };
  const code = CONTRACT_STATUS[error.code] === answer.status ? error.code : `${error.code} (HTTP ${answer.status})`;
  const fields = (error.fields ?? []).map((field: { field: string }) => field.field);
  return { ok: false, code, ...(fields.length > 0 && { fields }) };
}

/** The one value of a body that must hold exactly `key`, e.g. {"user": {...}}. */
function only<T>(body: any, key: string): T {
  const keys = Object.keys(body ?? {});
  if (keys.length !== 1 || keys[0] !== key) throw new Error(`expected a body of exactly {"${key}"}, got keys ${JSON.stringify(keys)}`);
  return body[key];
}

/**
 * The REST API under /api over real HTTP. One driver per run of a scenario: it
 * keeps the tokens of the callers it signed in, which belong to that run's world.
 */
export function restDriver(url: () => string): Driver {
  async function request(
    method: string,
    path: string,
    options: { json?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url()}/api${path}`, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  }

  const login = async (email: string, password: string): Promise<Outcome<AuthData>> =>
    outcomeOf(await request('POST', '/auth/login', { json: { email, password } }), 200, (body) => body);

  /** Signed-in callers of this run: one login each. */
  const tokens = new Map<string, string>();

  /** The access token of the caller, from a login over REST; undefined for an anonymous caller. */
  async function tokenOf(as: Caller): Promise<string | undefined> {
    if (as.kind === 'anonymous') return undefined;
    const known = tokens.get(as.email);
    if (known) return known;
    const outcome = await login(as.email, as.password);
    if (!('ok' in outcome) || !outcome.ok) throw new Error(`could not sign ${as.email} in over REST: ${JSON.stringify(outcome)}`);
    tokens.set(as.email, outcome.data.accessToken);
    return outcome.data.accessToken;
  }

  const userPath = (id: string) => `/users/${encodeURIComponent(id)}`;
  const productPath = (id: string) => `/products/${encodeURIComponent(id)}`;
  const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;

  /** A query string of the values given (undefined left out). */
  function withQuery(path: string, values: Record<string, string | number | boolean | undefined>): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(values)) if (value !== undefined) query.set(name, String(value));
    return query.size > 0 ? `${path}?${query}` : path;
  }

  /** GET of one record: 404 NOT_FOUND is absence, as GraphQL's null. */
  async function getOne<T>(path: string, key: string, as: Caller): Promise<Outcome<T>> {
    const answer = await request('GET', path, { token: await tokenOf(as) });
    if (answer.status === 404 && answer.body?.error?.code === 'NOT_FOUND') return ABSENT;
    return outcomeOf(answer, 200, (body) => only<T>(body, key));
  }

  return {
    name: 'rest',
    signUp: async (input) => outcomeOf(await request('POST', '/users', { json: input }), 201, (body) => only<UserData>(body, 'user')),
    login,
    async getUser(id, as) {
      const answer = await request('GET', userPath(id), { token: await tokenOf(as) });
      if (answer.status === 404 && answer.body?.error?.code === 'NOT_FOUND') return ABSENT;
      return outcomeOf(answer, 200, (body) => only<UserData>(body, 'user'));
    },
    async listUsers({ first, after }, as) {
      const query = new URLSearchParams();
      if (first !== undefined) query.set('first', String(first));
      if (after !== undefined) query.set('after', after);
      const path = query.size > 0 ? `/users?${query}` : '/users';
      return outcomeOf(await request('GET', path, { token: await tokenOf(as) }), 200, (body) => body as PageData);
    },
    updateUser: async (id, changes, as) =>
      outcomeOf(await request('PATCH', userPath(id), { json: changes, token: await tokenOf(as) }), 200, (body) => only<UserData>(body, 'user')),
    async deleteUser(id, as) {
      const answer = await request('DELETE', userPath(id), { token: await tokenOf(as) });
      // 204 has no body: what was deleted is the id in the path.
      return outcomeOf<DeletedData>(answer, 204, (body) => {
        if (body !== undefined) throw new Error(`expected 204 with no body, got ${JSON.stringify(body)}`);
        return { deleted: id };
      });
    },
    async logoutAll(id, as) {
      const answer = await request('POST', '/auth/logout-all', { token: await tokenOf(as) });
      return outcomeOf<LoggedOutData>(answer, 204, (body) => {
        if (body !== undefined) throw new Error(`expected 204 with no body, got ${JSON.stringify(body)}`);
        return { loggedOut: id };
      });
    },

    createProduct: async (input, as) =>
      outcomeOf(await request('POST', '/products', { json: input, token: await tokenOf(as) }), 201, (body) => only<ProductData>(body, 'product')),
    listProducts: async (query, as) =>
      outcomeOf(await request('GET', withQuery('/products', query), { token: await tokenOf(as) }), 200, (body) => body as ProductPageData),
    getProduct: (id, as) => getOne<ProductData>(productPath(id), 'product', as),
    updateProduct: async (id, changes, as) =>
      outcomeOf(await request('PATCH', productPath(id), { json: changes, token: await tokenOf(as) }), 200, (body) => only<ProductData>(body, 'product')),
    restockProduct: async (id, quantity, as) =>
      outcomeOf(
        await request('POST', `${productPath(id)}/restock`, { json: { quantity }, token: await tokenOf(as) }),
        200,
        (body) => only<ProductData>(body, 'product'),
      ),
    async placeOrder({ lines, idempotencyKey }, as) {
      const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
      const answer = await request('POST', '/orders', { json: { lines }, token: await tokenOf(as), headers });
      return outcomeOf(answer, [201, 200], (body) => only<OrderData>(body, 'order'));
    },
    getOrder: (id, as) => getOne<OrderData>(orderPath(id), 'order', as),
    listOrders: async (query, as) =>
      outcomeOf(await request('GET', withQuery('/orders', query), { token: await tokenOf(as) }), 200, (body) => body as OrderPageData),
    cancelOrder: async (id, as) =>
      outcomeOf(await request('POST', `${orderPath(id)}/cancel`, { token: await tokenOf(as) }), 200, (body) => only<OrderData>(body, 'order')),
    setOrderStatus: async (id, status, as) =>
      outcomeOf(await request('PATCH', orderPath(id), { json: { status }, token: await tokenOf(as) }), 200, (body) => only<OrderData>(body, 'order')),
    salesReport: async (range, as) =>
      outcomeOf(await request('GET', withQuery('/reports/sales', range), { token: await tokenOf(as) }), 200, (body) => only<SalesRowData[]>(body, 'sales')),
  };
}
