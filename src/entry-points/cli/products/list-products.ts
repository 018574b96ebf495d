import { OPERATOR } from '../../../core/auth/actor.js';
import { productJson } from '../../shared/product-json.js';
import { booleanOf, integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

/** `products list`: the same page shape as REST. */
export const listProductsCommand: CliCommand = {
  name: 'list',
  synopsis: '[--first N] [--after CURSOR] [--search TEXT] [--include-archived true|false]',
  options: { first: { type: 'string' }, after: { type: 'string' }, search: { type: 'string' }, 'include-archived': { type: 'string' } },
  required: [],
  arguments: [],
  async run({ options }, useCases) {
    const includeArchived = options['include-archived'];
    const page = await useCases.listProducts.execute(
      {
        first: options.first === undefined ? undefined : integerOrNaN(options.first),
        after: options.after,
        search: options.search,
        includeArchived: includeArchived === undefined ? undefined : booleanOf(includeArchived, 'includeArchived'),
      },
      OPERATOR,
      { withTotal: true },
    );
    return { products: page.edges.map((edge) => productJson(edge.node)), pageInfo: page.pageInfo, totalCount: page.totalCount };
  },
};
