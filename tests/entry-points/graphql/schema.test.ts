import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  type GraphQLSchema,
  lexicographicSortSchema,
  printSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraphqlSchema, printGraphqlSchema } from '../../../src/entry-points/graphql/graphql-server.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { testUseCases } from './support.js';

// The contract lives beside the repository: <repo>/../shared/api/schema.graphql.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const contractSdl = readFileSync(resolve(repoRoot, '../shared/api/schema.graphql'), 'utf8');

const describeChanges = (changes: { type: string; description: string }[]) =>
  changes.map(({ type, description }) => `${type}: ${description}`);

describe('GraphQL schema', () => {
  let contract: GraphQLSchema;
  let built: GraphQLSchema;

  beforeAll(async () => {
    contract = buildSchema(contractSdl);
    built = await buildGraphqlSchema(testUseCases(createMemoryStore()));
  });

  it('keeps every type, field, argument, nullability and default of the contract', () => {
    expect(describeChanges(findBreakingChanges(contract, built))).toEqual([]);
    expect(describeChanges(findDangerousChanges(contract, built))).toEqual([]);
  });

  it('adds nothing the contract does not have', () => {
    expect(describeChanges(findBreakingChanges(built, contract))).toEqual([]);
    expect(describeChanges(findDangerousChanges(built, contract))).toEqual([]);
  });

  it('prints exactly the contract, descriptions included, once both are sorted', () => {
    expect(printSchema(lexicographicSortSchema(built))).toBe(printSchema(lexicographicSortSchema(contract)));
  });

  it('can be printed without use cases, for the schema:print script', async () => {
    expect(await printGraphqlSchema()).toBe(printSchema(lexicographicSortSchema(contract)));
  });
});
