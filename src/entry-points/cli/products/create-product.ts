import { OPERATOR } from '../../../core/auth/actor.js';
import { productJson } from '../../shared/product-json.js';
import { integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

/** `products create`: the operator adds a product (stock 0 unless given). */
export const createProductCommand: CliCommand = {
  name: 'create',
  synopsis: '--sku S --name N --price-cents C [--description D] [--stock N]',
  options: {
    sku: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    'price-cents': { type: 'string' },
    stock: { type: 'string' },
  },
  required: ['sku', 'name', 'price-cents'],
  arguments: [],
  async run({ options }, useCases) {
    const product = await useCases.createProduct.execute(
      {
        sku: options.sku!,
        name: options.name!,
        priceCents: integerOrNaN(options['price-cents']!),
        ...(options.description !== undefined && { description: options.description }),
        ...(options.stock !== undefined && { stock: integerOrNaN(options.stock) }),
      },
      OPERATOR,
    );
    return { product: productJson(product) };
  },
};
