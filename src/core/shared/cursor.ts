import { ValidationError } from './errors.js';
import type { PagePosition } from './paging.js';

/**
 * Cursors are opaque to clients: base64url of the (createdAt, id) position,
 * so they stay valid after the record they point at is deleted. One form for
 * every keyset-paged list (users, products, orders).
 */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.createdAt.getTime()}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): PagePosition {
  const invalid = () => new ValidationError([{ field, message: 'is not a valid cursor' }]);
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const match = /^(\d{1,15}):([\x21-\x7e]{1,100})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid();
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}
