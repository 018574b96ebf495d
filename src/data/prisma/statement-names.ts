/** Past this many distinct statements, new ones run unnamed (parsed each time) rather than grow every connection's cache. */
export const MAX_NAMED_STATEMENTS = 200;

/**
 * Names for @prisma/adapter-pg's `statementNameGenerator`: a named query is
 * parsed and planned once per connection and then only bound and executed
 * (node-postgres keeps the prepared statement per client). Prisma's query
 * compiler emits the same SQL text for the same query shape, with the values
 * as parameters, so the text is the key; the name must never stand for two
 * texts, which a counter over distinct texts guarantees. Bounded: a query
 * shape that varies without end (an IN list of any length) cannot fill the
 * server's memory.
 */
export function statementNames(max = MAX_NAMED_STATEMENTS): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < max) {
      name = `prisma_${names.size}`;
      names.set(sql, name);
    }
    // pg treats an empty name as an unnamed statement.
    return name ?? '';
  };
}
