import type { Mailer } from '../core/mail/mailer.js';
import type { MailConfig } from './env.js';

/**
 * Picks the Mailer from the configuration: SMTP when SMTP_URL is set,
 * otherwise the development transport that writes .eml files under
 * DATA_DIR/mail. The transport (nodemailer, about 0.1 s to load) is loaded
 * on the first message, not at start-up: a server that sends no mail in its
 * first seconds answers its first request sooner.
 */
export async function createMailer(config: MailConfig): Promise<Mailer> {
  let opened: Promise<Mailer> | undefined;
  let closed = false;
  const open = async (): Promise<Mailer> => {
    if (config.transport.type === 'smtp') {
      const { createSmtpMailer } = await import('../data/mail/smtp-mailer.js');
      return createSmtpMailer({ url: config.transport.url, from: config.from });
    }
    const { createFileMailer } = await import('../data/mail/file-mailer.js');
    return createFileMailer({ directory: config.transport.directory, from: config.from });
  };
  return {
    async send(message) {
      if (closed) throw new Error('the mailer is closed');
      return (await (opened ??= open())).send(message);
    },
    async close() {
      closed = true;
      if (opened) await (await opened).close();
    },
  };
}
