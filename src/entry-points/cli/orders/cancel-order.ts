import { OPERATOR } from '../../../core/auth/actor.js';
import { orderJson } from '../../shared/order-json.js';
import type { CliCommand } from '../cli-command.js';

/** `orders cancel ID`: a PLACED or PAID order is cancelled and its units go back to stock. */
export const cancelOrderCommand: CliCommand = {
  name: 'cancel',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    return { order: await orderJson(await useCases.cancelOrder.execute(id!, OPERATOR), useCases, OPERATOR) };
  },
};
