/**
 * The compiled executor (graphql-jit behind Apollo's gateway hook) answers
 * exactly as graphql-js's execute would: same data, same errors once formatted
 * (codes, messages, paths, locations), null propagation included, with a
 * bounded cache of compiled documents.
 */
import {
  type ExecutionResult,
  execute,
  type GraphQLError,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  getOperationAST,
  parse,
  print,
} from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/shared/errors.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { compiledExecutor } from '../../../src/entry-points/graphql/compiled-executor.js';
import { createGraphqlContext } from '../../../src/entry-points/graphql/context.js';
import { DateTimeScalar } from '../../../src/entry-points/graphql/date-time-scalar.js';
import { formatGraphqlError } from '../../../src/entry-points/graphql/graphql-errors.js';
import { buildGraphqlSchema } from '../../../src/entry-points/graphql/graphql-schema.js';
import { createHarness } from './harness.js';
import { ME, USER_BY_ID, USERS } from './documents.js';

/** What Apollo hands formatError: it reads extensions.code first (a graphql-jit error has no extensions object). */
function formatted(error: GraphQLError) {
  const extensions = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
  return formatGraphqlError({ ...error.toJSON(), extensions }, error);
}

const shape = (result: ExecutionResult) => ({ data: result.data, errors: result.errors?.map(formatted) });

async function bothWays(schema: GraphQLSchema, executor: ReturnType<typeof compiledExecutor>, query: string, variables: Record<string, unknown>, context: object) {
  const document = parse(query);
  const { executor: run } = await executor.load({ apollo: {} });
  const request = { document, operation: getOperationAST(document), queryHash: query, request: { query, variables }, context };
  // The first sighting runs on graphql-js, the second on the compiled query: both must match graphql-js.
  const first = await run!(request as never);
  const compiled = await run!(request as never);
  const reference = await execute({ schema, document, variableValues: variables, contextValue: context });
  expect(shape(first)).toEqual(shape(reference));
  return { compiled: shape(compiled), reference: shape(reference), raw: compiled };
}

const Wrapper = new GraphQLObjectType({
  name: 'Wrapper',
  fields: { must: { type: new GraphQLNonNull(GraphQLString), resolve: () => null }, other: { type: GraphQLString, resolve: () => 'x' } },
});

/** A schema made to fail every way a resolver can: a core error, a bug, a null where a value is required. */
const failing = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      notFound: { type: GraphQLString, resolve: async () => Promise.reject(new NotFoundError('User not found')) },
      bug: { type: GraphQLString, resolve: () => { throw new TypeError('x is undefined'); } },
      nullable: { type: Wrapper, resolve: () => ({}) },
      required: { type: new GraphQLNonNull(Wrapper), resolve: () => ({}) },
      list: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)), resolve: () => ['a', null, 'c'] },
      when: { type: DateTimeScalar, resolve: () => new Date(Date.UTC(2026, 10, 22, 10)) },
      badDate: { type: DateTimeScalar, resolve: () => 'yesterday' },
    },
  }),
});

describe('the compiled executor against graphql-js', () => {
  const executor = compiledExecutor(failing);

  it.each([
    ['a core error keeps its code, message, path and locations', '{ notFound other: notFound }'],
    ['an unexpected error is masked the same way', '{ bug }'],
    ['a null in a non-null field nulls its nearest nullable parent', '{ nullable { must other } }'],
    ['a null in a non-null root field nulls data', '{ required { must } when }'],
    ['a null in a list of non-null nulls the list', '{ list when }'],
    ['the DateTime scalar serializes, and fails, through its own serialize', '{ when badDate }'],
  ])('%s', async (_, query) => {
    const { compiled, reference } = await bothWays(failing, executor, query, {}, {});
    expect(executor.compiledDocuments()).toBeGreaterThan(0);
    expect(reference.errors?.length).toBeGreaterThan(0);
    expect(compiled).toEqual(reference);
  });

  it('keeps the thrown error as originalError, so the log gets the error itself', async () => {
    const document = parse('{ notFound bug }');
    const { raw } = await bothWays(failing, executor, '{ notFound bug }', {}, {});
    const reference = await execute({ schema: failing, document });
    const thrown = (result: ExecutionResult) => result.errors!.map((error) => error.originalError?.constructor);
    expect(thrown(raw)).toEqual(thrown(reference));
    expect(new Set(thrown(raw))).toEqual(new Set([NotFoundError, TypeError]));
  });
});

