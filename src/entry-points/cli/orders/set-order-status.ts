import { OPERATOR } from '../../../core/auth/actor.js';
import { orderJson } from '../../shared/order-json.js';
import type { CliCommand } from '../cli-command.js';
import { orderStatusOf } from './order-status.js';

/** `orders set-status ID --status S`: one step along PLACED → PAID → SHIPPED → DELIVERED (cancelling is `orders cancel`). */
export const setOrderStatusCommand: CliCommand = {
  name: 'set-status',
  synopsis: 'ID --status PAID|SHIPPED|DELIVERED',
  options: { status: { type: 'string' } },
  required: ['status'],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    const order = await useCases.setOrderStatus.execute(id!, orderStatusOf(options.status!), OPERATOR);
    return { order: await orderJson(order, useCases, OPERATOR) };
  },
};
