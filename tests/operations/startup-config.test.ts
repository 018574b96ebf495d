import { afterAll, describe, expect, it } from 'vitest';
import { type Env, type FailedStart, runExpectingFailure, stopAllServers } from '../support/server-process.js';

/**
 * CONTRACT.md, "Configuration": a bad value stops start-up with one line that
 * names the variable and what it accepts, and the process exits non-zero
 * before listening. (The other start-up refusal, a DATA_DIR in use by a running
 * server, is in shutdown.test.ts, which has such a server running anyway.)
 */

afterAll(stopAllServers);

/** The one line on stderr; nothing at all on stdout (no log line, so no 'Server listening'). */
function expectOneLineRefusal(run: FailedStart): string {
  expect(run.exit.code).not.toBe(0);
  expect(run.exit.code).not.toBeNull();
  expect(run.stdoutLines.filter((line) => line.trim() !== '')).toEqual([]);
  const lines = run.stderrLines.filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

// A memory store unless the case is about the store: a start that wrongly succeeds then touches nothing.
const cases: { title: string; env: Env; names: string; accepts: RegExp; hidden?: string }[] = [
  { title: 'DB_TYPE=foo', env: { DB_TYPE: 'foo' }, names: 'DB_TYPE', accepts: /sql, nosql or memory/ },
  { title: 'PORT=abc', env: { DB_TYPE: 'memory', PORT: 'abc' }, names: 'PORT', accepts: /port number 0-65535/ },
  { title: 'PORT=0x1F90 (hex is not a port)', env: { DB_TYPE: 'memory', PORT: '0x1F90' }, names: 'PORT', accepts: /port number 0-65535/ },
  { title: 'PORT=1e3 (exponent notation)', env: { DB_TYPE: 'memory', PORT: '1e3' }, names: 'PORT', accepts: /port number 0-65535/ },
  { title: 'TRUST_PROXY=yes', env: { DB_TYPE: 'memory', TRUST_PROXY: 'yes' }, names: 'TRUST_PROXY', accepts: /number of proxy hops/ },
  { title: 'PORT=65536 (out of range)', env: { DB_TYPE: 'memory', PORT: '65536' }, names: 'PORT', accepts: /port number 0-65535/ },
  {
    title: 'NODE_ENV=production without JWT_SECRET',
    env: { DB_TYPE: 'memory', NODE_ENV: 'production', JWT_SECRET: undefined },
    names: 'JWT_SECRET',
    accepts: /required in production.*at least 32 bytes/,
  },
  {
    title: 'a JWT_SECRET shorter than 32 bytes (and its value is not echoed)',
    env: { DB_TYPE: 'memory', NODE_ENV: 'production', JWT_SECRET: 'short-Qz_secret-value' },
    names: 'JWT_SECRET',
    accepts: /at least 32 bytes/,
    hidden: 'short-Qz_secret-value',
  },
  {
    title: 'DB_TYPE=nosql without MONGODB_URL',
    env: { DB_TYPE: 'nosql', MONGODB_URL: undefined },
    names: 'MONGODB_URL',
    accepts: /mongodb:\/\//,
  },
  { title: 'RATE_LIMIT=maybe', env: { DB_TYPE: 'memory', RATE_LIMIT: 'maybe' }, names: 'RATE_LIMIT', accepts: /on or off/ },
  {
    title: 'an SMTP_URL that is not smtp:// or smtps:// (and its password is not echoed)',
    env: { DB_TYPE: 'memory', SMTP_URL: 'http://mailer:pw-Secret9@mail.example.com' },
    names: 'SMTP_URL',
    accepts: /smtp:\/\/ or smtps:\/\//,
    hidden: 'pw-Secret9',
  },
  { title: 'MAIL_FROM with two addresses', env: { DB_TYPE: 'memory', MAIL_FROM: 'a@example.com, b@example.com' }, names: 'MAIL_FROM', accepts: /an address, alone or with a name/ },
];

describe('a bad configuration stops start-up before listening, with one line', () => {
  for (const { title, env, names, accepts, hidden } of cases) {
    it.concurrent(title, async () => {
      const run = await runExpectingFailure(env);
      const line = expectOneLineRefusal(run);
      expect(line).toContain(names);
      expect(line).toMatch(accepts);
      if (hidden) expect(run.text()).not.toContain(hidden);
    }, 60_000);
  }
});
