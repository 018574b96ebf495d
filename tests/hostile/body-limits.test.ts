/**
 * CONTRACT.md: request bodies over 100 kB are refused with 413 on every route,
 * known or not, however the size is announced (Content-Length, chunked, or not
 * at all until the bytes arrive); a body at the limit is not refused for size.
 */
import { expect, it } from 'vitest';
import { aSignUp, aStoredUser, codeOf, describeHostile, useHostileServer } from './support/hostile-client.js';

const LIMIT = 100_000;
const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';

/** A JSON object whose `padding` makes the whole body exactly `bytes` long. */
function jsonOfSize(bytes: number, fields: Record<string, unknown>): string {
  const empty = JSON.stringify({ ...fields, padding: '' });
  const body = JSON.stringify({ ...fields, padding: 'x'.repeat(bytes - empty.length) });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

/** A GraphQL body of exactly `bytes`: the document padded with spaces, which are not tokens. */
function graphqlOfSize(bytes: number, query: string, variables?: Record<string, unknown>): string {
  const empty = JSON.stringify({ query, variables });
  const body = JSON.stringify({ query: query + ' '.repeat(bytes - empty.length), variables });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

const json = { 'content-type': 'application/json' };

describeHostile('request body limit', (fixture) => {
  const api = useHostileServer(fixture);

  it('refuses 150 kB on /graphql with 413, creating nothing', async () => {
    const before = await api.userCount();
    const body = graphqlOfSize(150_000, CREATE_USER, { input: aSignUp() });
    const answer = await api.rest('POST', '/graphql', { raw: body, headers: json });
    expect(answer.status, answer.text).toBe(413);
    expect(await api.userCount()).toBe(before);
  });

  it('refuses 150 kB on POST /api/users with 413, creating nothing', async () => {
    const before = await api.userCount();
    const answer = await api.rest('POST', '/api/users', { raw: jsonOfSize(150_000, aSignUp()), headers: json });
    expect(answer.status, answer.text).toBe(413);
    expect(await api.userCount()).toBe(before);
  });

  it('refuses 150 kB on POST /api/auth/login with 413', async () => {
    const user = await aStoredUser(fixture);
    const answer = await api.rest('POST', '/api/auth/login', { raw: jsonOfSize(150_000, { email: user.email }), headers: json });
    expect(answer.status, answer.text).toBe(413);
  });

  it('refuses 150 kB on PATCH /api/users/:id with 413, changing nothing', async () => {
    const user = await aStoredUser(fixture);
    const before = await api.stored(user.id);
    const answer = await api.rest('PATCH', `/api/users/${user.id}`, { raw: jsonOfSize(150_000, { firstName: 'Big' }), headers: json, token: user.accessToken });
    expect(answer.status, answer.text).toBe(413);
    expect(await api.stored(user.id)).toEqual(before);
  });

  it('refuses 150 kB on a route that does not exist with 413', async () => {
    for (const path of ['/api/no-such-route', '/no-such-route']) {
      const answer = await api.rest('POST', path, { raw: jsonOfSize(150_000, {}), headers: json });
      expect(answer.status, `${path}: ${answer.text}`).toBe(413);
    }
  });

  it('refuses 150 kB sent chunked, with no Content-Length, with 413', async () => {
    const chunk = `2710\r\n${'x'.repeat(10_000)}\r\n`;
    const answer = await api.raw([
      'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
      ...Array.from({ length: 15 }, () => chunk),
      '0\r\n\r\n',
    ]);
    expect(answer.status).toBe(413);
  });

  it('refuses a Content-Length of 10 MB at once, without waiting for the bytes', async () => {
    const answer = await api.raw(['POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"query":'], { timeoutMs: 3_000 });
    expect(answer.status).toBe(413);
    expect(answer.ms).toBeLessThan(2_000);
  });

  it(`runs a /graphql body of exactly ${LIMIT} bytes`, async () => {
    const answer = await api.rest('POST', '/graphql', { raw: graphqlOfSize(LIMIT, '{ me { id } }'), headers: json });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ data: { me: null } });
  });

  it(`refuses a /graphql body of ${LIMIT + 1} bytes with 413`, async () => {
    const answer = await api.rest('POST', '/graphql', { raw: graphqlOfSize(LIMIT + 1, '{ me { id } }'), headers: json });
    expect(answer.status, answer.text).toBe(413);
  });

  it(`answers a REST body of exactly ${LIMIT} bytes on its merits (400 BAD_USER_INPUT), not for its size`, async () => {
    const before = await api.userCount();
    const answer = await api.rest('POST', '/api/users', { raw: jsonOfSize(LIMIT, aSignUp()), headers: json });
    expect(answer.status, answer.text).toBe(400);
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    expect(await api.userCount()).toBe(before);
  });
});
