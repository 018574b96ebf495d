interface Positioned {
  id: string;
  createdAt: string;
}

const byPosition = (a: Positioned, b: Positioned) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The contract's list orders, computed from what was made: records made in
 * the same millisecond are ordered by id, which a test cannot choose.
 */
export const oldestFirst = <T extends Positioned>(items: readonly T[]): T[] => [...items].sort(byPosition);
export const newestFirst = <T extends Positioned>(items: readonly T[]): T[] => [...items].sort(byPosition).reverse();
