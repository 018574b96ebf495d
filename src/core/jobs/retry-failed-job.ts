import type { Actor } from '../auth/actor.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { reachableQueue, requireJobManager } from './job-operations.js';
import type { JobQueue } from './job-queue.js';

/** Ids are event ids (UUIDs) or a schedule's run id: anything longer is no id of ours. */
const ID_MAX = 200;

export class RetryFailedJob {
  constructor(private readonly deps: { jobs?: JobQueue }) {}

  /** ADMIN or operator: runs a failed job again, its attempts counted afresh; NOT_FOUND when it is not in the failed set. */
  async execute(id: string, actor: Actor | null): Promise<string> {
    requireJobManager(actor);
    if (typeof id !== 'string' || id.length === 0 || id.length > ID_MAX) {
      throw new ValidationError([{ field: 'id', message: `must be 1 to ${ID_MAX} characters` }]);
    }
    if ((await reachableQueue(this.deps.jobs).retry(id)) === 'not-failed') throw new NotFoundError('No failed job has this id');
    return id;
  }
}
