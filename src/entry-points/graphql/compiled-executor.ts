import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  OperationTypeNode,
  type OperationDefinitionNode,
  visit,
  BREAK,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GraphqlContext } from './context.js';

type Gateway = ApolloServerOptionsWithGateway<GraphqlContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/**
 * What a document runs with: its compiled query, or graphql-js's own execute;
 * 'seen once' until it comes a second time. Compiling costs far more than one
 * execution (0.8 ms for user(id), 12 ms for a document of 15 aliased pages at
 * the limits), so a document sent once, such as each of a stream of ever new
 * ones, is never compiled; a client's own documents come again and again.
 */
type Plan = CompiledQuery | 'graphql-js' | 'seen once';

/**
 * Documents remembered at most: a client sending ever new documents pushes
 * the oldest out, never memory up. Apollo's document store (which already
 * parsed and validated them) holds about as many.
 */
export const COMPILED_DOCUMENTS_MAX = 1000;

/** Least recently used out first: a Map iterates in insertion order, and a hit re-inserts. */
class Lru<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }
  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
  values(): IterableIterator<V> {
    return this.entries.values();
  }
}

/** __schema and __type are answered by graphql-js; __typename alone is an ordinary field for the compiler. */
function asksForIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * graphql-jit's errors only look like graphql-js's: no extensions object
 * (Apollo reads extensions.code and throws, which masks every error as an
 * INTERNAL_SERVER_ERROR), locations without nodes. Made again the way
 * graphql-js's locatedError makes them, so formatError sees the same error
 * either way: message, path, locations, the thrown error as originalError
 * (an AppError keeps its code) and its extensions.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const located = new GraphQLError(error.message, {
    path: error.path,
    // graphql-js wraps a null in a non-null field in an Error of its own; graphql-jit has none to hand over.
    originalError: error.originalError ?? (error.path ? new Error(error.message) : undefined),
    extensions: error.extensions,
  });
  // graphql-jit computed the locations from the field nodes, as graphql-js does; it keeps no nodes to pass.
  return Object.assign(located, { locations: error.locations });
}

function planFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Plan {
  // Only queries are compiled. graphql-jit runs a mutation's fields one after another but goes on after a
  // non-null field fails, where graphql-js stops: the rest of the document would change data behind a null
  // answer (and aliased logins would spend every attempt at once). Mutations are not the hot path either.
  // Subscriptions do not travel over HTTP here; graphql-js gives the refusal.
  if (operation.operation !== OperationTypeNode.QUERY || asksForIntrospection(document)) return 'graphql-js';
  const compiled = compileQuery(schema, document, operation.name?.value, {
    // Apollo serializes the response itself, and leaf values go through each scalar's serialize as in graphql-js.
    customJSONSerializer: false,
  });
  return isCompiledQuery(compiled) ? compiled : 'graphql-js';
}

/**
 * Apollo Server's executor hook (its `gateway` option) with graphql-jit behind
 * it. Apollo still parses, validates (every rule, the document limits, the
 * introspection switch), runs the plugins and formats every error; only the
 * execution of an already valid query changes hands. Variables are
 * coerced by graphql-js first, so their errors are exactly graphql-js's (Apollo
 * tags them BAD_USER_INPUT, redact-input-values.ts takes them apart);
 * mutations, introspection and anything graphql-jit declines run on
 * graphql-js's execute (see planFor).
 */
export function compiledExecutor(schema: GraphQLSchema, max = COMPILED_DOCUMENTS_MAX): Gateway & { readonly compiledDocuments: () => number } {
  const plans = new Lru<Plan>(max);
  const executor: Executor = async ({ document, operation, queryHash, request, context }) => {
    const variableValues = request.variables ?? {};
    const operationName = request.operationName;
    // No operation resolved (an unknown operationName): graphql-js's execute gives the error Apollo expects.
    if (!operation) return execute({ schema, document, contextValue: context, variableValues, operationName });
    const key = `${queryHash}:${operation.name?.value ?? ''}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      plans.set(key, 'seen once');
    } else if (plan === 'seen once') {
      plan = planFor(schema, document, operation);
      plans.set(key, plan);
    }
    if (plan === undefined || plan === 'seen once' || plan === 'graphql-js') return execute({ schema, document, contextValue: context, variableValues, operationName });
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues, { maxErrors: 50 });
    if (coerced.errors) return { errors: coerced.errors };
    const result = (await plan.query(undefined, context, variableValues)) as ExecutionResult<Record<string, unknown>>;
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };
  return {
    // One schema for the server's life: Apollo hears of it once, there is no update to unsubscribe from.
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
    compiledDocuments: () => [...plans.values()].filter((plan) => typeof plan === 'object').length,
  };
}
