import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Our own scalar rather than graphql-scalars' GraphQLSafeInt: the contract fixes
 * the description (graphql-scalars has its own), and the server only ever sends
 * it (sales sums). Anything but a safe integer is a bug on our side, masked as
 * INTERNAL_SERVER_ERROR rather than rounded.
 */
function parse(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new GraphQLError('SafeInt must be an integer between -(2^53 - 1) and 2^53 - 1');
  }
  return value;
}

export const SafeIntScalar = new GraphQLScalarType<number, number>({
  name: 'SafeInt',
  description: 'An integer between -(2^53 - 1) and 2^53 - 1: sums that can outgrow a 32-bit Int.',
  serialize(value) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new TypeError('SafeInt can only serialize a safe integer');
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new GraphQLError('SafeInt must be an integer');
    return parse(Number(ast.value));
  },
});
