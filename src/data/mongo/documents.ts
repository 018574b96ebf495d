import type { RefreshTokenRecord } from '../../core/auth/refresh-token-repository.js';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { Product } from '../../core/catalog/product.js';
import type { OrderLine, OrderRecord, OrderStatus } from '../../core/orders/order.js';
import type { SalesExport } from '../../core/reports/sales-export.js';
import type { CallerRecord, UserRecord } from '../../core/users/user.js';
import type { UserChanges } from '../../core/users/user-repository.js';

/**
 * The shape of stored documents, and the only place that converts between
 * them and core records. The core's id string is the `_id`, so no ObjectId is
 * ever made or returned; dates are BSON dates (millisecond precision, like the
 * core's Date).
 */
export const COLLECTIONS = {
  users: 'users',
  refreshTokens: 'refreshTokens',
  refreshTokenRevocations: 'refreshTokenRevocations',
  documentLocks: 'documentLocks',
  products: 'products',
  orders: 'orders',
  salesExports: 'salesExports',
  salesExportChunks: 'salesExportChunks',
  outboxMarks: 'outboxMarks',
  sentMail: 'sentMail',
} as const;

/**
 * A domain event as embedded in the document whose change it describes
 * (`outbox` on users, products and orders), written in the same
 * single-document write as that change. Removed from there once sent
 * (mongo-outbox.ts); never returned to the core by the record mappers.
 */
export interface StoredEvent {
  id: string;
  type: DomainEvent['type'];
  at: Date;
  data: Record<string, unknown>;
}

/** The collections whose documents carry an `outbox`; each name is also its documents' lock prefix. */
export type EventSource =
  | typeof COLLECTIONS.users
  | typeof COLLECTIONS.products
  | typeof COLLECTIONS.orders
  | typeof COLLECTIONS.salesExports;

export const toStoredEvents = (events: readonly DomainEvent[]): StoredEvent[] =>
  events.map(({ id, type, at, data }) => ({ id, type, at, data: { ...data } }));

export const toDomainEvent = ({ id, type, at, data }: StoredEvent): DomainEvent => ({ id, type, at, data }) as DomainEvent;

/** The field of an inserted document holding its events: absent when there are none. */
export const outboxOf = (events: readonly DomainEvent[] | undefined): { outbox?: StoredEvent[] } =>
  events && events.length > 0 ? { outbox: toStoredEvents(events) } : {};

/** The `$push` that appends a change's events to its document, in the update that makes the change. */
export const pushEvents = (events: readonly DomainEvent[] | undefined): { $push?: { outbox: { $each: StoredEvent[] } } } =>
  events && events.length > 0 ? { $push: { outbox: { $each: toStoredEvents(events) } } } : {};

/**
 * An event's relay state, keyed by the event id, kept apart from the business
 * document so that claiming and marking never rewrite it. A unique `_id`
 * decides racing claims on every server. `source`/`documentId` say where the
 * event is embedded, for pruning it once sent.
 */
export interface OutboxMarkDocument {
  _id: string;
  source: EventSource;
  documentId: string;
  /** The claimer's clock plus its lease: another claim may take the event over from then on. */
  leasedUntil: Date;
  /** Set once relayed: no claim returns it again, even before it is pruned from its document. */
  sentAt?: Date;
}

/** The mail sent for an event (SentMailLog), keyed by the event id. */
export interface SentMailDocument {
  _id: string;
  messageId: string;
  sentAt: Date;
}

export interface UserDocument {
  _id: string;
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  role: UserRecord['role'];
  createdAt: Date;
  updatedAt: Date;
  /** Absent from documents written before token versions existed: reads as 0. */
  tokenVersion?: number;
  /** Events not yet relayed (see StoredEvent). */
  outbox?: StoredEvent[];
}

/** A refresh token as issued; never updated. Its revocation, if any, is a RevocationDocument. */
export interface RefreshTokenDocument {
  _id: string;
  tokenHash: string;
  userId: string;
  familyId: string;
  createdAt: Date;
  expiresAt: Date;
  /** Absent from tokens issued before token versions existed: reads as 0. */
  tokenVersion?: number;
}

