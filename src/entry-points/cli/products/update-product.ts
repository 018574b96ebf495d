import { OPERATOR } from '../../../core/auth/actor.js';
import type { Product } from '../../../core/catalog/product.js';
import { productJson } from '../../shared/product-json.js';
import { booleanOf, integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';
import { type ChangeOption, changeOptions, changesOf } from '../option-changes.js';

type Changes = Partial<Pick<Product, 'sku' | 'name' | 'description' | 'priceCents' | 'archived'>>;

/** Command-line option → use-case field and how its text becomes the value. Stock is not among them: `products restock`. */
const FIELDS: Record<string, ChangeOption & { field: keyof Changes }> = {
  sku: { field: 'sku' },
  name: { field: 'name' },
  description: { field: 'description' },
  'price-cents': { field: 'priceCents', value: integerOrNaN },
  archived: { field: 'archived', value: (text) => booleanOf(text, 'archived') },
};

/** `products update ID`: only the options given change. */
export const updateProductCommand: CliCommand = {
  name: 'update',
  synopsis: 'ID [--sku S] [--name N] [--description D] [--price-cents C] [--archived true|false]',
  options: changeOptions(FIELDS),
  required: [],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    return { product: productJson(await useCases.updateProduct.execute(id!, changesOf(FIELDS, options) as Changes, OPERATOR)) };
  },
};
