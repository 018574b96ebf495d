import { PermanentJobError } from '../../core/jobs/job.js';
import { MailError } from '../../core/mail/mail-errors.js';
import { AppError } from '../../core/shared/errors.js';

/**
 * The worker's one error table: what a job's failure means for the queue.
 * Retried: anything that may pass later (the store or SMTP server away, a
 * 4xx reply, SERVICE_UNAVAILABLE). Given up at once (the failed set): what
 * no retry can fix (a 5xx reply, a malformed job, a typed refusal).
 */
export function asJobFailure(error: unknown): unknown {
  if (error instanceof PermanentJobError) return error;
  if (error instanceof MailError) return error.permanent ? new PermanentJobError(error.message, { cause: error }) : error;
  if (error instanceof AppError && error.code !== 'SERVICE_UNAVAILABLE' && error.code !== 'TOO_MANY_REQUESTS') {
    return new PermanentJobError(`${error.code}: ${error.message}`, { cause: error });
  }
  return error;
}
