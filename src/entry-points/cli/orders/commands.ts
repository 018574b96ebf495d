import type { CliCommand } from '../cli-command.js';
import { cancelOrderCommand } from './cancel-order.js';
import { getOrderCommand } from './get-order.js';
import { listOrdersCommand } from './list-orders.js';
import { setOrderStatusCommand } from './set-order-status.js';

/**
 * `orders <command>`, in the order the help lists them. No `place`: an order
 * is placed by a customer for itself, and the operator is no customer.
 */
export const ORDER_COMMANDS: readonly CliCommand[] = [listOrdersCommand, getOrderCommand, cancelOrderCommand, setOrderStatusCommand];
