import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { PAGE_SIZE } from '../../core/users/list-users.js';
import { documentCostRule, FieldCost } from './document-cost.js';

/**
 * Abusive documents are refused during validation, before any resolver runs
 * (CONTRACT.md). The deepest honest query is
 * orders { edges { node { lines { product { id } } } } }, depth 6, so 8 leaves
 * room. Depth counts fields only: armor would add two levels per fragment
 * spread, refusing that same page written with a client's fragments
 * (`node { ...OrderFields }` spreading `...ProductFields`, depth 10).
 * Introspection is exempt from depth and cost so Apollo Sandbox keeps working.
 * Refusals are GRAPHQL_VALIDATION_FAILED.
 *
 * Cost (document-cost.ts), measured in tests/entry-points/graphql/document-cost.test.ts:
 * the largest honest documents are a page of 100 orders with every field, each
 * order's customer and every line's product, page info and count (4700), and
 * 100 users likewise (1850); two such order pages in one document (9400) or
 * fifteen aliased pages of 100 users (18 750) are refused.
 */
export const DOCUMENT_LIMITS = { depth: 8, aliases: 15, directives: 10, cost: 5000, tokens: 2000 } as const;

/**
 * Object fields that are no fetch of their own (see document-cost.ts): the lines are
 * stored inside their order; customer and products come from per-request DataLoaders
 * (loaders.ts), one store round trip per page whatever its size.
 */
const FIELD_COSTS = {
  'Order.lines': FieldCost.part,
  'Order.customer': FieldCost.batched,
  'OrderLine.product': FieldCost.batched,
  'ProductSales.product': FieldCost.batched,
} as const;

export const DOCUMENT_COST_OPTIONS = { maxCost: DOCUMENT_LIMITS.cost, maxPageSize: PAGE_SIZE.max, fieldCosts: FIELD_COSTS };

// Armor's rules throw by default, which Apollo turns into a 500; reporting makes them ordinary validation errors.
const report = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export const documentLimitRules: ValidationRule[] = [
  maxDepthRule({ n: DOCUMENT_LIMITS.depth, flattenFragments: true, ...report }),
  maxAliasesRule({ n: DOCUMENT_LIMITS.aliases, ...report }),
  maxDirectivesRule({ n: DOCUMENT_LIMITS.directives, ...report }),
  // Not armor's cost-limit: it multiplies by the page size as written (users(first: 1000) was "too
  // costly" instead of BAD_USER_INPUT on first) and by 1 for a variable; see document-cost.ts.
  documentCostRule(DOCUMENT_COST_OPTIONS),
];
