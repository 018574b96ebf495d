import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { TransientMailError } from '../../core/mail/mail-errors.js';
import { assertSendable, eventIdOf, type MailMessage } from '../../core/mail/mail-message.js';
import type { Mailer, MailReceipt } from '../../core/mail/mailer.js';

export interface FileMailerOptions {
  /** Where the .eml files go (`<DATA_DIR>/mail`); made when missing. */
  directory: string;
  from: string;
}

/**
 * The development Mailer (no SMTP_URL): each message becomes an RFC 5322
 * file, `evt-<eventId>.eml`, that any mail client opens. Named by the event
 * the Message-ID came from, so sending the same event again replaces the
 * file instead of adding one; written to a temporary name and renamed, so a
 * crash never leaves half a message under the final name. A write that
 * fails is a TransientMailError, like an SMTP server that does not answer.
 */
export function createFileMailer(options: FileMailerOptions): Mailer {
  // CRLF line ends, as RFC 5322 has them; nodemailer builds the whole message (headers, MIME, encoding).
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let closed = false;
  return {
    async send(message: MailMessage): Promise<MailReceipt> {
      if (closed) throw new Error('the file mailer is closed');
      assertSendable(message);
      const info = await composer.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        messageId: message.messageId,
      });
      const path = join(options.directory, `evt-${eventIdOf(message.messageId)!}.eml`);
      try {
        await mkdir(options.directory, { recursive: true });
        const partial = `${path}.${process.pid}.${Date.now()}.partial`;
        await writeFile(partial, info.message as Buffer);
        await rename(partial, path);
      } catch (error) {
        // A full disk or a directory it may not write: the operator's to fix, the message is fine.
        throw new TransientMailError(`could not write ${path}; retry later`, undefined, { cause: error });
      }
      return { messageId: message.messageId, path };
    },
    async close() {
      closed = true;
    },
  };
}
