import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { Store } from '../../../src/core/store.js';
import type { UseCases } from '../../../src/core/use-cases.js';
import { createGraphqlContext, createGraphqlServer, type GraphqlContext } from '../../../src/entry-points/graphql/graphql-server.js';
import { type AuthJson, CREATE_USER, LOGIN, newUser, PASSWORD, type UserJson } from './documents.js';
import { testUseCases } from './support.js';

export interface Result {
  data?: Record<string, any> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface Auth {
  /** Sent as "Bearer <token>". */
  token?: string;
  /** Sent as the Authorization header verbatim. */
  authorization?: string;
}

export interface Harness {
  useCases: UseCases;
  server: ApolloServer<GraphqlContext>;
  logged: { obj: object; msg: string }[];
  run(query: string, variables?: Record<string, unknown>, auth?: Auth): Promise<Result>;
  signUp(n: number | string): Promise<UserJson>;
  signIn(email: string, password?: string): Promise<AuthJson>;
  /** An ADMIN made the way the contract says (the operator CLI), then signed in. */
  anAdmin(): Promise<AuthJson>;
}

/** Apollo's in-process executeOperation over real use cases, with the context the HTTP layer would build. */
export async function createHarness(store: Pick<Store, 'users' | 'refreshTokens'>, useCases = testUseCases(store)): Promise<Harness> {
  const logged: Harness['logged'] = [];
  const server = await createGraphqlServer(useCases, {
    introspection: false,
    sandbox: false,
    logger: { error: (obj, msg) => logged.push({ obj, msg }) },
  });
  const run: Harness['run'] = async (query, variables = {}, auth = {}) => {
    const authorization = auth.authorization ?? (auth.token ? `Bearer ${auth.token}` : undefined);
    const response = await server.executeOperation<Record<string, any>>(
      { query, variables },
      { contextValue: createGraphqlContext(useCases, authorization, { ip: '127.0.0.1' }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };
  const signUp = async (n: number | string) => {
    const result = await run(CREATE_USER, { input: newUser(n) });
    expect(result.errors).toBeUndefined();
    return result.data!.createUser as UserJson;
  };
  const signIn = async (email: string, password = PASSWORD) => {
    const result = await run(LOGIN, { email, password });
    expect(result.errors).toBeUndefined();
    return result.data!.login as AuthJson;
  };
  const anAdmin = async () => {
    const admin = await useCases.createUser.execute({ ...newUser('admin'), role: 'ADMIN' }, OPERATOR);
    return signIn(admin.email);
  };
  return { useCases, server, logged, run, signUp, signIn, anAdmin };
}

/** The single error of a failed operation, with its data null. */
export function onlyError(result: Result): GraphQLFormattedError {
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

export const codeOf = (result: Result): unknown => onlyError(result).extensions?.code;
