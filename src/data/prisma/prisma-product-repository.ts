import { STOCK_MAX, type Product } from '../../core/catalog/product.js';
import type { ProductChanges, ProductFilter, ProductRepository, RestockOutcome } from '../../core/catalog/product-repository.js';
import type { PagePosition } from '../../core/shared/paging.js';
import type { Prisma, PrismaClient } from './generated/client.js';
import { conflictOnDuplicate, isRecordNotFound } from './prisma-errors.js';
import { toProduct } from './records.js';

// Ids are fresh UUIDs, so a P2002 on a product write is the sku index.
const SKU_TAKEN = 'SKU already taken';

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

  async insert(product: Product): Promise<void> {
    const { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt } = product;
    await conflictOnDuplicate(
      () => this.prisma.product.create({ data: { id, sku, name, description, priceCents, stock, archived, createdAt, updatedAt } }),
      SKU_TAKEN,
    );
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

  async update(id: string, changes: ProductChanges): Promise<Product | null> {
    // Named fields only (never stock): whatever else the object carries at runtime is not written.
    const { sku, name, description, priceCents, archived, updatedAt } = changes;
    try {
      const row = await conflictOnDuplicate(
        () => this.prisma.product.update({ where: { id }, data: { sku, name, description, priceCents, archived, updatedAt } }),
        SKU_TAKEN,
      );
      return toProduct(row);
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  async restock(id: string, quantity: number, at: Date): Promise<RestockOutcome> {
    // One conditional UPDATE ... RETURNING: PostgreSQL re-checks the condition on the locked row,
    // so racing restocks each add their units, and none passes STOCK_MAX.
    const [row] = await this.prisma.product.updateManyAndReturn({
      where: { id, stock: { lte: STOCK_MAX - quantity } },
      data: { stock: { increment: quantity }, updatedAt: at },
    });
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
