/**
 * Typed documents for the parity suite (tests/parity). They live here because
 * codegen.yml reads documents from tests/entry-points/graphql/** only. The
 * suite reuses documents.ts where an operation already selects what it needs;
 * this one asks for whole users, so a page compares field by field with REST
 * and the CLI.
 */
import { graphql } from '../../support/graphql/generated/index.js';

export const PARITY_USERS_PAGE = graphql(`query ParityUsersPage($first: Int, $after: String) {
  users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...UserFields } } }
}`);

// The catalog and orders (orders.graphql): whole products and orders, customer and line products
// included, so every outcome compares field by field with REST's and the CLI's JSON.
graphql(`fragment ParityProduct on Product { id sku name description priceCents stock archived createdAt updatedAt }`);
graphql(`fragment ParityOrder on Order {
  id status totalCents createdAt updatedAt
  customer { ...UserFields }
  lines { quantity unitPriceCents totalCents product { ...ParityProduct } }
}`);

export const PARITY_CREATE_PRODUCT = graphql(`mutation ParityCreateProduct($input: CreateProductInput!) {
  createProduct(input: $input) { ...ParityProduct }
}`);
export const PARITY_PRODUCTS_PAGE = graphql(`query ParityProductsPage($first: Int, $after: String, $search: String, $includeArchived: Boolean) {
  products(first: $first, after: $after, search: $search, includeArchived: $includeArchived) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...ParityProduct } }
  }
}`);
export const PARITY_PRODUCT = graphql(`query ParityProduct($id: ID!) { product(id: $id) { ...ParityProduct } }`);
export const PARITY_UPDATE_PRODUCT = graphql(`mutation ParityUpdateProduct($id: ID!, $input: UpdateProductInput!) {
  updateProduct(id: $id, input: $input) { ...ParityProduct }
}`);
export const PARITY_RESTOCK_PRODUCT = graphql(`mutation ParityRestockProduct($id: ID!, $quantity: Int!) {
  restockProduct(id: $id, quantity: $quantity) { ...ParityProduct }
}`);
export const PARITY_PLACE_ORDER = graphql(`mutation ParityPlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { ...ParityOrder } }`);
export const PARITY_ORDER = graphql(`query ParityOrder($id: ID!) { order(id: $id) { ...ParityOrder } }`);
export const PARITY_ORDERS_PAGE = graphql(`query ParityOrdersPage($first: Int, $after: String, $status: OrderStatus, $customerId: ID) {
  orders(first: $first, after: $after, status: $status, customerId: $customerId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...ParityOrder } }
  }
}`);
export const PARITY_CANCEL_ORDER = graphql(`mutation ParityCancelOrder($id: ID!) { cancelOrder(id: $id) { ...ParityOrder } }`);
export const PARITY_SET_ORDER_STATUS = graphql(`mutation ParitySetOrderStatus($id: ID!, $status: OrderStatus!) {
  setOrderStatus(id: $id, status: $status) { ...ParityOrder }
}`);
export const PARITY_SALES_REPORT = graphql(`query ParitySalesReport($from: DateTime!, $to: DateTime!) {
  salesReport(from: $from, to: $to) { unitsSold revenueCents orderCount product { ...ParityProduct } }
}`);
