import { NotFoundError } from '../../../core/shared/errors.js';
import { productJson } from '../../shared/product-json.js';
import type { CliCommand } from '../cli-command.js';

/** `products get ID`: NOT_FOUND (exit 1) when no product has the id, as REST answers 404. */
export const getProductCommand: CliCommand = {
  name: 'get',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    const product = await useCases.getProduct.execute(id!);
    if (!product) throw new NotFoundError('No product has this id');
    return { product: productJson(product) };
  },
};
