// Installs tools/lint's own dependencies (`npm ci` here) when they are missing or
// older than this folder's package-lock.json, so that `npm run lint`, `npm run
// depcruise` and the architecture test work after a plain root `npm ci`.
// Output goes to stderr; a warm check costs a file read.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const stamp = createHash('sha256').update(readFileSync(join(dir, 'package-lock.json'))).digest('hex');
const stampFile = join(dir, 'node_modules', '.lockfile-stamp');

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) process.exit(0);

process.stderr.write('tools/lint: installing the lint tools (npm ci in tools/lint)\n');
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
  cwd: dir,
  stdio: ['ignore', process.stderr, process.stderr],
  shell: process.platform === 'win32',
});
if (result.status !== 0) {
  process.stderr.write(`tools/lint: npm ci failed (${result.error?.message ?? `exit ${result.status}`})\n`);
  process.exit(1);
}
writeFileSync(stampFile, stamp);
