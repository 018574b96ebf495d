import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis, stopAllPrivateRedis } from '../support/redis-server.js';
import { type LogLine, pollUntil, type ServerProcess, startServer, stopAllServers } from '../support/server-process.js';
import { graphql, type HttpResponse, request, uniqueLoopbackAddress } from './http.js';
import { describeWith } from './services.js';

/**
 * CONTRACT.md, "Rate limits": a Redis outage neither stops logins nor resets
 * the counts an instance already holds. The server runs on a redis-server of
 * the test's own, which is killed (SIGKILL; nothing persisted, so it returns
 * empty) and started again on the same port; the server is never restarted.
 * Readiness stays 200 and names redis in `degraded` meanwhile; the log has one
 * warning when Redis goes and one line when it returns.
 */

/** CONTRACT.md: failed logins in a row for one email from one client. */
const IN_A_ROW = 10;
const BEFORE_OUTAGE = 4;
const PASSWORD = 'correct horse battery staple';
/** Real scrypt in the server, a reconnection with ioredis' back-off: generous on a busy 2-core machine. */
const FLIP_TIMEOUT_MS = 20_000;
const SCENARIO_TIMEOUT_MS = 120_000;

const redisWarning = (line: LogLine) => line.level === 40 && line.msg.startsWith('redis does not answer');
const redisBack = (line: LogLine) => line.level === 30 && line.msg.startsWith('redis answers again');

afterAll(async () => {
  await stopAllServers();
  await stopAllPrivateRedis();
});

describeWith(['redis-server'], 'login rate limits through a Redis outage (private redis-server, killed and restarted)', () => {
  let redis: PrivateRedis;
  let server: ServerProcess;
  const env = () => ({ DB_TYPE: 'memory', RATE_LIMIT: 'on', REDIS_URL: redis.url });

  beforeAll(async () => {
    redis = await startPrivateRedis();
    server = await startServer({ env: env() });
  });

  const readiness = (of = server) => request(`${of.url}/health/ready`, { timeoutMs: 10_000 });
  const readinessBecomes = (body: unknown, of = server) =>
    pollUntil(`/health/ready to answer 200 ${JSON.stringify(body)}`, async () => {
      const answer = await readiness(of);
      return answer.status === 200 && JSON.stringify(answer.body) === JSON.stringify(body);
    }, { timeoutMs: FLIP_TIMEOUT_MS, intervalMs: 100 });

  const login = (email: string, password: string, localAddress: string, via = server): Promise<HttpResponse> =>
    request(`${via.url}/api/auth/login`, { body: { email, password }, localAddress });

  async function signUp(label: string): Promise<string> {
    const email = `${label}-${randomBytes(6).toString('hex')}@example.com`;
    const created = await request(`${server.url}/api/users`, { body: { email, firstName: 'Out', lastName: 'Age', password: PASSWORD } });
    expect(created.status, created.text).toBe(201);
    return email;
  }

  function expectFailed(answer: HttpResponse): void {
    expect(answer.status, answer.text).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  }

  function expectRefused(answer: HttpResponse): void {
    expect(answer.status, answer.text).toBe(429);
    expect(answer.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(answer.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  }

  it(
    'holds the counts made before the outage, keeps counting and logging in during it, and carries the counts into the Redis that returns empty',
    async () => {
      const victim = await signUp('victim');
      const neighbour = await signUp('neighbour');
      const guesser = uniqueLoopbackAddress();
      await readinessBecomes({ status: 'ok' });

      // Counted in Redis.
      for (let n = 1; n <= BEFORE_OUTAGE; n++) expectFailed(await login(victim, 'not the password', guesser));

      await redis.kill();
      await server.waitForLog(redisWarning, FLIP_TIMEOUT_MS);
      await readinessBecomes({ status: 'ok', degraded: ['redis'] });

      // Logins still work (over GraphQL too), and the limit counts on from where Redis left it.
      expect((await login(neighbour, PASSWORD, guesser)).status).toBe(200);
      const viaGraphql = await graphql(server.url, 'mutation LogIn($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', { email: neighbour, password: PASSWORD });
      expect(viaGraphql.body.errors).toBeUndefined();
      for (let n = BEFORE_OUTAGE + 1; n <= IN_A_ROW; n++) expectFailed(await login(victim, 'not the password', guesser));
      expectRefused(await login(victim, PASSWORD, guesser));

      await redis.restart();
      await server.waitForLog(redisBack, FLIP_TIMEOUT_MS);
      await readinessBecomes({ status: 'ok' });

      // Redis came back empty; this instance still knows, and tells Redis.
      expectRefused(await login(victim, PASSWORD, guesser));
      // A second instance (its own memory store: the limits are checked before the user is looked up) sees the count in Redis.
      const second = await startServer({ env: env() });
      await readinessBecomes({ status: 'ok' }, second);
      expectRefused(await login(victim, PASSWORD, guesser, second));
      // From another client the victim logs in: only the guesser is locked out.
      expect((await login(victim, PASSWORD, uniqueLoopbackAddress())).status).toBe(200);

      // One warning when Redis went, one line when it returned, however many reconnections failed between.
      expect(server.logs().filter(redisWarning)).toHaveLength(1);
      expect(server.logs().filter(redisBack)).toHaveLength(1);
      expect(server.logs().filter((line) => line.level >= 50)).toEqual([]);
      expect(server.text()).not.toContain(redis.url);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
