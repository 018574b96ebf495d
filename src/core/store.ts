import type { Outbox } from './events/outbox.js';
import type { SentMailLog } from './mail/sent-mail-log.js';
import type { ProductRepository } from './catalog/product-repository.js';
import type { OrderRepository } from './orders/order-repository.js';
import type { SalesExportRepository } from './reports/sales-export-repository.js';
import type { RefreshTokenRepository } from './auth/refresh-token-repository.js';
import type { StoreAvailability } from './shared/store-availability.js';
import type { UserRepository } from './users/user-repository.js';

/** What a data adapter hands to the composition root: the ports, plus its lifecycle. */
export interface Store {
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  readonly products: ProductRepository;
  readonly orders: OrderRepository;
  /** Sales report exports and their CSV. */
  readonly salesExports: SalesExportRepository;
  /** The events written with every change, for the relay. */
  readonly outbox: Outbox;
  /** Which events' mail was sent. */
  readonly sentMail: SentMailLog;
  /** Stores reached over a network say whether they are known to be down; the others are always available. */
  readonly availability?: StoreAvailability;
  /** Resolves when the database answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
