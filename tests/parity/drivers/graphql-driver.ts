import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { CREATE_USER, DELETE_USER, LOGIN, LOGOUT_ALL, UPDATE_USER, USER_BY_ID, type VariablesThen } from '../../entry-points/graphql/documents.js';
import {
  PARITY_CANCEL_ORDER,
  PARITY_CREATE_PRODUCT,
  PARITY_ORDER,
  PARITY_ORDERS_PAGE,
  PARITY_PLACE_ORDER,
  PARITY_PRODUCT,
  PARITY_PRODUCTS_PAGE,
  PARITY_RESTOCK_PRODUCT,
  PARITY_SALES_REPORT,
  PARITY_SET_ORDER_STATUS,
  PARITY_UPDATE_PRODUCT,
  PARITY_USERS_PAGE,
} from '../../entry-points/graphql/parity-documents.js';
import type { OrderStatus } from '../../support/graphql/generated/graphql.js';
import { ABSENT, type Caller, type Driver, type Failed, type Outcome } from './driver.js';

interface GraphqlBody<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: unknown; fields?: { field: string }[] } }[];
}

/** extensions.code of every error (joined, so two errors never pass for one); field names when there are any. */
function failed(errors: NonNullable<GraphqlBody<unknown>['errors']>): Failed {
  const code = errors.map((error) => String(error.extensions?.code)).join(',');
  const fields = errors.flatMap((error) => error.extensions?.fields ?? []).map((field) => field.field);
  return { ok: false, code, ...(fields.length > 0 && { fields }) };
}

/**
 * GraphQL over real HTTP (POST /graphql), with the typed documents codegen
 * checks against the schema. One driver per run of a scenario: it keeps the
 * tokens of the callers it signed in, which belong to that run's world.
 */
export function graphqlDriver(url: () => string): Driver {
  async function post<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...[variables, token]: VariablesThen<TVariables, [token: string]>
  ): Promise<Outcome<TData>> {
    const response = await fetch(`${url()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
    });
    const body = (await response.json()) as GraphqlBody<TData>;
    if (body.errors && body.errors.length > 0) return failed(body.errors);
    if (!body.data) throw new Error(`GraphQL answered ${response.status} with neither data nor errors`);
    return { ok: true, data: body.data };
  }

  /** Signed-in callers of this run: one login each. */
  const tokens = new Map<string, string>();

  /** The access token of the caller, from a login over GraphQL; undefined for an anonymous caller. */
  async function tokenOf(as: Caller): Promise<string | undefined> {
    if (as.kind === 'anonymous') return undefined;
    const known = tokens.get(as.email);
    if (known) return known;
    const outcome = await post(LOGIN, { email: as.email, password: as.password });
    if (!('ok' in outcome) || !outcome.ok) throw new Error(`could not sign ${as.email} in over GraphQL: ${JSON.stringify(outcome)}`);
    tokens.set(as.email, outcome.data.login.accessToken);
    return outcome.data.login.accessToken;
  }

  /** Keeps failures and absence, reshapes data. */
  const map = <A, B>(outcome: Outcome<A>, shape: (data: A) => B): Outcome<B> =>
    'ok' in outcome && outcome.ok ? { ok: true, data: shape(outcome.data) } : (outcome as Outcome<B>);

  return {
    name: 'graphql',
    signUp: async (input) => map(await post(CREATE_USER, { input }), (data) => data.createUser),
    login: async (email, password) => map(await post(LOGIN, { email, password }), (data) => data.login),
    async getUser(id, as) {
      const outcome = await post(USER_BY_ID, { id }, await tokenOf(as));
      if ('ok' in outcome && outcome.ok && outcome.data.user === null) return ABSENT;
      return map(outcome, (data) => data.user!);
    },
    listUsers: async (page, as) =>
      map(await post(PARITY_USERS_PAGE, page, await tokenOf(as)), ({ users }) => ({
        users: users.edges.map((edge) => edge.node),
        pageInfo: users.pageInfo,
        totalCount: users.totalCount,
      })),
    updateUser: async (id, changes, as) =>
      map(await post(UPDATE_USER, { id, input: changes }, await tokenOf(as)), (data) => data.updateUser),
    deleteUser: async (id, as) => map(await post(DELETE_USER, { id }, await tokenOf(as)), (data) => ({ deleted: data.deleteUser })),
    async logoutAll(id, as) {
      const outcome = await post(LOGOUT_ALL, {}, await tokenOf(as));
      if ('ok' in outcome && outcome.ok && outcome.data.logoutAll !== true) throw new Error(`logoutAll answered ${JSON.stringify(outcome.data)}`);
      return map(outcome, () => ({ loggedOut: id }));
    },

    createProduct: async (input, as) => map(await post(PARITY_CREATE_PRODUCT, { input }, await tokenOf(as)), (data) => data.createProduct),
    listProducts: async (query, as) =>
      map(await post(PARITY_PRODUCTS_PAGE, query, await tokenOf(as)), ({ products }) => ({
        products: products.edges.map((edge) => edge.node),
        pageInfo: products.pageInfo,
        totalCount: products.totalCount,
      })),
    async getProduct(id, as) {
      const outcome = await post(PARITY_PRODUCT, { id }, await tokenOf(as));
      if ('ok' in outcome && outcome.ok && outcome.data.product === null) return ABSENT;
      return map(outcome, (data) => data.product!);
    },
    updateProduct: async (id, input, as) => map(await post(PARITY_UPDATE_PRODUCT, { id, input }, await tokenOf(as)), (data) => data.updateProduct),
    restockProduct: async (id, quantity, as) =>
      map(await post(PARITY_RESTOCK_PRODUCT, { id, quantity }, await tokenOf(as)), (data) => data.restockProduct),
    placeOrder: async (input, as) => map(await post(PARITY_PLACE_ORDER, { input }, await tokenOf(as)), (data) => data.placeOrder),
    async getOrder(id, as) {
      const outcome = await post(PARITY_ORDER, { id }, await tokenOf(as));
      if ('ok' in outcome && outcome.ok && outcome.data.order === null) return ABSENT;
      return map(outcome, (data) => data.order!);
    },
    listOrders: async ({ status, ...query }, as) =>
      map(await post(PARITY_ORDERS_PAGE, { ...query, status: status as OrderStatus | undefined }, await tokenOf(as)), ({ orders }) => ({
        orders: orders.edges.map((edge) => edge.node),
        pageInfo: orders.pageInfo,
        totalCount: orders.totalCount,
      })),
    cancelOrder: async (id, as) => map(await post(PARITY_CANCEL_ORDER, { id }, await tokenOf(as)), (data) => data.cancelOrder),
    setOrderStatus: async (id, status, as) =>
      map(await post(PARITY_SET_ORDER_STATUS, { id, status: status as OrderStatus }, await tokenOf(as)), (data) => data.setOrderStatus),
    salesReport: async (range, as) => map(await post(PARITY_SALES_REPORT, range, await tokenOf(as)), (data) => data.salesReport),
  };
}
