import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * graphql-js quotes the offending value in input errors ("got invalid value
 * 12345678", "found 12345678", "cannot represent ...: 12345678"). That value
 * may be a password sent with the wrong type, and the contract says a password
 * is never echoed in an error, so the value is cut out and the rest kept:
 * which variable, where in it, and what type was expected.
 */
const VARIABLE_HEAD = /^(Variable "\$[_A-Za-z][_0-9A-Za-z]*" got invalid value) [\s\S]*?((?: at "[_0-9A-Za-z.[\]]+")?)$/;
const LITERAL = /^(Expected value of type "[^"]+"), found [\s\S]*$/;
const SCALAR_VALUE = /^([\s\S]*?cannot represent[^:]*): [\s\S]*$/;

const withoutValue = (reason: string): string => reason.replace(SCALAR_VALUE, '$1.');

function redactVariableMessage(message: string, error: unknown): string | undefined {
  // Apollo keeps graphql-js's inner error, whose message is exactly the text after "; ".
  const reason = error instanceof GraphQLError ? error.originalError?.message : undefined;
  if (!reason || !message.endsWith(`; ${reason}`)) return undefined;
  const head = VARIABLE_HEAD.exec(message.slice(0, -(reason.length + 2)));
  return head ? `${head[1]}${head[2]}; ${withoutValue(reason)}` : undefined;
}

export function redactInputValues(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { message } = formatted;
  let redacted: string;
  if (message.startsWith('Variable "$') && message.includes(' got invalid value ')) {
    // A shape we cannot take apart safely is replaced whole rather than passed on.
    redacted = redactVariableMessage(message, error) ?? message.replace(/ got invalid value [\s\S]*$/, ' got an invalid value.');
  } else {
    // Literals in the document: "Expected value of type ..., found <literal>" or the scalar's own message.
    redacted = withoutValue(message.replace(LITERAL, '$1.'));
  }
  return redacted === message ? formatted : { ...formatted, message: redacted };
}
