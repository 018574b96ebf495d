// `npm run db:migrate`: applies pending prisma/migrations to the server at DATABASE_URL and
// records them in _prisma_migrations the way `prisma migrate deploy` does (which cannot run here).
import { migratePostgres } from '../src/data/prisma/postgres-store.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: it must name the PostgreSQL database to migrate (postgresql://user@host:5432/db).');
  process.exit(2);
}

// Say which database, never the password: this output ends up in deploy logs. A URL that does
// not parse is reported without echoing it (Node's own error would print it whole).
let target: URL;
try {
  target = new URL(url);
} catch {
  console.error('DATABASE_URL is not a valid URL (postgresql://user:password@host:5432/db).');
  process.exit(2);
}
if (target.password) target.password = '***';
console.log(`Migrating ${target.toString()}`);

try {
  const applied = await migratePostgres(url);
  console.log(applied.length === 0 ? 'Database is up to date; no migration applied.' : `Applied ${applied.length} migration(s):`);
  for (const name of applied) console.log(`  ${name}`);
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
