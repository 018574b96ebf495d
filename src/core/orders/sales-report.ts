import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import { ForbiddenError, ValidationError } from '../shared/errors.js';
import type { OrderRepository, ProductSalesRow } from './order-repository.js';

/** The longest period a report may cover (CONTRACT.md, "sales report"). */
export const REPORT_MAX_DAYS = 366;
const DAY_MS = 86_400_000;

const isDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

/**
 * The report's range rule, shared by the report and its export: `from` must
 * be before `to`, at most 366 days apart (else BAD_USER_INPUT on `to`).
 */
export function reportRangeOf(range: { from: Date; to: Date } | null | undefined): { from: Date; to: Date } {
  const from: unknown = range?.from;
  const to: unknown = range?.to;
  if (!isDate(from)) throw new ValidationError([{ field: 'from', message: 'must be a date-time' }]);
  if (!isDate(to)) throw new ValidationError([{ field: 'to', message: 'must be a date-time' }]);
  if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > REPORT_MAX_DAYS * DAY_MS) {
    throw new ValidationError([{ field: 'to', message: `must be after from, at most ${REPORT_MAX_DAYS} days later` }]);
  }
  return { from, to };
}

export class SalesReport {
  constructor(private readonly deps: { orders: OrderRepository }) {}

  /**
   * ADMIN or operator: per product, units, revenue and orders over the
   * non-cancelled orders created in [from, to), best-selling first.
   */
  async execute(range: { from: Date; to: Date }, actor: Actor | null): Promise<ProductSalesRow[]> {
    if (!isPrivileged(requireActor(actor))) throw new ForbiddenError('Only an administrator may read sales reports');
    return this.deps.orders.salesReport(reportRangeOf(range));
  }
}
