/**
 * Typed documents for the parity suite (tests/parity). They live here because
 * codegen.yml reads documents from tests/entry-points/graphql/** only. The
 * suite reuses documents.ts where an operation already selects what it needs;
 * this one asks for whole users, so a page compares field by field with REST
 * and the CLI.
 */
import { graphql } from '../../support/graphql/generated/index.js';

export const PARITY_USERS_PAGE = graphql(`query ParityUsersPage($first: Int, $after: String) {
  users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...UserFields } } }
}`);
