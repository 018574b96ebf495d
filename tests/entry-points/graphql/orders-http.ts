/**
 * A client of the whole HTTP application for the catalog and orders suites:
 * typed documents POSTed to /graphql, users signed up and logged in over
 * GraphQL, an ADMIN put straight into the store the way the operator CLI makes one.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, expect } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import type { Store } from '../../../src/core/store.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { fastHasher, startTestServer, type TestServer } from '../../support/test-server.js';
import { type AuthJson, CREATE_USER, LOGIN, newUser, PASSWORD, type VariablesThen } from './documents.js';
import { CREATE_PRODUCT, newProduct, PLACE_ORDER, type OrderJson, type ProductJson } from './orders-documents.js';

export interface GraphqlError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; fields?: { field: string; message: string }[]; [key: string]: unknown };
}

export interface Answer<TData = Record<string, any>> {
  status: number;
  body: { data?: TData | null; errors?: GraphqlError[] };
}

/** The code of the single error of an answer. */
export function codeOf(answer: Answer<unknown>): string | undefined {
  expect(answer.body.errors, JSON.stringify(answer.body)).toHaveLength(1);
  return answer.body.errors![0]!.extensions?.code;
}

/** The `fields` names of the single error of an answer. */
export function fieldsOf(answer: Answer<unknown>): string[] {
  expect(answer.body.errors, JSON.stringify(answer.body)).toHaveLength(1);
  return (answer.body.errors![0]!.extensions?.fields ?? []).map(({ field }) => field);
}

export type OrdersApi = ReturnType<typeof createApi>;

function createApi(url: () => string, fixture: () => StoreFixture) {
  async function send<TData>(query: string, variables: Record<string, unknown>, token?: string): Promise<Answer<TData>> {
    const response = await fetch(`${url()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  }

  /** A typed document: tsc checks its variables and the data of the answer against the schema. */
  const post = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...[variables, token]: VariablesThen<TVariables, [token: string]>) =>
    send<TData>(print(document), (variables ?? {}) as Record<string, unknown>, token);

  /** A raw document, for what a typed client could not send (wrong variable types, abuse). */
  const raw = (query: string, variables: Record<string, unknown> = {}, token?: string) => send<Record<string, any>>(query, variables, token);

  let users = 0;
  /** A signed-up, logged-in USER. */
  async function aUser(): Promise<AuthJson> {
    users += 1;
    const input = newUser(`${users}-${process.pid}`);
    const created = await post(CREATE_USER, { input });
    expect(created.body.errors).toBeUndefined();
    return login(input.email);
  }

  async function login(email: string): Promise<AuthJson> {
    const answer = await post(LOGIN, { email, password: PASSWORD });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.login;
  }

  /** The first administrator is made by an operator; here, straight into the store. */
  async function anAdmin(): Promise<AuthJson> {
    users += 1;
    const now = new Date();
    const email = `admin${users}-${process.pid}@example.com`;
    await fixture().store.users.insert({
      id: newId(now),
      email,
      firstName: 'Grace',
      lastName: 'Hopper',
      passwordHash: await fastHasher.hash(PASSWORD),
      role: 'ADMIN',
      createdAt: now,
      updatedAt: now,
      tokenVersion: 0,
    });
    return login(email);
  }

  async function aProduct(admin: AuthJson, overrides: Record<string, unknown> = {}): Promise<ProductJson> {
    const answer = await post(CREATE_PRODUCT, { input: newProduct(overrides) as never }, admin.accessToken);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.createProduct;
  }

  async function anOrder(customer: AuthJson, lines: { productId: string; quantity: number }[], idempotencyKey?: string): Promise<OrderJson> {
    const answer = await post(PLACE_ORDER, { input: { lines, idempotencyKey } }, customer.accessToken);
    expect(answer.body.errors, JSON.stringify(answer.body.errors)).toBeUndefined();
    return answer.body.data!.placeOrder;
  }

  return { url, post, raw, aUser, anAdmin, aProduct, anOrder, store: () => fixture().store };
}

/**
 * Starts the server for the enclosing describe block over the fixture's store
 * (or what `wrap` makes of it, e.g. a counting proxy); closing it leaves the store open.
 */
export function useOrdersApi(fixture: () => StoreFixture, wrap: (store: Store) => Store = (store) => store): OrdersApi {
  let server: TestServer | undefined;
  beforeAll(async () => {
    const opened = fixture();
    server = await startTestServer({ ...opened, store: wrap(opened.store) });
  });
  afterAll(async () => {
    await server?.close();
  });
  return createApi(() => {
    if (!server) throw new Error('server not started');
    return server.url;
  }, fixture);
}
