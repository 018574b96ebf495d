import type { ProductRepository } from '../catalog/product-repository.js';
import type { DomainEvent } from '../events/domain-event.js';
import type { OrderRecord } from '../orders/order.js';
import type { OrderRepository } from '../orders/order-repository.js';
import type { Clock } from '../shared/clock.js';
import { toPublicUser } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import { type MailContent, messageIdFor } from './mail-message.js';
import type { Mailer } from './mailer.js';
import { orderCancelledMessage } from './order-cancelled-message.js';
import { orderConfirmationMessage } from './order-confirmation-message.js';
import type { ProductNames } from './order-lines.js';
import { orderStatusMessage } from './order-status-message.js';
import type { SentMailLog } from './sent-mail-log.js';
import { welcomeMessage } from './welcome-message.js';

export type SendEventMailOutcome =
  | { kind: 'sent'; messageId: string; to: string; path?: string }
  /** Its message went out before (the sent-mail log says so): nothing sent twice in steady state. */
  | { kind: 'already-sent' }
  /** This event sends no mail, or its user or order is gone (deleted before the worker got to it). */
  | { kind: 'nothing-to-send' };

/**
 * The mail an event calls for (welcome on sign-up, order confirmation,
 * status-change and cancellation notices), sent once per event in steady
 * state and at least once across crashes: the Message-ID is derived from the
 * event id, so a repeat is the same message. Reads the records as they are
 * now; the event carries only ids. PermanentMailError and TransientMailError
 * from the Mailer pass through for the caller to map (give up, retry).
 */
export class SendEventMail {
  constructor(
    private readonly deps: {
      users: UserRepository;
      orders: OrderRepository;
      products: ProductRepository;
      sentMail: SentMailLog;
      mailer: Mailer;
      clock: Clock;
      /** The sender's domain: the right-hand side of every Message-ID. */
      domain: string;
    },
  ) {}

  async execute(event: DomainEvent): Promise<SendEventMailOutcome> {
    if (!sendsMail(event)) return { kind: 'nothing-to-send' };
    if (await this.deps.sentMail.has(event.id)) return { kind: 'already-sent' };
    const content = await this.contentFor(event);
    if (!content) return { kind: 'nothing-to-send' };
    const messageId = messageIdFor(event.id, this.deps.domain);
    const receipt = await this.deps.mailer.send({ ...content, messageId });
    await this.deps.sentMail.record({ eventId: event.id, messageId, sentAt: this.deps.clock() });
    return { kind: 'sent', messageId, to: content.to, ...(receipt.path ? { path: receipt.path } : {}) };
  }

  private async contentFor(event: DomainEvent): Promise<MailContent | null> {
    switch (event.type) {
      case 'user.registered': {
        const user = await this.deps.users.findById(event.data.userId);
        return user && welcomeMessage(toPublicUser(user));
      }
      case 'order.placed': {
        const found = await this.orderAndCustomer(event.data.orderId);
        return found && orderConfirmationMessage({ ...found, productNames: await this.productNames(found.order) });
      }
      case 'order.status-changed': {
        const found = await this.orderAndCustomer(event.data.orderId);
        return found && orderStatusMessage({ ...found, change: { from: event.data.from, to: event.data.to, at: event.at } });
      }
      case 'order.cancelled': {
        const found = await this.orderAndCustomer(event.data.orderId);
        if (!found) return null;
        const change = { from: event.data.from, to: 'CANCELLED' as const, at: event.at };
        return orderCancelledMessage({ ...found, change, productNames: await this.productNames(found.order) });
      }
      default:
        return null;
    }
  }

  private async orderAndCustomer(orderId: string) {
    const order = await this.deps.orders.findById(orderId);
    const user = order && (await this.deps.users.findById(order.customerId));
    return order && user ? { order, customer: toPublicUser(user) } : null;
  }

  private async productNames(order: OrderRecord): Promise<ProductNames> {
    const products = await this.deps.products.findManyByIds(order.lines.map((line) => line.productId));
    return new Map(products.map((product) => [product.id, product.name]));
  }
}

const MAIL_EVENTS: ReadonlySet<DomainEvent['type']> = new Set(['user.registered', 'order.placed', 'order.status-changed', 'order.cancelled']);

/** Whether an event of this kind sends mail at all (the others need no read and no log entry). */
export const sendsMail = (event: Pick<DomainEvent, 'type'>): boolean => MAIL_EVENTS.has(event.type);
