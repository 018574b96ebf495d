import type { RefreshTokenRecord } from '../../core/auth/refresh-token-repository.js';
import type { Product } from '../../core/catalog/product.js';
import type { OrderRecord } from '../../core/orders/order.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type {
  Order as OrderRow,
  OrderLine as OrderLineRow,
  Product as ProductRow,
  RefreshToken as RefreshTokenRow,
  User as UserRow,
} from './generated/client.js';

// The one place where rows become core records. Copying field by field (rather than returning the
// row) keeps Prisma's types and any field the schema grows out of what the core sees.

export const toUserRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  firstName: row.firstName,
  lastName: row.lastName,
  passwordHash: row.passwordHash,
  role: row.role,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  tokenVersion: row.tokenVersion,
});

/** The columns of the caller check: no profile, never the password hash. */
export const CALLER_COLUMNS = { id: true, role: true, tokenVersion: true } as const;

export const toCallerRecord = (row: Pick<UserRow, 'id' | 'role' | 'tokenVersion'>): CallerRecord => ({
  id: row.id,
  role: row.role,
  tokenVersion: row.tokenVersion,
});

export const toRefreshTokenRecord = (row: RefreshTokenRow): RefreshTokenRecord => ({
  id: row.id,
  tokenHash: row.tokenHash,
  userId: row.userId,
  familyId: row.familyId,
  createdAt: row.createdAt,
  expiresAt: row.expiresAt,
  revokedAt: row.revokedAt,
  tokenVersion: row.tokenVersion,
});

export const toProduct = (row: ProductRow): Product => ({
  id: row.id,
  sku: row.sku,
  name: row.name,
  description: row.description,
  priceCents: row.priceCents,
  stock: row.stock,
  archived: row.archived,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** An order row read with its lines (`ORDER_WITH_LINES`). */
export type OrderWithLinesRow = OrderRow & { lines: OrderLineRow[] };

/** Lines in the order the customer gave them. */
export const ORDER_WITH_LINES = { lines: { orderBy: { position: 'asc' } } } as const;

/** The total is not stored: it is the sum of the lines, so the two can never disagree. */
export function toOrderRecord(row: OrderWithLinesRow): OrderRecord {
  const lines = [...row.lines]
    .sort((a, b) => a.position - b.position)
    .map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
    }));
  return {
    id: row.id,
    customerId: row.customerId,
    idempotencyKey: row.idempotencyKey,
    status: row.status,
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.totalCents, 0),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
