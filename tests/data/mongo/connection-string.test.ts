import { describe, expect, it } from 'vitest';
import { databaseName, withDatabase } from '../../../src/data/mongo/connection-string.js';

describe('MongoDB connection string', () => {
  it('takes the database name from the path', () => {
    expect(databaseName('mongodb://127.0.0.1:27017/app')).toBe('app');
    expect(databaseName('mongodb://u:p%2Fw@h1:1,h2:2/app?replicaSet=rs0')).toBe('app');
    expect(databaseName('mongodb+srv://cluster.example.com/app_prod?retryWrites=true')).toBe('app_prod');
  });

  it('refuses a URL that names no database', () => {
    for (const url of ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/?w=1']) {
      expect(() => databaseName(url)).toThrow(/must name the database in its path/);
    }
  });

  it('refuses a database name MongoDB would reject', () => {
    expect(() => databaseName('mongodb://127.0.0.1:27017/a.b')).toThrow(/invalid database/);
  });

  it('refuses a URL that is not a MongoDB URL', () => {
    expect(() => databaseName('postgres://127.0.0.1/app')).toThrow(/mongodb:\/\//);
  });

  it('swaps the database and keeps hosts, credentials and options', () => {
    expect(withDatabase('mongodb://u:p@h1:1,h2:2/old?replicaSet=rs0', 'new')).toBe('mongodb://u:p@h1:1,h2:2/new?replicaSet=rs0');
    expect(withDatabase('mongodb://127.0.0.1:27017', 'app_test_1')).toBe('mongodb://127.0.0.1:27017/app_test_1');
    expect(withDatabase('mongodb://127.0.0.1:27017/?w=1', 'x')).toBe('mongodb://127.0.0.1:27017/x?w=1');
  });
});
