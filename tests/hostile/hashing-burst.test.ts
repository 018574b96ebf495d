/**
 * A burst of sign-ups against a hasher whose wait queue is small (one hash at
 * a time, two waiting): over real HTTP, the ones past the queue are refused at
 * once with TOO_MANY_REQUESTS and Retry-After: 1 (REST 429; GraphQL 429 with
 * extensions.retryAfter), the others are signed up, and a refused sign-up
 * stored nothing. The hash cost is real scrypt, high enough (about half a
 * second) that the burst arrives while the first hashes still run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../src/data/security/scrypt-password-hasher.js';
import { type HttpResponse, request } from '../operations/http.js';
import { describeEachStore, memoryStore } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CAP = { maxConcurrent: 1, maxWaiting: 2 };
const ADMITTED = CAP.maxConcurrent + CAP.maxWaiting;
const BURST = 8;
const SLOW = { N: 2 ** 14, r: 8, p: 3 };
const PASSWORD = 'burst horse battery staple';
const SIGN_UP = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }';

let seq = 0;
const anEmail = (tag: string) => `burst-${tag}-${process.pid}-${++seq}@example.com`;
const input = (email: string) => ({ email, firstName: 'Bur', lastName: 'St', password: PASSWORD });

describeEachStore(
  'sign-up bursts past the hashing queue',
  (fixture) => {
    let server: TestServer;
    const hasher = new ScryptPasswordHasher(SLOW, CAP);
    beforeAll(async () => {
      server = await startTestServer(fixture(), { hasher });
    });
    afterAll(() => server?.close());

    const restSignUp = (email: string) => request(`${server.url}/api/users`, { body: input(email) });
    const graphqlSignUp = (email: string) => request(`${server.url}/graphql`, { body: { query: SIGN_UP, variables: { input: input(email) } } });

    /** Sends the burst at once; sorts the answers into accepted and refused, failing on anything else. */
    async function burst(send: (email: string) => Promise<HttpResponse>, isAccepted: (answer: HttpResponse) => boolean) {
      const emails = Array.from({ length: BURST }, () => anEmail('b'));
      const answers = await Promise.all(emails.map(send));
      const accepted = emails.filter((_, i) => isAccepted(answers[i]!));
      const refused = answers.map((answer, i) => ({ answer, email: emails[i]! })).filter(({ answer }) => answer.status === 429);
      expect(accepted.length + refused.length, answers.map((a) => `${a.status} ${a.text}`).join('\n')).toBe(BURST);
      // Each refusal happened with the cap's slot and queue full, and every one of those was signed up.
      expect(accepted.length).toBeGreaterThanOrEqual(ADMITTED);
      expect(refused.length, 'the burst outran the hashes (the machine is too slow for this test?)').toBeGreaterThanOrEqual(1);
      expect([hasher.inFlight, hasher.waiting]).toEqual([0, 0]);
      return { refused };
    }

    it('REST: the sign-ups past the queue get 429 with Retry-After: 1, the others 201', async () => {
      const { refused } = await burst(restSignUp, (answer) => answer.status === 201);
      for (const { answer } of refused) {
        expect(answer.headers['retry-after']).toBe('1');
        expect(answer.body).toEqual({ error: { code: 'TOO_MANY_REQUESTS', message: expect.any(String), retryAfter: 1 } });
      }
      // Refused means nothing stored: the same email signs up now.
      expect((await restSignUp(refused[0]!.email)).status).toBe(201);
    });

    it('GraphQL: the sign-ups past the queue get TOO_MANY_REQUESTS with retryAfter 1 (HTTP 429, Retry-After: 1), the others their user', async () => {
      const { refused } = await burst(graphqlSignUp, (answer) => answer.status === 200 && answer.body.errors === undefined && typeof answer.body.data.createUser.id === 'string');
      for (const { answer } of refused) {
        expect(answer.headers['retry-after']).toBe('1');
        expect(answer.body.data ?? null).toBeNull();
        expect(answer.body.errors).toHaveLength(1);
        expect(answer.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 1 });
      }
      const again = await graphqlSignUp(refused[0]!.email);
      expect(again.body.errors).toBeUndefined();
      expect(again.body.data.createUser.email).toBe(refused[0]!.email);
    });
  },
  [memoryStore],
);
