/**
 * What a browser on another site may read (CORS), and what a production
 * server tells a stranger about its schema (CONTRACT.md: introspection and
 * the landing page off in production; no "Did you mean" hints either).
 */
import { describe, expect, it } from 'vitest';
import { type Answer, aStoredUser, describeHostile, type HostileApi, graphqlCodes, useHostileServer } from './support/hostile-client.js';

const ALLOWED = 'https://app.example.com';
const ALSO_ALLOWED = 'https://admin.example.com';

const preflight = (api: HostileApi, path: string, origin: string, method = 'POST') =>
  api.rest('OPTIONS', path, { headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization' } });

const allowOrigin = (answer: Answer) => answer.headers['access-control-allow-origin'];

describeHostile('CORS and production', (fixture) => {
  describe('with CORS_ORIGINS set', () => {
    const api = useHostileServer(fixture, { CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}` });

    for (const path of ['/graphql', '/api/users', '/api/auth/login']) {
      it(`lets an allowed origin through the preflight of ${path}`, async () => {
        for (const origin of [ALLOWED, ALSO_ALLOWED]) {
          const answer = await preflight(api, path, origin);
          expect(answer.status).toBeLessThan(300);
          expect(allowOrigin(answer)).toBe(origin);
          expect(String(answer.headers['access-control-allow-methods'])).toContain('POST');
        }
      });
    }

    it('gives an allowed origin Access-Control-Allow-Origin on real GraphQL and REST requests', async () => {
      const user = await aStoredUser(fixture);
      const graphql = await api.graphql('{ me { id } }', undefined, { token: user.accessToken, headers: { origin: ALLOWED } });
      expect(graphql.body.data.me.id).toBe(user.id);
      expect(allowOrigin(graphql)).toBe(ALLOWED);
      const rest = await api.rest('GET', '/api/me', { token: user.accessToken, headers: { origin: ALLOWED } });
      expect(allowOrigin(rest)).toBe(ALLOWED);
      expect(String(rest.headers.vary)).toMatch(/Origin/i);
    });

    it('lets an allowed origin read x-request-id and Retry-After (Access-Control-Expose-Headers)', async () => {
      const exposed = (answer: Answer) => String(answer.headers['access-control-expose-headers'] ?? '').toLowerCase().split(/\s*,\s*/);
      const graphql = await api.graphql('{ me { id } }', undefined, { headers: { origin: ALLOWED } });
      expect(graphql.headers['x-request-id']).toBeDefined();
      expect(exposed(graphql)).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
      const rest = await api.rest('GET', '/api/me', { headers: { origin: ALLOWED } });
      expect(exposed(rest)).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
    });

    const REFUSED_ORIGINS = [
      'https://evil.example',
      'https://app.example.com.evil.example',
      'https://evil-app.example.com',
      'http://app.example.com',
      'https://app.example.com:8443',
      'null',
    ];
    for (const origin of REFUSED_ORIGINS) {
      it(`gives ${origin} no Access-Control-Allow-Origin, on the preflight or the real request`, async () => {
        const user = await aStoredUser(fixture);
        expect(allowOrigin(await preflight(api, '/graphql', origin))).toBeUndefined();
        expect(allowOrigin(await preflight(api, '/api/users', origin))).toBeUndefined();
        const real = await api.graphql('{ me { id } }', undefined, { token: user.accessToken, headers: { origin } });
        expect(allowOrigin(real)).toBeUndefined();
      });
    }

    it('never allows credentials, for any origin', async () => {
      for (const origin of [ALLOWED, 'https://evil.example']) {
        expect((await preflight(api, '/graphql', origin)).headers['access-control-allow-credentials']).toBeUndefined();
      }
    });
  });

  describe('in production without CORS_ORIGINS', () => {
    const api = useHostileServer(fixture, { NODE_ENV: 'production' });

    it('allows no origin at all, on the preflight or the real request', async () => {
      for (const origin of [ALLOWED, 'https://evil.example', 'null']) {
        expect(allowOrigin(await preflight(api, '/graphql', origin))).toBeUndefined();
        expect(allowOrigin(await preflight(api, '/api/users', origin))).toBeUndefined();
        expect(allowOrigin(await api.graphql('{ me { id } }', undefined, { headers: { origin } }))).toBeUndefined();
      }
    });

    it('refuses introspection of the schema and of a type', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "User") { fields { name } } }', 'query { a: __schema { queryType { name } } }']) {
        const answer = await api.graphql(query);
        expect(answer.status).toBe(400);
        expect(graphqlCodes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        expect(answer.body.data).toBeUndefined();
      }
    });

    it('serves no landing page to a browser', async () => {
      const answer = await api.rest('GET', '/graphql', { headers: { accept: 'text/html' } });
      expect(String(answer.headers['content-type'] ?? '')).not.toMatch(/text\/html/);
      expect(answer.text).not.toMatch(/<html|embeddable|sandbox/i);
    });

    it('suggests no field, argument, type or enum value for a misspelling', async () => {
      const user = await aStoredUser(fixture);
      const misspelled = [
        '{ mee { id } }',
        '{ me { emial } }',
        '{ users(frist: 1) { totalCount } }',
        'query($i: CreateUserInpt!) { me { id } }',
        'mutation { createUser(input: { emial: "a@example.com", firstName: "A", lastName: "B", password: "long enough" }) { id } }',
      ];
      for (const query of misspelled) {
        const answer = await api.graphql(query, undefined, { token: user.accessToken });
        expect(answer.status, query).toBe(400);
        expect(answer.text, query).not.toMatch(/Did you mean/i);
      }
    });
  });

  describe('outside production (the control for the suggestions test)', () => {
    const api = useHostileServer(fixture, { NODE_ENV: 'development' });

    it('does suggest a field for a misspelling, so their absence in production is a setting, not an accident', async () => {
      expect((await api.graphql('{ mee { id } }')).body.errors[0].message).toMatch(/Did you mean "me"\?/);
    });
  });
});
