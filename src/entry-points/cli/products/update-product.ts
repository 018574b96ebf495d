import { OPERATOR } from '../../../core/auth/actor.js';
import type { Product } from '../../../core/catalog/product.js';
import { productJson } from '../../shared/product-json.js';
import { booleanOf, integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

type Changes = Partial<Pick<Product, 'sku' | 'name' | 'description' | 'priceCents' | 'archived'>>;

/** Command-line option → use-case field and how its text becomes the value. Stock is not among them: `products restock`. */
const FIELDS: Record<string, { field: keyof Changes; value(text: string): string | number | boolean }> = {
  sku: { field: 'sku', value: (text) => text },
  name: { field: 'name', value: (text) => text },
  description: { field: 'description', value: (text) => text },
  'price-cents': { field: 'priceCents', value: integerOrNaN },
  archived: { field: 'archived', value: (text) => booleanOf(text, 'archived') },
};

/** `products update ID`: only the options given change. */
export const updateProductCommand: CliCommand = {
  name: 'update',
  synopsis: 'ID [--sku S] [--name N] [--description D] [--price-cents C] [--archived true|false]',
  options: Object.fromEntries(Object.keys(FIELDS).map((name) => [name, { type: 'string' }])),
  required: [],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    const changes = Object.fromEntries(
      Object.entries(FIELDS)
        .filter(([option]) => options[option] !== undefined)
        .map(([option, { field, value }]) => [field, value(options[option]!)]),
    ) as Changes;
    return { product: productJson(await useCases.updateProduct.execute(id!, changes, OPERATOR)) };
  },
};
