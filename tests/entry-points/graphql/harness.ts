import type { CoreDeps } from '../../../src/core/use-cases.js';
import type { ApolloServer } from '@apollo/server';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { GraphQLFormattedError } from 'graphql';
import { expect } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { UseCases } from '../../../src/core/use-cases.js';
import { createGraphqlContext, createGraphqlServer, type GraphqlContext } from '../../../src/entry-points/graphql/graphql-server.js';
import { type AuthJson, CREATE_USER, LOGIN, newUser, PASSWORD, type UserJson, type VariablesThen } from './documents.js';
import { testUseCases } from './support.js';

export interface Result<TData = Record<string, any>> {
  data?: TData | null;
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
  /** A raw document, for what a typed client could not send (syntax errors, unknown fields, abuse). */
  run(query: string, variables?: Record<string, unknown>, auth?: Auth): Promise<Result>;
  /** A typed document (documents.ts): tsc checks its variables and result against the schema. */
  run<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...args: VariablesThen<TVariables, [auth: Auth]>): Promise<Result<TData>>;
  signUp(n: number | string): Promise<UserJson>;
  signIn(email: string, password?: string): Promise<AuthJson>;
  /** An ADMIN made the way the contract says (the operator CLI), then signed in. */
  anAdmin(): Promise<AuthJson>;
}

/** Apollo's in-process executeOperation over real use cases, with the context the HTTP layer would build. */
export async function createHarness(store: CoreDeps['store'], useCases = testUseCases(store)): Promise<Harness> {
  const logged: Harness['logged'] = [];
  const server = await createGraphqlServer(useCases, {
    introspection: false,
    sandbox: false,
    logger: { error: (obj, msg) => logged.push({ obj, msg }) },
  });
  // The overloads check callers; executeOperation takes a query string or a parsed document alike.
  const run = (async (document: TypedDocumentNode<unknown, never> | string, variables: Record<string, unknown> = {}, auth: Auth = {}) => {
    const authorization = auth.authorization ?? (auth.token ? `Bearer ${auth.token}` : undefined);
    const response = await server.executeOperation<Record<string, any>>(
      { query: document, variables },
      { contextValue: createGraphqlContext(useCases, authorization, { ip: '127.0.0.1' }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }) as Harness['run'];
  const signUp = async (n: number | string) => {
    const result = await run(CREATE_USER, { input: newUser(n) });
    expect(result.errors).toBeUndefined();
    return result.data!.createUser;
  };
  const signIn = async (email: string, password = PASSWORD) => {
    const result = await run(LOGIN, { email, password });
    expect(result.errors).toBeUndefined();
    return result.data!.login;
  };
  const anAdmin = async () => {
    const admin = await useCases.createUser.execute({ ...newUser('admin'), role: 'ADMIN' }, OPERATOR);
    return signIn(admin.email);
  };
  return { useCases, server, logged, run, signUp, signIn, anAdmin };
}

/** The single error of a failed operation, with its data null. */
export function onlyError(result: Result<unknown>): GraphQLFormattedError {
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

export const codeOf = (result: Result<unknown>): unknown => onlyError(result).extensions?.code;
