import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { ConflictError } from '../../core/shared/errors.js';

const DUPLICATE_KEY = 11000;

/**
 * FerretDB 1.x reports a unique-index violation by an update (not by an
 * insert) as InternalError (code 1) carrying its backend's message instead of
 * 11000; the document is left unchanged, as with MongoDB.
 */
const FERRETDB_UPDATE_DUPLICATE = /UNIQUE constraint failed|duplicate key value violates unique constraint/;

export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError &&
  (error.code === DUPLICATE_KEY || (error.code === 1 && FERRETDB_UPDATE_DUPLICATE.test(error.message)));

/** True when every failure of an unordered insertMany was a duplicate key (the other documents went in). */
export const onlyDuplicateKeys = (error: unknown): boolean =>
  error instanceof MongoBulkWriteError &&
  !error.err &&
  [error.writeErrors].flat().every((writeError) => writeError.code === DUPLICATE_KEY);

/** Runs a write, turning the server's duplicate-key error into the core's CONFLICT. */
export async function conflictOnDuplicateKey<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) throw new ConflictError(message);
    throw error;
  }
}
