import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the document asks for `name` directly under the field being
 * resolved, through fragments too. It errs towards yes: a field under @skip or
 * @include counts as asked for, so a value the answer shows is never left out.
 */
export function selectsField(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, name: string): boolean {
  const seen = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    set?.selections.some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return inSet(selection.selectionSet);
      const fragment = selection.name.value;
      if (seen.has(fragment)) return false;
      seen.add(fragment);
      return inSet(info.fragments[fragment]?.selectionSet);
    }) ?? false;
  return info.fieldNodes.some((node) => inSet(node.selectionSet));
}
