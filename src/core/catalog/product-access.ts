import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import { ForbiddenError, NotFoundError } from '../shared/errors.js';
import { isWellFormedId } from '../shared/ids.js';

/** Product writes are for ADMINs and the CLI operator; reads are public. */
export function requireCatalogManager(actor: Actor | null): void {
  if (!isPrivileged(requireActor(actor))) throw new ForbiddenError('Only an administrator may change products');
}

/** A malformed id can name no product: NOT_FOUND without a store call. */
export function requireProductId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !isWellFormedId(id)) throw new NotFoundError('No product has this id');
}

export const productNotFound = (): NotFoundError => new NotFoundError('No product has this id');
