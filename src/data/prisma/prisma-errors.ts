import { ConflictError, NotFoundError } from '../../core/shared/errors.js';
import { Prisma } from './generated/client.js';

// Prisma 7 driver adapters report a unique violation as P2002 without meta.target, so we cannot
// tell which unique index fired; the caller says what a conflict means for its table.
const hasCode = (error: unknown, code: string): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

/** P2002: the database's unique index refused the write (also when two requests race). */
export const isUniqueViolation = (error: unknown): boolean => hasCode(error, 'P2002');

/** P2025: update/delete of a record that does not exist. */
export const isRecordNotFound = (error: unknown): boolean => hasCode(error, 'P2025');

/** Runs a write, turning a unique violation into the core's ConflictError. */
export async function conflictOnDuplicate<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message);
    throw error;
  }
}

/** P2003: a foreign key refused the write: the row it points at is gone (say, a user deleted meanwhile). */
export async function notFoundOnMissingParent<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (hasCode(error, 'P2003')) throw new NotFoundError(message);
    throw error;
  }
}