describe('mutations', () => {
  let ran: string[] = [];
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: {
        step: {
          type: new GraphQLNonNull(GraphQLString),
          args: { n: { type: GraphQLString } },
          resolve: async (_, { n }: { n: string }) => {
            ran.push(n);
            throw new NotFoundError('fails');
          },
        },
      },
    }),
  });
  const document = 'mutation { a: step(n: "a") b: step(n: "b") c: step(n: "c") }';

  it('stop at the first failed non-null field, as in graphql-js: they are not compiled', async () => {
    ran = [];
    const executor = compiledExecutor(schema);
    const { compiled, reference } = await bothWays(schema, executor, document, {}, {});
    expect(compiled).toEqual(reference);
    expect(ran).toEqual(['a', 'a', 'a']);
    expect(executor.compiledDocuments()).toBe(0);
  });

  it('would not stop in graphql-jit, which is why (if this fails, graphql-jit now stops too)', async () => {
    ran = [];
    const jit = compileQuery(schema, parse(document));
    if (!isCompiledQuery(jit)) throw new Error('did not compile');
    await jit.query(undefined, {}, {});
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

describe('the compiled executor on the product schema', () => {
  const store = createMemoryStore();
  let schema: GraphQLSchema;
  let token: string;
  let userId: string;
  let context: () => object;
  let harness: Awaited<ReturnType<typeof createHarness>>;

  beforeAll(async () => {
    harness = await createHarness(store);
    schema = await buildGraphqlSchema(harness.useCases);
    const user = await harness.signUp(1);
    for (const n of [2, 3]) await harness.signUp(n);
    userId = user.id;
    token = (await harness.signIn(user.email)).accessToken;
    context = () => createGraphqlContext(harness.useCases, `Bearer ${token}`);
  });

  it.each([
    ['user(id)', () => [print(USER_BY_ID), { id: userId }]],
    ['user(id) for an unknown id', () => [print(USER_BY_ID), { id: 'nope' }]],
    ['users(first)', () => [print(USERS), { first: 2 }]],
    ['users(first) out of range', () => [print(USERS), { first: 1000 }]],
    ['me', () => [print(ME), {}]],
    ['introspection', () => ['{ __schema { queryType { name } } __type(name: "User") { fields { name } } }', {}]],
  ] satisfies [string, () => [string, Record<string, unknown>]][])('answers %s as graphql-js does', async (_, args) => {
    const [query, variables] = args();
    const { compiled, reference } = await bothWays(schema, compiledExecutor(schema), query, variables, context());
    expect(compiled).toEqual(reference);
  });

  it('answers a variable of the wrong type with graphql-js own error, which Apollo makes BAD_USER_INPUT', async () => {
    const { raw } = await bothWays(schema, compiledExecutor(schema), print(USERS), { first: 'ten' }, context());
    expect(raw.data).toBeUndefined();
    expect(raw.errors!.map((error) => error.message)).toEqual(['Variable "$first" got invalid value "ten"; Int cannot represent non-integer value: "ten"']);
    expect(raw.errors![0]!.nodes?.[0]?.kind).toBe('VariableDefinition');
  });

  it('keeps at most its bound of compiled documents, and answers an evicted one again', async () => {
    const executor = compiledExecutor(schema, 2);
    const queries = ['{ me { id } }', '{ me { email } }', '{ me { role } }'];
    for (const query of queries) await bothWays(schema, executor, query, {}, context());
    expect(executor.compiledDocuments()).toBe(2);
    const again = await bothWays(schema, executor, queries[0]!, {}, context());
    expect(again.compiled.data).toEqual({ me: { id: userId } });
    expect(executor.compiledDocuments()).toBe(2);
  });

  it('compiles a document the second time it comes, not the first', async () => {
    const executor = compiledExecutor(schema);
    const document = parse(print(ME));
    const { executor: run } = await executor.load({ apollo: {} });
    const request = { document, operation: getOperationAST(document), queryHash: 'me', request: {}, context: context() };
    await run!(request as never);
    expect(executor.compiledDocuments()).toBe(0);
    await run!(request as never);
    expect(executor.compiledDocuments()).toBe(1);
  });

  it('compiles a document once, whatever the number of requests', async () => {
    const executor = compiledExecutor(schema);
    for (let i = 0; i < 5; i++) await bothWays(schema, executor, print(ME), {}, context());
    expect(executor.compiledDocuments()).toBe(1);
  });
});
