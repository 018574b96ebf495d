/**
 * Speed and memory of a real server process, printed as a table. Not a test:
 * nothing here passes or fails. Run: `npm run bench` (embedded store in a
 * temp dir), or with DB_TYPE/DATABASE_URL/MONGODB_URL set for another store.
 *
 * Measures: start to first answered query on a fresh and on a reused data dir
 * (embedded store only), sign-up and login latency (real scrypt cost),
 * authenticated list latency, resident memory after the run, the latency of
 * an authenticated `me` while 40 sign-ups run at once (what a burst of
 * hashing does to everything else), and the drain time of a SIGTERM with
 * requests in flight.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'app-bench-'));
const embedded = (process.env.DB_TYPE ?? 'sql') === 'sql' && !process.env.DATABASE_URL;

interface Server {
  child: ChildProcess;
  url: string;
  startMs: number;
}

/** The flags between `node` and `src/main.ts` in package.json's start script: the server runs as `npm start` runs it. */
const START_NODE_FLAGS = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('src/main.ts'));
})();

async function start(): Promise<Server> {
  const began = performance.now();
  const child = spawn(process.execPath, [...START_NODE_FLAGS, 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, RATE_LIMIT: 'off', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.includes('"url"'));
      if (line) resolve(JSON.parse(line).url.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before serving`)));
  });
  await graphql(url, '{ __typename }');
  return { child, url, startMs: performance.now() - began };
}

async function graphql(url: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  });
  // The bench knows what it asked for; the shapes are not worth declaring here.
  const body = (await response.json()) as { data?: Record<string, Record<string, string>>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

function percentiles(samples: number[], quantiles: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `${quantiles.map((q) => `p${Math.round(q * 100)} ${at(q)} ms`).join(', ')} (n=${sorted.length})`;
}

async function timed(times: number, run: (i: number) => Promise<unknown>, quantiles = [0.5, 0.95]): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  return percentiles(samples, quantiles);
}

/**
 * `me` requests one after another for as long as `burst` sign-ups, all sent at
 * once, are in flight: the latency an unrelated authenticated read sees while
 * the server hashes passwords flat out. Sign-ups refused by the hashing cap
 * (TOO_MANY_REQUESTS) are counted, not failed.
 */
async function meDuringSignUps(url: string, token: string, burst: number, email: (i: number) => string): Promise<string> {
  const began = performance.now();
  let settled = 0;
  const signUps = Array.from({ length: burst }, (_, i) =>
    graphql(url, SIGN_UP, { input: { email: email(i), firstName: 'B', lastName: 'M', password: PASSWORD } })
      .then(
        () => 'ok',
        (error: Error) => (error.message.includes('TOO_MANY_REQUESTS') ? 'refused' : `failed: ${error.message}`),
      )
      .finally(() => settled++),
  );
  const samples: number[] = [];
  while (settled < burst) {
    const t = performance.now();
    await graphql(url, ME, {}, token);
    samples.push(performance.now() - t);
  }
  const outcomes = await Promise.all(signUps);
  const count = (what: string) => outcomes.filter((o) => o === what).length;
  const failed = outcomes.filter((o) => o.startsWith('failed'));
  if (failed.length > 0) throw new Error(`sign-ups failed during the burst: ${failed[0]}`);
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  return `${percentiles(samples, [0.5, 0.99])}; sign-ups ${count('ok')} ok, ${count('refused')} refused, all answered in ${seconds} s`;
}

async function stop(server: Server): Promise<number> {
  const t = performance.now();
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  return performance.now() - t;
}

const rssMb = (pid: number) => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return `${Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024)} MiB`;
  } catch {
    return 'n/a';
  }
};

const PASSWORD = 'correct horse battery staple';
const SIGN_UP = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';
const LIST = 'query { users(first: 20) { totalCount edges { node { id email } } } }';
const ME = 'query { me { id } }';
const BURST = 40;

const results: [string, string][] = [];
try {
  let server = await start();
  results.push([embedded ? 'start to first answer, fresh data dir' : 'start to first answer', `${server.startMs.toFixed(0)} ms`]);
  if (embedded) {
    await stop(server);
    server = await start();
    results.push(['start to first answer, reused data dir', `${server.startMs.toFixed(0)} ms`]);
  }
  const run = Date.now();
  const email = (i: number) => `bench-${run}-${i}@example.com`;
  results.push(['sign-up (scrypt N=2^15 r=8 p=3)', await timed(20, (i) => graphql(server.url, SIGN_UP, { input: { email: email(i), firstName: 'B', lastName: 'M', password: PASSWORD } }))]);
  let token = '';
  results.push(['login', await timed(20, async (i) => (token = (await graphql(server.url, LOGIN, { email: email(i), password: PASSWORD })).login!.accessToken!))]);
  results.push(['users(first: 20), authenticated', await timed(200, () => graphql(server.url, LIST, {}, token))]);
  results.push(['resident memory after the run', rssMb(server.child.pid!)]);
  results.push(['me, authenticated, idle', await timed(100, () => graphql(server.url, ME, {}, token), [0.5, 0.99])]);
  results.push([`me while ${BURST} sign-ups run`, await meDuringSignUps(server.url, token, BURST, (i) => `burst-${run}-${i}@example.com`)]);
  const inFlight = Array.from({ length: 10 }, (_, i) =>
    graphql(server.url, SIGN_UP, { input: { email: `drain-${run}-${i}@example.com`, firstName: 'B', lastName: 'M', password: PASSWORD } }).then(() => 'ok', () => 'failed'),
  );
  const first = await Promise.race(inFlight);
  const drainMs = await stop(server);
  const outcomes = await Promise.all(inFlight);
  results.push(['SIGTERM to exit, 10 sign-ups in flight', `${drainMs.toFixed(0)} ms (${outcomes.filter((o) => o === 'ok').length}/10 answered; first ${first})`]);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const width = Math.max(...results.map(([name]) => name.length));
console.log(`store: ${process.env.DB_TYPE ?? 'sql'}${embedded ? ' (embedded PGlite)' : ''}`);
for (const [name, value] of results) console.log(`${name.padEnd(width)}  ${value}`);
