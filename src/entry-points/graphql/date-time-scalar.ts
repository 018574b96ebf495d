import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Our own scalar rather than graphql-scalars' DateTime: the contract fixes the
 * name, the description and the output form (always UTC with milliseconds, as
 * Date#toISOString prints it), and this keeps all three in one visible place.
 */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parse(value: unknown): Date {
  const date = typeof value === 'string' && ISO_UTC.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 string in UTC, like 2026-11-22T10:00:00.000Z');
  }
  return date;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'A date-time string in ISO-8601 format, UTC (for example 2026-11-22T10:00:00.000Z).',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    // Reaches the client only as a masked INTERNAL_SERVER_ERROR: a store handed back a bad date.
    throw new TypeError('DateTime can only serialize a valid Date');
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parse(ast.value);
  },
});
