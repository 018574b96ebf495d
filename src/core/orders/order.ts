export const ORDER_STATUSES = ['PLACED', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** One line of an order; the price is the product's at placement, later price changes leave it alone. */
export interface OrderLine {
  productId: string;
  quantity: number;
  unitPriceCents: number;
  /** quantity × unitPriceCents. */
  totalCents: number;
}

/** An order as every entry point may show it. */
export interface Order {
  id: string;
  /** Kept after the user is deleted (the order is kept; `customer` then resolves to null). */
  customerId: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** Sum of the lines' totals. */
  totalCents: number;
  createdAt: Date;
  updatedAt: Date;
}

/** An order as stores keep it. */
export interface OrderRecord extends Order {
  /** Unique per customer when given (CONTRACT.md, idempotency). */
  idempotencyKey: string | null;
}

/** What placing an order asks a store to do: the core has validated the lines' shape already. */
export interface PlacementRequest {
  id: string;
  customerId: string;
  idempotencyKey: string | null;
  /** 1 to 20 lines, each product once, quantity 1 to 100. */
  lines: readonly { productId: string; quantity: number }[];
  at: Date;
}

/**
 * The order a successful placement records, priced from the products as the
 * store read them while reserving. Stores call this; the rule lives here.
 */
export function placedOrder(request: PlacementRequest, unitPriceCents: (productId: string) => number): OrderRecord {
  const lines = request.lines.map(({ productId, quantity }) => {
    const unit = unitPriceCents(productId);
    return { productId, quantity, unitPriceCents: unit, totalCents: quantity * unit };
  });
  return {
    id: request.id,
    customerId: request.customerId,
    idempotencyKey: request.idempotencyKey,
    status: 'PLACED',
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.totalCents, 0),
    createdAt: request.at,
    updatedAt: request.at,
  };
}
