import type { Actor } from '../../core/auth/actor.js';
import type { Product } from '../../core/catalog/product.js';
import type { ProductSalesRow } from '../../core/orders/order-repository.js';
import type { Order, OrderStatus } from '../../core/orders/order.js';
import type { UseCases } from '../../core/use-cases.js';
import { type UserJson, userJson } from './user-json.js';
import { type ProductJson, productJson } from './product-json.js';

/** An order as REST and the CLI print it: what GraphQL resolves, `customer` and each line's `product` embedded. */
export interface OrderJson {
  id: string;
  /** Null once the customer has been deleted. */
  customer: UserJson | null;
  status: OrderStatus;
  lines: { product: ProductJson; quantity: number; unitPriceCents: number; totalCents: number }[];
  totalCents: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProductSalesJson {
  product: ProductJson;
  unitsSold: number;
  revenueCents: number;
  orderCount: number;
}

const unique = (ids: Iterable<string>): string[] => [...new Set(ids)];

/**
 * Every product of `ids`, read in one batched call. Products are never
 * deleted, so one an order or a report names always exists; a missing one is
 * a broken store, reported as such rather than printed as null.
 */
async function productsById(ids: string[], useCases: UseCases): Promise<Map<string, Product>> {
  const products = await useCases.getProductsByIds.execute(ids);
  const byId = new Map<string, Product>();
  ids.forEach((id, index) => {
    const product = products[index];
    if (!product) throw new Error(`product ${id} named by an order is missing`);
    byId.set(id, product);
  });
  return byId;
}

/**
 * Orders with their customers and products embedded: one batched read of the
 * users and one of the products for the whole list, whatever its length
 * (CONTRACT.md, "nested reads"). The customers are read as `actor`, who may
 * see them: an order's reader is its customer or an ADMIN.
 */
export async function ordersJson(orders: readonly Order[], useCases: UseCases, actor: Actor): Promise<OrderJson[]> {
  if (orders.length === 0) return [];
  const customerIds = unique(orders.map((order) => order.customerId));
  const [customers, products] = await Promise.all([
    useCases.getUsersByIds.execute(customerIds, actor),
    productsById(unique(orders.flatMap((order) => order.lines.map((line) => line.productId))), useCases),
  ]);
  const customerById = new Map(customerIds.map((id, index) => [id, customers[index] ?? null]));
  return orders.map((order) => {
    const customer = customerById.get(order.customerId) ?? null;
    return {
      id: order.id,
      customer: customer && userJson(customer),
      status: order.status,
      lines: order.lines.map((line) => ({
        product: productJson(products.get(line.productId)!),
        quantity: line.quantity,
        unitPriceCents: line.unitPriceCents,
        totalCents: line.totalCents,
      })),
      totalCents: order.totalCents,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
    };
  });
}

export async function orderJson(order: Order, useCases: UseCases, actor: Actor): Promise<OrderJson> {
  const [json] = await ordersJson([order], useCases, actor);
  return json!;
}

/** Report rows with their products embedded, read in one batched call. */
export async function salesJson(rows: readonly ProductSalesRow[], useCases: UseCases): Promise<ProductSalesJson[]> {
  if (rows.length === 0) return [];
  const products = await productsById(unique(rows.map((row) => row.productId)), useCases);
  return rows.map((row) => ({
    product: productJson(products.get(row.productId)!),
    unitsSold: row.unitsSold,
    revenueCents: row.revenueCents,
    orderCount: row.orderCount,
  }));
}
