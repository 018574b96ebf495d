import type { Order } from '../orders/order.js';
import type { MailContent } from './mail-message.js';
import { formatMoment, greeting, type Recipient, signature, subjectLine } from './mail-text.js';
import { orderSummary, type ProductNames } from './order-lines.js';

/** Sent once an order has been placed: what was ordered, at which prices. */
export function orderConfirmationMessage(input: { order: Order; customer: Recipient; productNames: ProductNames }): MailContent {
  const { order, customer, productNames } = input;
  return {
    to: customer.email,
    subject: subjectLine(`Your order ${order.id} is confirmed`),
    text: [
      greeting(customer),
      '',
      `Thank you for your order ${order.id}, placed ${formatMoment(order.createdAt)}:`,
      '',
      ...orderSummary(order, productNames),
      '',
      'We will write again when its status changes.',
      '',
      signature,
    ].join('\n'),
  };
}