/**
 * The fact that a token is revoked, keyed by the token's id: a unique `_id`
 * admits exactly one insert, which makes revocation a compare-and-set on any
 * MongoDB-protocol server (see MongoRefreshTokenRepository.revoke).
 */
export interface RevocationDocument {
  _id: string;
  userId: string;
  familyId: string;
  revokedAt: Date;
}

/** A held per-document lock (see DocumentLocks); `_id` is `<collection>:<document id>`. */
export interface LockDocument {
  _id: string;
  /** Random per acquisition: only its holder removes it. */
  owner: string;
  takenAt: Date;
}

export const toUserDocument = (user: UserRecord): UserDocument => ({
  _id: user.id,
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  passwordHash: user.passwordHash,
  role: user.role,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
  tokenVersion: user.tokenVersion,
});

export const toUserRecord = (doc: UserDocument): UserRecord => ({
  id: doc._id,
  email: doc.email,
  firstName: doc.firstName,
  lastName: doc.lastName,
  passwordHash: doc.passwordHash,
  role: doc.role,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
  tokenVersion: doc.tokenVersion ?? 0,
});

/** The projection of the caller check: no profile, never the password hash (`_id` comes by default). */
export const CALLER_PROJECTION = { role: 1, tokenVersion: 1 } as const;

export const toCallerRecord = (doc: Pick<UserDocument, '_id' | 'role' | 'tokenVersion'>): CallerRecord => ({
  id: doc._id,
  role: doc.role,
  tokenVersion: doc.tokenVersion ?? 0,
});

/**
 * The `$set` for an update. Fields left undefined are dropped: the driver
 * would otherwise store them as null.
 */
export function toUserSet(changes: UserChanges): Partial<Omit<UserDocument, '_id'>> {
  const set: Partial<Omit<UserDocument, '_id'>> = { updatedAt: changes.updatedAt };
  if (changes.email !== undefined) set.email = changes.email;
  if (changes.firstName !== undefined) set.firstName = changes.firstName;
  if (changes.lastName !== undefined) set.lastName = changes.lastName;
  if (changes.passwordHash !== undefined) set.passwordHash = changes.passwordHash;
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.tokenVersion !== undefined) set.tokenVersion = changes.tokenVersion;
  return set;
}

export const toRefreshTokenDocument = (token: RefreshTokenRecord): RefreshTokenDocument => ({
  _id: token.id,
  tokenHash: token.tokenHash,
  userId: token.userId,
  familyId: token.familyId,
  createdAt: token.createdAt,
  expiresAt: token.expiresAt,
  tokenVersion: token.tokenVersion,
});

export const toRevocationDocument = (
  token: Pick<RefreshTokenDocument, '_id' | 'userId' | 'familyId'>,
  revokedAt: Date,
): RevocationDocument => ({ _id: token._id, userId: token.userId, familyId: token.familyId, revokedAt });

export const toRefreshTokenRecord = (doc: RefreshTokenDocument, revocation: RevocationDocument | null): RefreshTokenRecord => ({
  id: doc._id,
  tokenHash: doc.tokenHash,
  userId: doc.userId,
  familyId: doc.familyId,
  createdAt: doc.createdAt,
  expiresAt: doc.expiresAt,
  revokedAt: revocation?.revokedAt ?? null,
  tokenVersion: doc.tokenVersion ?? 0,
});

/**
 * A product with its stock bookkeeping. `reservations` and `returns` are keyed
 * by markerKey(orderId) and written in the same single-document write as the
 * stock change they record, so a crash never separates the two (see
 * mongo-stock.ts); both are absent when empty and never leave this adapter.
 */
export interface ProductDocument {
  _id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Units taken by a placement not settled yet: order → quantity. */
  reservations?: Record<string, number>;
  /** Cancelled orders whose units this product has taken back: order → quantity. */
  returns?: Record<string, number>;
  /** Events not yet relayed (see StoredEvent). */
  outbox?: StoredEvent[];
}

/**
 * Where an order's placement stands. Only `settled` orders exist for reads;
 * `pending` is being reserved, `aborting` is being compensated and then deleted.
 */
