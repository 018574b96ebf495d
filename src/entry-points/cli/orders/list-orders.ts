import { OPERATOR } from '../../../core/auth/actor.js';
import { ordersJson } from '../../shared/order-json.js';
import { integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';
import { orderStatusOf } from './order-status.js';

/** `orders list`: every customer's orders, newest first, in the same page shape as REST. */
export const listOrdersCommand: CliCommand = {
  name: 'list',
  synopsis: '[--first N] [--after CURSOR] [--status S] [--customer-id ID]',
  options: { first: { type: 'string' }, after: { type: 'string' }, status: { type: 'string' }, 'customer-id': { type: 'string' } },
  required: [],
  arguments: [],
  async run({ options }, useCases) {
    const page = await useCases.listOrders.execute(
      {
        first: options.first === undefined ? undefined : integerOrNaN(options.first),
        after: options.after,
        status: options.status === undefined ? undefined : orderStatusOf(options.status),
        customerId: options['customer-id'],
      },
      OPERATOR,
      { withTotal: true },
    );
    return {
      orders: await ordersJson(
        page.edges.map((edge) => edge.node),
        useCases,
        OPERATOR,
      ),
      pageInfo: page.pageInfo,
      totalCount: page.totalCount,
    };
  },
};
