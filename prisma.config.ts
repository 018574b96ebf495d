// Prisma CLI configuration (Prisma 7 reads the connection URL here, not in schema.prisma).
// DATABASE_URL is only needed by `prisma migrate deploy`; `prisma generate` runs without it.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
