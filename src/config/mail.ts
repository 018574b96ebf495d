import type { Mailer } from '../core/mail/mailer.js';
import type { MailConfig } from './env.js';

/**
 * Picks the Mailer from the configuration: SMTP when SMTP_URL is set,
 * otherwise the development transport that writes .eml files under
 * DATA_DIR/mail. Called at start-up, before scripts/register.mjs drops its
 * TypeScript hooks: a transport imported lazily on the first message would
 * no longer load.
 */
export async function createMailer(config: MailConfig): Promise<Mailer> {
  if (config.transport.type === 'smtp') {
    const { createSmtpMailer } = await import('../data/mail/smtp-mailer.js');
    return createSmtpMailer({ url: config.transport.url, from: config.from });
  }
  const { createFileMailer } = await import('../data/mail/file-mailer.js');
  return createFileMailer({ directory: config.transport.directory, from: config.from });
}
