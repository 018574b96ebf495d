import { ORDER_STATUSES, type OrderStatus } from '../../../core/orders/order.js';
import { ValidationError } from '../../../core/shared/errors.js';

/** The words of the OrderStatus enum, as GraphQL's enum and the REST schema take them; anything else is BAD_USER_INPUT on `status`. */
export function orderStatusOf(text: string): OrderStatus {
  if ((ORDER_STATUSES as readonly string[]).includes(text)) return text as OrderStatus;
  throw new ValidationError([{ field: 'status', message: `must be one of ${ORDER_STATUSES.join(', ')}` }]);
}
