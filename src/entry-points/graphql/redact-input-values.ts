import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Apollo's own BAD_USER_INPUT errors (variables of the wrong shape) get the
 * contract's `fields` list here too.
 *
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

const UNKNOWN_OPERATION = /^Unknown operation named "[\s\S]*"\.$/;

/** graphql-js describes the token a syntax error stopped at with its text: `found String "my-secret"`. */
const TOKEN_TEXT = /\b(String|BlockString|Int|Float) "(?:[^"\\]|\\.)*"/g;

function redactVariableMessage(message: string, error: unknown): string | undefined {
  // Apollo keeps graphql-js's inner error, whose message is exactly the text after "; ".
  const reason = error instanceof GraphQLError ? error.originalError?.message : undefined;
  if (!reason || !message.endsWith(`; ${reason}`)) return undefined;
  const head = VARIABLE_HEAD.exec(message.slice(0, -(reason.length + 2)));
  return head ? `${head[1]}${head[2]}; ${withoutValue(reason)}` : undefined;
}

const REQUIRED = /^Field "([_A-Za-z][_0-9A-Za-z]*)" of required type "[^"]+" was not provided\.?$/;
const UNKNOWN = /^Field "([_A-Za-z][_0-9A-Za-z]*)" is not defined by type "[^"]+"/;
const WRONG_TYPE = /^(\w+) cannot represent/;

/**
 * The input field a variable error is about, named as the core names fields
 * (the last path segment: `input.firstName` is `firstName`), so clients get the
 * same `fields` list for a missing or mistyped value as REST gives.
 */
function fieldOfVariableError(message: string, error: unknown): { field: string; message: string } | undefined {
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
  const reason = error instanceof GraphQLError ? error.originalError?.message : undefined;
  if (!variable || !reason) return undefined;
  const path = / at "([_0-9A-Za-z.[\]]+)"; /.exec(message)?.[1];
  const last = (path ?? variable).split('.').at(-1)!.replace(/\[\d+\]$/, '');
  const required = REQUIRED.exec(reason)?.[1];
  if (required) return { field: required, message: 'is required' };
  const unknown = UNKNOWN.exec(reason)?.[1];
  if (unknown) return { field: unknown, message: 'is not a field that can be set' };
  const type = WRONG_TYPE.exec(reason)?.[1];
  return { field: last, message: type ? `must be ${/^[AEIOU]/.test(type) ? 'an' : 'a'} ${type}` : 'is invalid' };
}

export function redactInputValues(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const withFields = addVariableFields(formatted, error);
  const { message } = withFields;
  let redacted: string;
  if (message.startsWith('Variable "$') && message.includes(' got invalid value ')) {
    // A shape we cannot take apart safely is replaced whole rather than passed on.
    redacted = redactVariableMessage(message, error) ?? message.replace(/ got invalid value [\s\S]*$/, ' got an invalid value.');
  } else if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED') {
    redacted = message.replace(TOKEN_TEXT, '$1');
  } else if (formatted.extensions?.code === 'OPERATION_RESOLUTION_FAILURE') {
    // graphql-js quotes the client's operationName, which can be any string at all.
    redacted = message.replace(UNKNOWN_OPERATION, 'No operation in the document has the name given as operationName.');
  } else {
    // Literals in the document: "Expected value of type ..., found <literal>" or the scalar's own message.
    redacted = withoutValue(message.replace(LITERAL, '$1.'));
  }
  return redacted === message ? withFields : { ...withFields, message: redacted };
}

function addVariableFields(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'BAD_USER_INPUT' || !formatted.message.startsWith('Variable "$')) return formatted;
  const field = fieldOfVariableError(formatted.message, error);
  return field ? { ...formatted, extensions: { ...formatted.extensions, fields: [field] } } : formatted;
}
