/**
 * One client interface over three transports. Each driver sends the request
 * its transport's way and returns a normalized outcome, so a scenario is
 * written once and its outcomes compare with toEqual.
 */

export type TransportName = 'graphql' | 'rest' | 'cli';

/** A user as every transport prints it: the GraphQL User fields, dates as ISO-8601 strings. */
export interface UserData {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  createdAt: string;
  updatedAt: string;
}

/** REST's and the CLI's page shape; the GraphQL driver flattens its edges into it. */
export interface PageData {
  users: UserData[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface AuthData {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserData;
}

export interface DeletedData {
  deleted: string;
}

export interface LoggedOutData {
  loggedOut: string;
}

export type Ok<T> = { ok: true; data: T };
/** fields: the names of the fields at fault, in the order given; only when there are some. */
export type Failed = { ok: false; code: string; fields?: string[] };
/** No user has the id: GraphQL `user(id)` null, REST GET 404 NOT_FOUND, CLI `users get` NOT_FOUND. */
export type Absent = { absent: true };
export type Outcome<T> = Ok<T> | Failed | Absent;

export const ABSENT: Absent = { absent: true };

/**
 * Who sends a request. HTTP drivers log `email` in over their own transport and
 * send the token. The CLI has no users: it runs as the operator, who may stand
 * in for an administrator or for "any signed-in caller", never for one
 * particular USER or for nobody (CliNotApplicable).
 */
export type Caller =
  | { kind: 'user'; email: string; password: string }
  | { kind: 'admin'; email: string; password: string }
  | { kind: 'signed-in'; email: string; password: string }
  | { kind: 'anonymous' };

export interface SignUpInput {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
}

export interface Driver extends CatalogDriver {
  readonly name: TransportName;
  /** Public sign-up (the CLI: `users create` without --role). */
  signUp(input: SignUpInput): Promise<Outcome<UserData>>;
  login(email: string, password: string): Promise<Outcome<AuthData>>;
  getUser(id: string, as: Caller): Promise<Outcome<UserData>>;
  listUsers(page: { first?: number; after?: string }, as: Caller): Promise<Outcome<PageData>>;
  updateUser(id: string, changes: UserChanges, as: Caller): Promise<Outcome<UserData>>;
  deleteUser(id: string, as: Caller): Promise<Outcome<DeletedData>>;
  /**
   * Ends every session of user `id`. GraphQL and REST end the caller's own (they
   * take no id: a scenario passes the caller's); the CLI names the user.
   */
  logoutAll(id: string, as: Caller): Promise<Outcome<LoggedOutData>>;
}

/** A product as every transport prints it: the GraphQL Product fields, dates as ISO-8601 strings. */
export interface ProductData {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/** An order as every transport prints it: what GraphQL resolves, customer and line products embedded. */
export interface OrderData {
  id: string;
  customer: UserData | null;
  status: string;
  lines: { product: ProductData; quantity: number; unitPriceCents: number; totalCents: number }[];
  totalCents: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPageData {
  products: ProductData[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface OrderPageData {
  orders: OrderData[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface SalesRowData {
  product: ProductData;
  unitsSold: number;
  revenueCents: number;
  orderCount: number;
}

export interface NewProduct {
  sku: string;
  name: string;
  description?: string;
  priceCents: number;
  stock?: number;
}

export interface ProductChanges {
  sku?: string;
  name?: string;
  description?: string;
  priceCents?: number;
  archived?: boolean;
}

export interface OrderLineInput {
  productId: string;
  quantity: number;
}

/** The catalog and orders half (orders.graphql, CONTRACT.md "Catalog and orders"). */
export interface CatalogDriver {
  createProduct(input: NewProduct, as: Caller): Promise<Outcome<ProductData>>;
  listProducts(query: { first?: number; after?: string; search?: string; includeArchived?: boolean }, as: Caller): Promise<Outcome<ProductPageData>>;
  /** Absent when no product has the id. */
  getProduct(id: string, as: Caller): Promise<Outcome<ProductData>>;
  updateProduct(id: string, changes: ProductChanges, as: Caller): Promise<Outcome<ProductData>>;
  restockProduct(id: string, quantity: number, as: Caller): Promise<Outcome<ProductData>>;
  /** REST: 201 for a new order, 200 for a repeat with the same key; both are a success here (the REST suite tells them apart). */
  placeOrder(input: { lines: OrderLineInput[]; idempotencyKey?: string }, as: Caller): Promise<Outcome<OrderData>>;
  /** Absent when there is no order the caller may see. */
  getOrder(id: string, as: Caller): Promise<Outcome<OrderData>>;
  listOrders(query: { first?: number; after?: string; status?: string; customerId?: string }, as: Caller): Promise<Outcome<OrderPageData>>;
  cancelOrder(id: string, as: Caller): Promise<Outcome<OrderData>>;
  setOrderStatus(id: string, status: string, as: Caller): Promise<Outcome<OrderData>>;
  salesReport(range: { from: string; to: string }, as: Caller): Promise<Outcome<SalesRowData[]>>;
}

/**
 * Thrown when a scenario asks a driver for something its transport has no
 * concept of. Scenarios say so in their `notApplicable` column; this makes a
 * table that forgets fail loudly instead of running something else.
 */
export class NotApplicableError extends Error {}
