import {
  type FieldNode,
  getNamedType,
  type GraphQLCompositeType,
  GraphQLError,
  type GraphQLField,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/**
 * graphql-armor's cost model (a leaf costs 1, an object 2 plus 1.5 times what
 * it selects, a list page multiplies all of that by its size), with the page
 * size read as the server will serve it rather than as written:
 *
 * - a literal `first`/`last` counts as at most `maxPageSize`: a larger one is
 *   the use case's BAD_USER_INPUT naming `first` (CONTRACT.md), not a cost
 *   riddle, and nothing past the maximum is ever fetched;
 * - a variable counts as `maxPageSize`: its value is not known during
 *   validation, and the most it can fetch is that page (armor counted 1, so
 *   fifteen aliased `users(first: $n)` slipped past the limit);
 * - an omitted argument counts as its schema default.
 *
 * The 2 + 1.5 × (what it selects) of an object stands for a fetch whose
 * nesting can multiply work. Two kinds of object field are not such a fetch,
 * and pricing them as one made the contract's own largest order page cost
 * 18 022 (limit 5000) while it is a handful of store reads:
 *
 * - a part of the object already fetched (`FieldCost.part`): a connection's
 *   `edges`, `pageInfo` and an edge's `node` (found by the Relay naming
 *   convention, so every connection gets it), and `fieldCosts` entries such as
 *   Order.lines (stored inside the order). It costs what it selects, no more;
 * - a read batched per request (`FieldCost.batched`: an order's customer, a
 *   line's product, through DataLoaders): one round trip for the whole page
 *   whatever its size, so each occurrence costs BATCHED_COST plus what it
 *   selects, and the page size above it still multiplies that (the values
 *   are still serialized once per parent).
 *
 * A list without a page argument (Order.lines, at most 20 by CONTRACT.md)
 * counts once, as in armor's model.
 *
 * Fragments are priced once each and spliced where they are spread, so a
 * fragment bomb costs its expansion without being expanded. Introspection
 * (`__schema`, `__type`) is free, so Sandbox keeps working.
 */
export const FieldCost = { part: 'part', batched: 'batched' } as const;
export type FieldCost = (typeof FieldCost)[keyof typeof FieldCost];

export interface DocumentCostOptions {
  maxCost: number;
  /** The largest page a list field serves (`first` 1 to this). */
  maxPageSize: number;
  /** Object fields that are not a fetch of their own, by schema coordinate (`Order.lines`). */
  fieldCosts?: Readonly<Record<string, FieldCost>>;
}

const OBJECT_COST = 2;
const LEAF_COST = 1;
const DEPTH_FACTOR = 1.5;
const BATCHED_COST = 1;
const PAGE_ARGUMENTS = new Set(['first', 'last']);

/** Relay's structure around the nodes of a page: the rows the page's own read fetched. */
function isConnectionPart(parent: GraphQLCompositeType, field: string): boolean {
  if (parent.name.endsWith('Connection')) return field === 'edges' || field === 'pageInfo';
  return parent.name.endsWith('Edge') && field === 'node';
}

export function documentCostRule({ maxCost, maxPageSize, fieldCosts = {} }: DocumentCostOptions): ValidationRule {
  return (context: ValidationContext) => {
    const fragmentCosts = new Map<string, number>();

    function pageSize(node: FieldNode, definition: GraphQLField<unknown, unknown>): number {
      const argument = definition.args.find((arg) => PAGE_ARGUMENTS.has(arg.name));
      if (!argument) return 1;
      const given: ValueNode | undefined = node.arguments?.find((arg) => arg.name.value === argument.name)?.value;
      if (given?.kind === Kind.INT) return Math.min(Math.max(Number.parseInt(given.value, 10), 1), maxPageSize);
      if (given === undefined || given.kind === Kind.NULL) {
        // CONTRACT.md: an explicit null for an argument with a default means the default.
        const fallback = argument.defaultValue;
        return typeof fallback === 'number' ? Math.min(Math.max(fallback, 1), maxPageSize) : maxPageSize;
      }
      return maxPageSize;
    }

    function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          cost += fieldCost(selection, parent);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parent;
          cost += isCompositeType(type) ? selectionCost(selection.selectionSet, type) : 0;
        } else {
          cost += fragmentCost(selection.name.value);
        }
      }
      return cost;
    }

    function fragmentCost(name: string): number {
      const known = fragmentCosts.get(name);
      if (known !== undefined) return known;
      // A cycle is NoFragmentCyclesRule's to report; priced 0 here so the walk ends.
      fragmentCosts.set(name, 0);
      const fragment = context.getFragment(name);
      const type = fragment && context.getSchema().getType(fragment.typeCondition.name.value);
      const cost = fragment && isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
      fragmentCosts.set(name, cost);
      return cost;
    }

    function fieldCost(node: FieldNode, parent: GraphQLCompositeType): number {
      if (node.name.value === '__schema' || node.name.value === '__type') return 0;
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
      if (!node.selectionSet) return LEAF_COST;
      // An unknown field is FieldsOnCorrectTypeRule's to report.
      const type = definition && getNamedType(definition.type);
      if (!definition || !isCompositeType(type)) return OBJECT_COST;
      const selected = selectionCost(node.selectionSet, type);
      const kind = isConnectionPart(parent, node.name.value) ? FieldCost.part : fieldCosts[`${parent.name}.${node.name.value}`];
      const cost = kind === FieldCost.part ? selected : kind === FieldCost.batched ? BATCHED_COST + selected : OBJECT_COST + DEPTH_FACTOR * selected;
      return cost * pageSize(node, definition);
    }

    return {
      OperationDefinition(operation) {
        const root = context.getSchema().getRootType(operation.operation);
        // An operation type the schema lacks is graphql-js's own validation error.
        if (!root) return;
        const cost = selectionCost(operation.selectionSet, root);
        if (cost > maxCost) {
          context.reportError(new GraphQLError(`Query cost ${Math.ceil(cost)} is over the limit of ${maxCost}.`, { nodes: [operation] }));
        }
      },
    };
  };
}
