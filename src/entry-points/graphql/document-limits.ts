import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { PAGE_SIZE } from '../../core/users/list-users.js';
import { documentCostRule } from './document-cost.js';

/**
 * Abusive documents are refused during validation, before any resolver runs
 * (CONTRACT.md). The deepest honest query is users { edges { node { id } } },
 * depth 4, so 8 leaves room; introspection is exempt from depth and cost so
 * Apollo Sandbox keeps working. Refusals are GRAPHQL_VALIDATION_FAILED.
 */
export const DOCUMENT_LIMITS = { depth: 8, aliases: 15, directives: 10, cost: 5000, tokens: 2000 } as const;

// Armor's rules throw by default, which Apollo turns into a 500; reporting makes them ordinary validation errors.
const report = {
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export const documentLimitRules: ValidationRule[] = [
  maxDepthRule({ n: DOCUMENT_LIMITS.depth, ...report }),
  maxAliasesRule({ n: DOCUMENT_LIMITS.aliases, ...report }),
  maxDirectivesRule({ n: DOCUMENT_LIMITS.directives, ...report }),
  // Not armor's cost-limit: it multiplies by the page size as written (users(first: 1000) was "too
  // costly" instead of BAD_USER_INPUT on first) and by 1 for a variable; see document-cost.ts.
  documentCostRule({ maxCost: DOCUMENT_LIMITS.cost, maxPageSize: PAGE_SIZE.max }),
];
