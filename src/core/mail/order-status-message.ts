import type { StatusChange } from '../orders/order-repository.js';
import type { Order, OrderStatus } from '../orders/order.js';
import type { MailContent } from './mail-message.js';
import { formatMoment, greeting, type Recipient, signature, subjectLine } from './mail-text.js';

/** How a status reads in a sentence ("your order is now shipped"). */
export const STATUS_WORDS: Record<OrderStatus, string> = {
  PLACED: 'placed',
  PAID: 'paid',
  SHIPPED: 'shipped',
  DELIVERED: 'delivered',
  CANCELLED: 'cancelled',
};

/** Sent when an ADMIN moves an order along (PAID, SHIPPED, DELIVERED); a cancellation has its own message. */
export function orderStatusMessage(input: { order: Order; customer: Recipient; change: StatusChange }): MailContent {
  const { order, customer, change } = input;
  return {
    to: customer.email,
    subject: subjectLine(`Your order ${order.id} is now ${STATUS_WORDS[change.to]}`),
    text: [
      greeting(customer),
      '',
      `Your order ${order.id} went from ${STATUS_WORDS[change.from]} to ${STATUS_WORDS[change.to]} on ${formatMoment(change.at)}.`,
      '',
      signature,
    ].join('\n'),
  };
}
