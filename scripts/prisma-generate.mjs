// Generates the Prisma client (src/data/prisma/generated, git-ignored) when it is
// missing or older than prisma/schema.prisma. Runs before start, dev, test, cli.
//
// `prisma generate` needs no schema engine, but the CLI insists on finding one;
// where its download host is unreachable, any executable satisfies the check,
// so we point PRISMA_SCHEMA_ENGINE_BINARY at node itself unless it is set.
// Output goes to stderr so that `npm run cli` keeps stdout for JSON.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const prismaVersion = JSON.parse(readFileSync(require.resolve('prisma/package.json'), 'utf8')).version;
const schema = readFileSync(join(root, 'prisma/schema.prisma'));
const stamp = createHash('sha256').update(schema).update(prismaVersion).digest('hex');
const outDir = join(root, 'src/data/prisma/generated');
const stampFile = join(outDir, '.schema-stamp');

if (existsSync(join(outDir, 'client.ts')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  process.exit(0);
}

const result = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], {
  cwd: root,
  stdio: ['ignore', process.stderr, process.stderr],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
});
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(stampFile, stamp);
