import { describe, expect, it } from 'vitest';
import { statementNames } from '../../../src/data/prisma/statement-names.js';

describe('statement names for Prisma on a PostgreSQL server', () => {
  it('names one SQL text the same every time and two texts differently', () => {
    const name = statementNames();
    const a = name({ sql: 'SELECT 1 WHERE id = $1' });
    const b = name({ sql: 'SELECT 2 WHERE id = $1' });
    expect(a).not.toBe('');
    expect(b).not.toBe(a);
    expect(name({ sql: 'SELECT 1 WHERE id = $1' })).toBe(a);
  });

  it('leaves statements past the bound unnamed, and keeps the names it gave', () => {
    const name = statementNames(2);
    const first = name({ sql: 'a' });
    name({ sql: 'b' });
    expect(name({ sql: 'c' })).toBe('');
    expect(name({ sql: 'a' })).toBe(first);
  });
});
