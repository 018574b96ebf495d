import type { FieldError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';
import { type Check, checkInteger, isRecord, length, wellFormed } from '../shared/validation.js';

/** The bounds of a placement (CONTRACT.md, "placing an order", "idempotency"). */
export const ORDER_LIMITS = { linesMax: 20, quantityMax: 100, idempotencyKeyMax: 100 } as const;

export interface PlacementLine {
  productId: string;
  quantity: number;
}

const checkQuantity = checkInteger(1, ORDER_LIMITS.quantityMax);
const LINE_FIELDS = ['productId', 'quantity'];

/**
 * Checks every line and answers them normalized (fresh objects, nothing else
 * carried along), or the field errors: `lines` for none or too many, then
 * `lines.<i>.productId` / `lines.<i>.quantity` per line. A malformed product
 * id can name no product: it is refused here, before any store call, with the
 * same message as an unknown one. A product given twice names the later line.
 */
export function checkLines(value: unknown): { lines: PlacementLine[] } | { errors: FieldError[] } {
  if (!Array.isArray(value) || value.length < 1 || value.length > ORDER_LIMITS.linesMax) {
    return { errors: [{ field: 'lines', message: `must hold 1 to ${ORDER_LIMITS.linesMax} lines` }] };
  }
  const errors: FieldError[] = [];
  const lines: PlacementLine[] = [];
  const seen = new Set<string>();
  // An index loop, not forEach: a sparse array's holes are lines too, and refused.
  for (let index = 0; index < value.length; index++) {
    const line: unknown = value[index];
    const at = `lines.${index}`;
    if (!isRecord(line)) {
      errors.push({ field: at, message: 'must be an object with productId and quantity' });
      continue;
    }
    for (const key of Object.keys(line)) {
      if (!LINE_FIELDS.includes(key)) errors.push({ field: `${at}.${key}`, message: 'is not a field that can be set' });
    }
    const { productId } = line;
    if (typeof productId !== 'string') errors.push({ field: `${at}.productId`, message: 'must be a string' });
    else if (!isWellFormedId(productId)) errors.push({ field: `${at}.productId`, message: UNAVAILABLE });
    else if (seen.has(productId)) errors.push({ field: `${at}.productId`, message: 'names a product already ordered on another line' });
    else seen.add(productId);
    const quantity = checkQuantity(line.quantity);
    if ('error' in quantity) errors.push({ field: `${at}.quantity`, message: quantity.error });
    else if (typeof productId === 'string') lines.push({ productId, quantity: quantity.value });
  }
  return errors.length > 0 ? { errors } : { lines };
}

export const UNAVAILABLE = 'is not a product that can be ordered (unknown or archived)';

/** An idempotency key: 1 to 100 characters; absent (null or undefined) means none. */
export const checkIdempotencyKey: Check<string | null> = (value) => {
  if (value == null) return { value: null };
  if (typeof value !== 'string') return { error: 'must be a string' };
  // A NUL or other control character cannot be stored alike by every store (PostgreSQL text refuses NUL).
  if (!wellFormed(value) || /\p{Cc}/u.test(value)) return { error: 'must be printable text' };
  if (length(value) < 1 || length(value) > ORDER_LIMITS.idempotencyKeyMax) {
    return { error: `must be 1 to ${ORDER_LIMITS.idempotencyKeyMax} characters` };
  }
  return { value };
};

/** The lines of two placements as a set of (product, quantity): their order does not matter. */
export function sameLines(a: readonly PlacementLine[], b: readonly PlacementLine[]): boolean {
  if (a.length !== b.length) return false;
  const quantities = new Map(a.map((line) => [line.productId, line.quantity]));
  return b.every((line) => quantities.get(line.productId) === line.quantity);
}
