import { MongoNetworkError, MongoOperationTimeoutError, MongoServerError, MongoServerSelectionError } from 'mongodb';

/**
 * Server error codes that mean the server is going away or cannot serve now,
 * rather than refusing this request: shutdown (91, 11600), a replica-set
 * change (11602, 189, 10107, 13435), and network failures a server reports
 * about its own peers (6, 7, 89).
 */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 10107, 11600, 11602, 13435]);

/**
 * Which failures of the MongoDB store mean "the database does not answer"
 * (CONTRACT.md, SERVICE_UNAVAILABLE), by the driver's classes and codes:
 * a refused or lost connection is a MongoNetworkError (also its timeout and
 * pool-cleared subclasses), no reachable server is MongoServerSelectionError,
 * and a client-side timeout is MongoOperationTimeoutError.
 */
export function isMongoConnectionFailure(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || error instanceof MongoOperationTimeoutError) {
    return true;
  }
  return error instanceof MongoServerError && typeof error.code === 'number' && UNAVAILABLE_CODES.has(error.code);
}
