import type { Order } from '../orders/order.js';
import { formatCents, singleLine } from './mail-text.js';

/** The product names an order's lines are shown with, by product id (a missing one shows the id). */
export type ProductNames = ReadonlyMap<string, string>;

/** The lines and total of an order, one line each: "2 × Blue mug at 12.50 = 25.00". */
export function orderSummary(order: Pick<Order, 'lines' | 'totalCents'>, names: ProductNames): string[] {
  return [
    ...order.lines.map((line) => {
      const name = singleLine(names.get(line.productId) ?? `product ${line.productId}`);
      return `  ${line.quantity} × ${name} at ${formatCents(line.unitPriceCents)} = ${formatCents(line.totalCents)}`;
    }),
    `  Total: ${formatCents(order.totalCents)}`,
  ];
}
