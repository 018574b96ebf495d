import type { NodemailerError } from 'nodemailer';
import { type MailError, PermanentMailError, TransientMailError } from '../../core/mail/mail-errors.js';

/**
 * Nodemailer's error, by its typed fields (never its text), as the core's two
 * kinds. Permanent only when the server refused the recipient or the message
 * for good (EENVELOPE/EMESSAGE with a 5xx reply; nodemailer sets `permanent`
 * from the reply class, 503 excepted), or nodemailer found no valid
 * recipient before sending. Everything else is transient: 4xx replies,
 * ECONNECTION/ESOCKET/ETIMEDOUT/EDNS/ETLS, and EAUTH too, since wrong SMTP
 * credentials are the operator's to fix and the messages are not at fault
 * (the queue's bounded attempts keep that from retrying forever).
 */
export function mailFailure(error: unknown): MailError {
  const failure = (error ?? {}) as NodemailerError;
  const refusedPart = failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE';
  const reply = failure.responseCode;
  if (refusedPart && (failure.permanent === true || reply === undefined)) {
    const part = failure.code === 'EMESSAGE' ? 'message' : failure.command === 'MAIL FROM' ? 'sender' : 'recipient';
    return new PermanentMailError(`the mail server refused the ${part}`, reply, { cause: error });
  }
  const what = reply !== undefined ? `answered ${reply}` : `failed (${failure.code ?? 'unknown error'})`;
  return new TransientMailError(`the mail server ${what}; retry later`, reply, { cause: error });
}
