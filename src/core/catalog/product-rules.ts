import { type Check, checkInteger, CONTROL, length, wellFormed } from '../shared/validation.js';
import { STOCK_MAX } from './product.js';

/**
 * The one place that says what a valid product is (CONTRACT.md, "Catalog and
 * orders"). Entry points check only transport shapes; every bound lives here.
 */
export const PRODUCT_LIMITS = {
  skuMax: 64,
  nameMax: 200,
  descriptionMax: 2000,
  priceMax: 1_000_000,
  stockMax: STOCK_MAX,
  restockMax: STOCK_MAX,
  searchMax: 100,
} as const;

// Checked before upper-casing: toUpperCase would turn "ß" into "SS" and "ı" into "I".
const SKU = /^[A-Za-z0-9_-]+$/;
// A description may span lines; every other control character is refused like in a name.
const DESCRIPTION_CONTROL = /(?![\n\r])[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/u;

export const checkSku: Check<string> = (value) => {
  if (typeof value !== 'string') return { error: 'must be a string' };
  const sku = value.trim();
  if (sku.length < 1 || sku.length > PRODUCT_LIMITS.skuMax || !SKU.test(sku)) {
    return { error: `must be 1 to ${PRODUCT_LIMITS.skuMax} characters of A-Z, 0-9, - and _` };
  }
  return { value: sku.toUpperCase() };
};

export const checkProductName: Check<string> = (value) => {
  if (typeof value !== 'string') return { error: 'must be a string' };
  const name = value.trim();
  if (CONTROL.test(name) || !wellFormed(name)) return { error: 'must not contain control characters' };
  if (length(name) < 1 || length(name) > PRODUCT_LIMITS.nameMax) {
    return { error: `must be 1 to ${PRODUCT_LIMITS.nameMax} characters` };
  }
  return { value: name };
};

export const checkDescription: Check<string> = (value) => {
  if (typeof value !== 'string') return { error: 'must be a string' };
  if (DESCRIPTION_CONTROL.test(value) || !wellFormed(value)) {
    return { error: 'must not contain control characters other than line breaks' };
  }
  if (length(value) > PRODUCT_LIMITS.descriptionMax) {
    return { error: `must be at most ${PRODUCT_LIMITS.descriptionMax} characters` };
  }
  return { value };
};

export const checkPriceCents = checkInteger(0, PRODUCT_LIMITS.priceMax);
export const checkStock = checkInteger(0, PRODUCT_LIMITS.stockMax);
export const checkRestockQuantity = checkInteger(1, PRODUCT_LIMITS.restockMax);

/** A search of the product list: matched literally, so any 1 to 100 well-formed characters will do. */
export const checkSearch: Check<string> = (value) => {
  if (typeof value !== 'string') return { error: 'must be a string' };
  if (!wellFormed(value) || length(value) < 1 || length(value) > PRODUCT_LIMITS.searchMax) {
    return { error: `must be 1 to ${PRODUCT_LIMITS.searchMax} characters` };
  }
  return { value };
};
