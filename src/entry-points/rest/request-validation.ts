import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { type FieldError, ValidationError } from '../../core/shared/errors.js';

/**
 * Fastify's default Ajv coerces types (`{"firstName": 123}` would become "123")
 * and silently strips properties outside `additionalProperties: false`. At this
 * edge both would hide a client's mistake, so REST schemas compile with neither:
 * a wrong type or an unknown field is refused, never rewritten. Query strings
 * are declared as strings and converted by the controller that reads them.
 */
const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: false });

/**
 * Nothing valid comes near this length; the core holds the real limits. It only
 * keeps oversized strings away from the rules (and from password hashing).
 */
const MAX_STRING_LENGTH = 1024;

export const aString = { type: 'string', maxLength: MAX_STRING_LENGTH } as const;
/** JSON numbers with no fraction; the bounds are the core's. An operator object or "5" is refused. */
export const anInteger = { type: 'integer' } as const;
export const aBoolean = { type: 'boolean' } as const;
/** One of a closed set of words (an enum of the GraphQL schema). */
export const oneOf = (values: readonly string[]) => ({ type: 'string', enum: values }) as const;

/** A JSON object with exactly these properties, some of them required; anything else is refused. */
export function strictObject(properties: Record<string, object>, required: readonly string[] = []) {
  return { type: 'object', properties, required, additionalProperties: false } as const;
}

/** A JSON object with exactly these string properties, some of them required. */
export function objectOf(properties: readonly string[], required: readonly string[] = []) {
  return strictObject(Object.fromEntries(properties.map((name) => [name, aString])), required);
}

const PART_NAMES: Record<string, string> = { body: 'Request body', querystring: 'Query string', params: 'Path' };

const fieldOf = (error: ErrorObject): string =>
  error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');

function messageOf(error: ErrorObject, part: string): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return part === 'querystring' ? 'is not a known query parameter' : 'is not a field that can be set';
    case 'type':
      return `must be ${/^[aeiou]/.test(String(error.params.type)) ? 'an' : 'a'} ${String(error.params.type)}`;
    case 'maxLength':
      return `must be at most ${String(error.params.limit)} characters`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as string[]).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * Schema failures become the core's ValidationError, so the shared HTTP error
 * handler answers them like any other BAD_USER_INPUT, with `fields`.
 */
function toValidationError(errors: ErrorObject[], part: string): ValidationError {
  const fields: FieldError[] = [];
  let message = 'Invalid input';
  for (const error of errors) {
    // A property that is missing or unknown is named by its path inside the part (`lines.0.quantity`).
    const property =
      error.keyword === 'required'
        ? String(error.params.missingProperty)
        : error.keyword === 'additionalProperties'
          ? String(error.params.additionalProperty)
          : undefined;
    const named = [fieldOf(error), property].filter((segment) => segment !== undefined && segment !== '').join('.');
    if (named !== '') fields.push({ field: named, message: messageOf(error, part) });
    // Only the whole part can fail with no field to blame: a JSON array, a string, no body at all.
    else message = `${PART_NAMES[part] ?? part} ${error.keyword === 'type' ? `must be a JSON ${String(error.params.type)}` : messageOf(error, part)}`;
  }
  return new ValidationError(fields, message);
}

/** Scoped to the plugin it is called in: the REST routes, not the rest of the server. */
export function useStrictValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
  app.setSchemaErrorFormatter((errors, part) => toValidationError(errors as ErrorObject[], part));
}
