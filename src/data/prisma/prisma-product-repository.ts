import { STOCK_MAX, type Product } from '../../core/catalog/product.js';
import type { ProductChanges, ProductFilter, ProductRepository, RestockOutcome } from '../../core/catalog/product-repository.js';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { PagePosition } from '../../core/shared/paging.js';
import { Prisma, type PrismaClient, type Product as ProductRow } from './generated/client.js';
import { conflictOnDuplicate, isRecordNotFound } from './prisma-errors.js';
import { insertEventsIfChanged, withEvents } from './prisma-outbox.js';
import { toProduct } from './records.js';

// Ids are fresh UUIDs, so a P2002 on a product write is the sku index.
const SKU_TAKEN = 'SKU already taken';

/** products' columns under the Product model's field names, for raw statements read with toProduct. */
const PRODUCT_COLUMNS = Prisma.raw(
  'id, sku, name, description, price_cents AS "priceCents", stock, archived, created_at AS "createdAt", updated_at AS "updatedAt"',
);

const literalLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The list filter as a WHERE: archived rows out unless asked for, search on name or sku. */
function whereOf(filter: ProductFilter): Prisma.ProductWhereInput {
  const where: Prisma.ProductWhereInput = {};
  if (!filter.includeArchived) where.archived = false;
  if (filter.search !== undefined) {
    // Prisma's `contains` is ILIKE '%' || value || '%' and leaves wildcards in the value alone:
    // escaped (with LIKE's default escape, the backslash) they match literally.
    const contains = { contains: literalLike(filter.search), mode: 'insensitive' } as const;
    where.OR = [{ name: contains }, { sku: contains }];
  }
  return where;
}

export class PrismaProductRepository implements ProductRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(product: Product, events: readonly DomainEvent[] = []): Promise<void> {
    const { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt } = product;
    const create = () => this.prisma.product.create({ data: { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt } });
    await conflictOnDuplicate(() => withEvents(this.prisma, create, events), SKU_TAKEN);
  }

  async findById(id: string): Promise<Product | null> {
    const row = await this.prisma.product.findUnique({ where: { id } });
    return row && toProduct(row);
  }

  async findManyByIds(ids: readonly string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.product.findMany({ where: { id: { in: [...new Set(ids)] } } });
    return rows.map(toProduct);
  }

  async update(id: string, changes: ProductChanges, events: readonly DomainEvent[] = []): Promise<Product | null> {
    // Named fields only (never stock): whatever else the object carries at runtime is not written.
    const { sku, name, description, priceCents, archived, updatedAt } = changes;
    const update = () => this.prisma.product.update({ where: { id }, data: { sku, name, description, priceCents, archived, updatedAt } });
    try {
      // An update that finds nothing (P2025) or is refused (P2002) fails the batch, events and all.
      const row = await conflictOnDuplicate(() => withEvents(this.prisma, update, events), SKU_TAKEN);
      return toProduct(row);
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  async restock(id: string, quantity: number, at: Date, events: readonly DomainEvent[] = []): Promise<RestockOutcome> {
    // One conditional UPDATE ... RETURNING: PostgreSQL re-checks the condition on the locked row,
    // so racing restocks each add their units, and none passes STOCK_MAX. With events, the same
    // UPDATE in a WITH clause whose INSERT writes them only if it changed the row: still one statement.
    const [row] =
      events.length === 0
        ? await this.prisma.product.updateManyAndReturn({
            where: { id, stock: { lte: STOCK_MAX - quantity } },
            data: { stock: { increment: quantity }, updatedAt: at },
          })
        : await this.prisma.$queryRaw<ProductRow[]>`
            WITH restocked AS (
              UPDATE products SET stock = stock + ${quantity}::int, updated_at = ${at}::timestamptz
               WHERE id = ${id} AND stock <= ${STOCK_MAX - quantity}::int
              RETURNING ${PRODUCT_COLUMNS}
            ), events AS (${insertEventsIfChanged(events, 'restocked')})
            SELECT * FROM restocked`;
    if (row) return { kind: 'restocked', product: toProduct(row) };
    const current = await this.findById(id);
    return current ? { kind: 'over-limit', product: current } : { kind: 'not-found' };
  }

  async page({ limit, after, filter }: { limit: number; after?: PagePosition; filter: ProductFilter }): Promise<Product[]> {
    const where = whereOf(filter);
    const rows = await this.prisma.product.findMany({
      // The redundant `created_at >= $1` bounds the index range scan at the cursor (prisma-order-repository.ts, `before`).
      where: after
        ? {
            AND: [
              where,
              {
                createdAt: { gte: after.createdAt },
                OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
              },
            ],
          }
        : where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map(toProduct);
  }

  count(filter: ProductFilter): Promise<number> {
    return this.prisma.product.count({ where: whereOf(filter) });
  }
}
