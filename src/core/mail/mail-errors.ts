/**
 * Why a message was not delivered, in the two kinds a job acts on. These are
 * not AppErrors: no client ever sees them (nothing a request does sends mail);
 * the worker maps them to "give up" or "retry". The adapter's own error, with
 * the SMTP reply, is the `cause`: for the log.
 */
export abstract class MailError extends Error {
  /** true: the same message would be refused again, do not retry. */
  abstract readonly permanent: boolean;
  constructor(
    message: string,
    /** The SMTP reply code when the server gave one (550, 451, ...). */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server refused the recipient or the message (SMTP 5xx), or the message is malformed: retrying cannot help. */
export class PermanentMailError extends MailError {
  readonly permanent = true;
}

/** Nothing was refused for good (SMTP 4xx, connection refused or lost, timeout, credentials): retry later. */
export class TransientMailError extends MailError {
  readonly permanent = false;
}
