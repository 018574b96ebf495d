/**
 * Which address the per-IP limits count. By default X-Forwarded-For is ignored,
 * so a client cannot dodge the limits by inventing addresses; with TRUST_PROXY
 * the address the trusted proxy reports is the client's.
 */
import { afterEach, expect, it } from 'vitest';
import { memoryStore } from '../../support/stores.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** CONTRACT.md: 100 failed logins per IP per day; each attempt below uses a new email, so only the IP limit can trip. */
const PER_IP_FAILURES = 100;

let server: TestServer | undefined;
let fixture: StoreFixture | undefined;
afterEach(async () => {
  await server?.close();
  await fixture?.dispose();
});

async function wrongLogins(env: Record<string, string>, count: number, forwardedFor: (i: number) => string): Promise<number[]> {
  fixture = await memoryStore.open();
  server = await startTestServer(fixture, { env: { RATE_LIMIT: 'on', ...env } });
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor(i) },
      body: JSON.stringify({ email: `nobody${i}@example.com`, password: 'not the password' }),
    });
    statuses.push(response.status);
  }
  return statuses;
}

it('ignores X-Forwarded-For by default: invented addresses do not escape the per-IP limit', async () => {
  const statuses = await wrongLogins({}, PER_IP_FAILURES + 1, (i) => `203.0.113.${i}`);
  expect(statuses.slice(0, PER_IP_FAILURES).every((status) => status === 401)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
});

it('counts the address a trusted proxy reports when TRUST_PROXY is set', async () => {
  const statuses = await wrongLogins({ TRUST_PROXY: '1' }, PER_IP_FAILURES + 1, (i) => `203.0.113.${i}`);
  expect(statuses.every((status) => status === 401)).toBe(true);
});

it('still limits one client behind the trusted proxy', async () => {
  const statuses = await wrongLogins({ TRUST_PROXY: '127.0.0.1' }, PER_IP_FAILURES + 1, () => '203.0.113.7');
  expect(statuses.at(-1)).toBe(429);
});
