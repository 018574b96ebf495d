import { type FragmentDefinitionNode, type OperationDefinitionNode, type FieldNode, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selectsField } from '../../../src/entry-points/graphql/selected-fields.js';

/** The fieldNodes and fragments graphql-js hands the resolver of the document's first root field. */
function infoOf(document: string) {
  const { definitions } = parse(document);
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('selected fields of a connection', () => {
  it.each([
    ['directly', '{ users { totalCount edges { cursor } } }'],
    ['under an alias', '{ users { total: totalCount } }'],
    ['in an inline fragment', '{ users { ... on UserConnection { totalCount } } }'],
    ['in a named fragment, nested', '{ users { ...A } } fragment A on UserConnection { ...B } fragment B on UserConnection { totalCount }'],
    ['under @skip (errs towards showing it)', '{ users { totalCount @skip(if: true) } }'],
  ])('sees totalCount asked for %s', (_, document) => {
    expect(selectsField(infoOf(document), 'totalCount')).toBe(true);
  });

  it.each([
    ['not at all', '{ users { edges { cursor node { id } } pageInfo { hasNextPage } } }'],
    ['only deeper down, as another field of that name', '{ users { edges { node { totalCount: id } } } }'],
    ['in a fragment used elsewhere', '{ users { edges { cursor } } } fragment A on UserConnection { totalCount }'],
  ])('does not see totalCount asked for %s', (_, document) => {
    expect(selectsField(infoOf(document), 'totalCount')).toBe(false);
  });
});
