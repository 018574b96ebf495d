import { OPERATOR } from '../../../core/auth/actor.js';
import { NotFoundError } from '../../../core/shared/errors.js';
import { orderJson } from '../../shared/order-json.js';
import type { CliCommand } from '../cli-command.js';

/** `orders get ID`: NOT_FOUND (exit 1) when no order has the id, as REST answers 404. */
export const getOrderCommand: CliCommand = {
  name: 'get',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    const order = await useCases.getOrder.execute(id!, OPERATOR);
    if (!order) throw new NotFoundError('No order has this id');
    return { order: await orderJson(order, useCases, OPERATOR) };
  },
};
