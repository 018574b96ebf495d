import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { UseCases } from '../../core/use-cases.js';
import { AuthResolver } from './auth/auth-resolver.js';
import { ProductResolver } from './catalog/product-resolver.js';
import { OrderLineResolver } from './orders/order-line-resolver.js';
import { OrderResolver } from './orders/order-resolver.js';
import { SalesReportResolver } from './orders/sales-report-resolver.js';
import { SalesExportResolver } from './reports/sales-export-resolver.js';
import { UserResolver } from './users/user-resolver.js';

const RESOLVERS = [UserResolver, AuthResolver, ProductResolver, OrderResolver, OrderLineResolver, SalesReportResolver, SalesExportResolver] as const;

/**
 * Resolver instances are made here, from the use cases, and handed to
 * type-graphql through its `container` option: a lookup by class is all the
 * dependency injection this needs.
 */
export async function buildGraphqlSchema(useCases: UseCases): Promise<GraphQLSchema> {
  const instances = new Map<unknown, object>(RESOLVERS.map((Resolver) => [Resolver, new Resolver(useCases)]));
  return buildSchema({
    resolvers: RESOLVERS,
    container: {
      get(someClass: unknown) {
        const instance = instances.get(someClass);
        if (!instance) throw new Error(`No resolver instance for ${String(someClass)}`);
        return instance;
      },
    },
    // Validation is the core's job; a second set of rules here would drift from it.
    validate: false,
    emitSchemaFile: false,
  });
}

/**
 * The SDL the server serves, sorted so that diffs against the contract stay
 * readable. Printing never runs a resolver, so a script may call it without use cases.
 */
export async function printGraphqlSchema(useCases: UseCases = {} as UseCases): Promise<string> {
  return printSchema(lexicographicSortSchema(await buildGraphqlSchema(useCases)));
}