export type Placement = 'pending' | 'settled' | 'aborting';

/** A line as the pending order records it, before it is priced. */
export interface RequestedLine {
  productId: string;
  quantity: number;
}

export interface OrderDocument {
  _id: string;
  customerId: string;
  idempotencyKey: string | null;
  /**
   * Unique across orders (a unique index on an always-present field, since
   * FerretDB 1.x has no partial indexes): the customer and key when a key is
   * given, else the order's own id.
   */
  idem: string;
  placement: Placement;
  /** The placing process's clock when it began: the sweep compensates placements left pending past its horizon. */
  pendingSince?: Date;
  /** Set at settlement; absent while pending. */
  status?: OrderStatus;
  /** Requested lines while pending, priced lines once settled. */
  lines: (RequestedLine | OrderLine)[];
  totalCents?: number;
  createdAt: Date;
  updatedAt: Date;
  /** A cancellation whose units are not all back in stock yet: when it began (the canceller's clock). */
  returningSince?: Date;
  /**
   * Events not yet relayed (see StoredEvent): a placement's go in with the
   * pending order, and the relay reads only settled orders' events, so those
   * of a compensated placement are deleted with its order.
   */
  outbox?: StoredEvent[];
}

export type SettledOrderDocument = Omit<OrderDocument, 'placement' | 'status' | 'lines' | 'totalCents'> & { placement: 'settled'; status: OrderStatus; lines: OrderLine[]; totalCents: number };

export const toProductDocument = (product: Product): ProductDocument => ({
  _id: product.id,
  sku: product.sku,
  name: product.name,
  description: product.description,
  priceCents: product.priceCents,
  stock: product.stock,
  archived: product.archived,
  createdAt: product.createdAt,
  updatedAt: product.updatedAt,
});

export const toProduct = (doc: ProductDocument): Product => ({
  id: doc._id,
  sku: doc.sku,
  name: doc.name,
  description: doc.description,
  priceCents: doc.priceCents,
  stock: doc.stock,
  archived: doc.archived,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

/** The projection of product reads: never the bookkeeping maps, which can be large under load, nor the events. */
export const PRODUCT_PROJECTION = { reservations: 0, returns: 0, outbox: 0 } as const;

export const idemOf = (order: { id: string; customerId: string; idempotencyKey: string | null }): string =>
  order.idempotencyKey === null ? `order:${order.id}` : `key:${JSON.stringify([order.customerId, order.idempotencyKey])}`;

export const toOrderRecord = (doc: SettledOrderDocument): OrderRecord => ({
  id: doc._id,
  customerId: doc.customerId,
  idempotencyKey: doc.idempotencyKey,
  status: doc.status,
  lines: doc.lines.map(({ productId, quantity, unitPriceCents, totalCents }) => ({ productId, quantity, unitPriceCents, totalCents })),
  totalCents: doc.totalCents,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

/**
 * An order id as a field name of `reservations`/`returns`: field names may
 * not contain `.` nor start with `$`, and any string is an id at the port.
 */
export const markerKey = (orderId: string): string => encodeURIComponent(orderId).replace(/\./g, '%2E');

/** A sales export; its CSV is in SalesExportChunkDocuments. */
export interface SalesExportDocument extends Omit<SalesExport, 'id'> {
  _id: string;
  /** The request's event until the relay has it (see mongo-outbox.ts). */
  outbox?: StoredEvent[];
}

/** One chunk of an export's CSV; `_id` is `<export id>:<chunk index>`, so a chunk goes in once. */
export interface SalesExportChunkDocument {
  _id: string;
  exportId: string;
  index: number;
  csv: string;
}

export const toSalesExportDocument = ({ id, ...rest }: SalesExport): SalesExportDocument => ({ _id: id, ...rest });

export const toSalesExport = (doc: SalesExportDocument): SalesExport => ({
  id: doc._id,
  status: doc.status,
  from: doc.from,
  to: doc.to,
  createdAt: doc.createdAt,
  startedAt: doc.startedAt ?? null,
  finishedAt: doc.finishedAt ?? null,
  requestedBy: doc.requestedBy ?? null,
  failureReason: doc.failureReason ?? null,
});
