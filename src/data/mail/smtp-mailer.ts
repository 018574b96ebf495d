import nodemailer from 'nodemailer';
import { assertSendable, type MailMessage } from '../../core/mail/mail-message.js';
import type { Mailer, MailReceipt } from '../../core/mail/mailer.js';
import { mailFailure } from './mail-failure.js';

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  url: string;
  /** The From header, e.g. `flexible-backend <no-reply@example.com>`. */
  from: string;
  /** Milliseconds; the defaults bound every wait well under a job's lock time. */
  timeouts?: { connect?: number; greeting?: number; socket?: number };
  maxConnections?: number;
}

/**
 * The Mailer over SMTP, through a pool of nodemailer connections. Each send
 * is one attempt: a failure is reported as permanent or transient and the
 * queue decides on a retry. (The pool itself re-queues a message only when
 * its connection closed before the message was read, which cannot send it
 * twice.)
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 3,
    // Nodemailer's defaults wait 2 minutes to connect and 10 minutes on a silent socket.
    connectionTimeout: options.timeouts?.connect ?? 10_000,
    greetingTimeout: options.timeouts?.greeting ?? 10_000,
    socketTimeout: options.timeouts?.socket ?? 30_000,
  });
  let closed = false;
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      if (closed) throw new Error('the SMTP mailer is closed');
      assertSendable(message);
      try {
        await transport.sendMail({
          from: options.from,
          // One mailbox (assertSendable), so the envelope nodemailer derives has exactly this recipient.
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.html === undefined ? {} : { html: message.html }),
          messageId: message.messageId,
        });
      } catch (error) {
        throw mailFailure(error);
      }
      return { messageId: message.messageId };
    },
    async close() {
      closed = true;
      transport.close();
    },
  };
}
