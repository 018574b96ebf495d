import type { StatusChange } from '../orders/order-repository.js';
import type { Order } from '../orders/order.js';
import type { MailContent } from './mail-message.js';
import { formatMoment, greeting, type Recipient, signature, subjectLine } from './mail-text.js';
import { orderSummary, type ProductNames } from './order-lines.js';

/** Sent when an order is cancelled (by its customer or an ADMIN): what was cancelled. */
export function orderCancelledMessage(input: {
  order: Order;
  customer: Recipient;
  change: StatusChange;
  productNames: ProductNames;
}): MailContent {
  const { order, customer, change, productNames } = input;
  return {
    to: customer.email,
    subject: subjectLine(`Your order ${order.id} is cancelled`),
    text: [
      greeting(customer),
      '',
      `Your order ${order.id} was cancelled on ${formatMoment(change.at)}. It held:`,
      '',
      ...orderSummary(order, productNames),
      '',
      'Nothing more will happen with it; the units were returned to stock.',
      '',
      signature,
    ].join('\n'),
  };
}
