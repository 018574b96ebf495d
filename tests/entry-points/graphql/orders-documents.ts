/**
 * The catalog and orders operations a client sends (orders.graphql), typed by
 * codegen against ./schema.graphql like documents.ts.
 */
import type { OrderFieldsFragment, ProductFieldsFragment } from '../../support/graphql/generated/graphql.js';
import { graphql } from '../../support/graphql/generated/index.js';

graphql(`fragment ProductFields on Product { id sku name description priceCents stock archived createdAt updatedAt }`);
graphql(`fragment OrderFields on Order {
  id status totalCents createdAt updatedAt
  customer { id email firstName lastName role createdAt updatedAt }
  lines { quantity unitPriceCents totalCents product { ...ProductFields } }
}`);

export const CREATE_PRODUCT = graphql(`mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { ...ProductFields } }`);
export const UPDATE_PRODUCT = graphql(`mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { ...ProductFields } }`);
export const RESTOCK_PRODUCT = graphql(`mutation RestockProduct($id: ID!, $quantity: Int!) { restockProduct(id: $id, quantity: $quantity) { ...ProductFields } }`);
export const PRODUCT = graphql(`query Product($id: ID!) { product(id: $id) { ...ProductFields } }`);
export const PRODUCTS = graphql(`query Products($first: Int, $after: String, $search: String, $includeArchived: Boolean) {
  products(first: $first, after: $after, search: $search, includeArchived: $includeArchived) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...ProductFields } }
  }
}`);
export const PRODUCTS_WITHOUT_TOTAL = graphql(`query ProductsWithoutTotal($first: Int) { products(first: $first) { edges { node { id } } } }`);

export const PLACE_ORDER = graphql(`mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { ...OrderFields } }`);
export const ORDER = graphql(`query Order($id: ID!) { order(id: $id) { ...OrderFields } }`);
export const ORDERS = graphql(`query Orders($first: Int, $after: String, $status: OrderStatus, $customerId: ID) {
  orders(first: $first, after: $after, status: $status, customerId: $customerId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...OrderFields } }
  }
}`);
export const ORDER_IDS = graphql(`query OrderIds($first: Int, $after: String) {
  orders(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } }
}`);
/** The nested read whose store round trips must not grow with the page (CONTRACT.md, "nested reads"). */
export const ORDERS_NESTED = graphql(`query OrdersNested($first: Int) {
  orders(first: $first) { edges { node { customer { id } lines { product { id } } } } }
}`);
export const CANCEL_ORDER = graphql(`mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { ...OrderFields } }`);
export const SET_ORDER_STATUS = graphql(`mutation SetOrderStatus($id: ID!, $status: OrderStatus!) { setOrderStatus(id: $id, status: $status) { ...OrderFields } }`);
export const SALES_REPORT = graphql(`query SalesReport($from: DateTime!, $to: DateTime!) {
  salesReport(from: $from, to: $to) { unitsSold revenueCents orderCount product { id sku } }
}`);

/** The contract's largest legitimate document (document-limits.ts prices it at 4700 of 5000). */
export const LARGEST_ORDER_PAGE = `{ orders(first: 100) { totalCount edges { cursor node { id status totalCents createdAt updatedAt
  customer { id email firstName lastName role createdAt updatedAt }
  lines { quantity unitPriceCents totalCents product { id sku name description priceCents stock archived createdAt updatedAt } } } }
  pageInfo { hasNextPage endCursor } } }`;

export type ProductJson = ProductFieldsFragment;
export type OrderJson = OrderFieldsFragment;

let sku = 0;
/** A valid createProduct input with a fresh sku. */
export const newProduct = <T extends object = {}>(overrides: T = {} as T) => {
  sku += 1;
  return { sku: `SKU-${sku}`, name: `Product ${sku}`, description: 'A fine thing', priceCents: 1250, stock: 10, ...overrides };
};
