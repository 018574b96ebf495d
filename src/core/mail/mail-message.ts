import { PermanentMailError } from './mail-errors.js';

/**
 * A Message-ID derived from an event (`<evt-<eventId>@<domain>>`), never
 * invented: a job that sends again after a crash sends the same message, and
 * a reader's mail client shows it once. The brand makes messageIdFor the only
 * way to get one.
 */
export type MessageId = string & { readonly __brand: 'MessageId' };

/** What a message says, as the message functions build it. */
export interface MailContent {
  /** One address, nothing else: no display name, no list. */
  to: string;
  /** One line. */
  subject: string;
  text: string;
  html?: string;
}

/** What a Mailer sends. */
export interface MailMessage extends MailContent {
  messageId: MessageId;
}

// Event ids are the core's UUIDs; letters, digits, '-' and '_' also keep the id safe as a file name.
const EVENT_ID = /^[A-Za-z0-9_-]{1,100}$/;
// A host name: dot-separated labels (localhost included), the right-hand side of the sender's address.
const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const MESSAGE_ID = /^<evt-([A-Za-z0-9_-]{1,100})@([^<>@\s]+)>$/;
// One mailbox (RFC 5321/6531): a dot-atom local part, then a host name, either may be non-ASCII
// (nodemailer sends IDN hosts as punycode, non-ASCII local parts with SMTPUTF8). No space, comma,
// quote, angle bracket or control character, so an address can never turn into a display name,
// a second recipient or a header.
const ATOM = "(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]|[^\\p{ASCII}\\p{C}\\p{Z}])+";
const LOCAL_PART = new RegExp(`^${ATOM}(?:\\.${ATOM})*$`, 'u');
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`, 'u');

/** The Message-ID of the message sent for an event, by the sender's domain. Same event, same id. */
export function messageIdFor(eventId: string, domain: string): MessageId {
  if (!EVENT_ID.test(eventId)) throw new RangeError(`not an event id for a Message-ID: ${JSON.stringify(eventId)}`);
  if (!isMailDomain(domain)) throw new RangeError(`not a domain for a Message-ID: ${JSON.stringify(domain)}`);
  return `<evt-${eventId}@${domain.toLowerCase()}>` as MessageId;
}

/** The event id a Message-ID was derived from, or null when it was not made by messageIdFor. */
export function eventIdOf(messageId: string): string | null {
  return MESSAGE_ID.exec(messageId)?.[1] ?? null;
}

/** A host name that can be the right-hand side of a Message-ID (the sender's domain). */
export const isMailDomain = (domain: string): boolean => DOMAIN.test(domain);

export function isSingleMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  return at > 0 && [...local].length <= 64 && LOCAL_PART.test(local) && HOST.test(address.slice(at + 1));
}

/**
 * What every Mailer checks before handing a message to its transport, so a
 * malformed one is refused the same way by each (permanent: sending it again
 * cannot help). The message functions never produce one; this is the wall.
 */
export function assertSendable(message: MailMessage): void {
  if (eventIdOf(message.messageId) === null) throw new PermanentMailError('the Message-ID is not derived from an event');
  if (!isSingleMailbox(message.to)) throw new PermanentMailError('the recipient is not one valid address');
  if (/[\r\n]/.test(message.subject)) throw new PermanentMailError('the subject is not one line');
}
