import type { MailMessage } from './mail-message.js';

/** What a Mailer reports of a message it took. */
export interface MailReceipt {
  messageId: string;
  /** Where the development transport wrote the message (an .eml file), for the log; absent for SMTP. */
  path?: string;
}

/**
 * The mail port. `send` resolves once the transport has taken the message
 * (the SMTP server accepted it; the file is written), or rejects with a
 * PermanentMailError (do not retry) or a TransientMailError (retry later).
 * Retrying is the queue's job, not the Mailer's. Delivery is at least once:
 * a message accepted just before a crash is sent again, with the same
 * Message-ID, by the retried job.
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
  /** Ends pooled connections; a closed Mailer sends nothing more. */
  close(): Promise<void>;
}
