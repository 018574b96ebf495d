import { OPERATOR } from '../../../core/auth/actor.js';
import { productJson } from '../../shared/product-json.js';
import { integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

/** `products restock ID --quantity N`: adds N units atomically. */
export const restockProductCommand: CliCommand = {
  name: 'restock',
  synopsis: 'ID --quantity N',
  options: { quantity: { type: 'string' } },
  required: ['quantity'],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    return { product: productJson(await useCases.restockProduct.execute(id!, integerOrNaN(options.quantity!), OPERATOR)) };
  },
};
