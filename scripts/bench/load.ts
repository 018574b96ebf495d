/**
 * `npm run bench:load`: the project's throughput, latency, CPU and memory as a
 * ratio to a raw node:http + pg + jose server (scripts/bench/raw-server.ts),
 * measured side by side in one run on one PostgreSQL table. Not a test:
 * nothing here runs in CI; the verdict lines compare with the goals of the
 * performance issue.
 *
 * What it does: (re)creates the BENCH_DATABASE_URL database, migrates it,
 * seeds 10,000 users, starts the raw baseline (without and with the caller
 * re-read) and the project (NODE_ENV=production, RATE_LIMIT=off so the per-IP
 * budget does not answer 429 to the load generator), checks that all three
 * answer the same JSON, then drives four workloads with an HS256 bearer token
 * in interleaved rounds with autocannon.
 *
 * Environment: BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/app_bench),
 * BENCH_SECONDS per run (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (32),
 * BENCH_SOAK_SECONDS (0: no soak; 300 for the 5-minute memory soak).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { newId } from '../../src/core/shared/ids.js';
import { ScryptPasswordHasher } from '../../src/data/security/scrypt-password-hasher.js';
import { recreateDatabase } from './database.js';
import { BENCH_DOCUMENTS } from './documents.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/app_bench';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
const USERS = 10_000;
const PASSWORD = 'bench password 0001';
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

/** The goals of the performance issue: ratio of the project's req/s to the raw baseline's. */
const GOALS: Record<string, number> = { 'GraphQL user(id)': 0.6, 'GraphQL users(first: 50)': 0.6, 'REST GET /api/users/:id': 0.8, 'REST list of 50': 0.8 };
const RSS_GOAL_MIB = 200;

// ---------------------------------------------------------------------------------------------
// The database

async function prepareDatabase(): Promise<{ email: string; sampleId: string }> {
  await recreateDatabase(DATABASE_URL);

  const hash = await new ScryptPasswordHasher().hash(PASSWORD);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const rows = Array.from({ length: USERS }, (_, i) => {
    const at = new Date(start + i * 1000);
    return { id: newId(at), email: `bench-${i}@example.com`, at };
  });
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    await client.query(
      `INSERT INTO users (id, email, first_name, last_name, password_hash, role, created_at, updated_at)
       SELECT id, email, 'Bench', 'User ' || email, $3, 'USER', at, at FROM unnest($1::text[], $2::text[], $4::timestamptz[]) AS t(id, email, at)`,
      [batch.map((r) => r.id), batch.map((r) => r.email), hash, batch.map((r) => r.at)],
    );
  }
  await client.query('ANALYZE users');
  await client.end();
  return { email: rows[0]!.email, sampleId: rows[USERS / 2]!.id };
}

// ---------------------------------------------------------------------------------------------
// Server processes

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });

/** The start script's words: `NAME=value ... node <flags> src/main.ts`. */
const START_WORDS = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
/** The flags between `node` and `src/main.ts` in package.json's start script. */
const START_NODE_FLAGS = START_WORDS.slice(START_WORDS.indexOf('node') + 1, START_WORDS.indexOf('src/main.ts'));
/** The environment the start script sets before `node` (MALLOC_ARENA_MAX). */
const START_ENV = Object.fromEntries(START_WORDS.slice(0, START_WORDS.indexOf('node')).map((word) => word.split('=', 2) as [string, string]));

async function startServer(name: string, entry: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  // Logs go where a production process would send them, not into this process's memory.
  const devNull = openSync('/dev/null', 'w');
  // Node's flags and environment as `npm start` passes them (loader, V8 heap sizes, malloc arenas), for the baselines too: the same runtime for all.
  const child = spawn(process.execPath, [...START_NODE_FLAGS, entry], {
    cwd: ROOT,
    env: { ...process.env, ...START_ENV, ...env, PORT: String(port), DATABASE_URL, JWT_SECRET },
    stdio: ['ignore', devNull, 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before serving`);
    const ok = await fetch(`${url}/health/ready`).then((r) => r.ok, () => false);
    if (ok) return { name, child, url };
    if (Date.now() > deadline) throw new Error(`${name} did not become ready within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** utime + stime of a process in milliseconds (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

function memoryMib(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
  return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
}

// ---------------------------------------------------------------------------------------------
// Workloads

interface Workload {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

function workloads(sampleId: string): Workload[] {
  const gql = (query: string, variables: object) => JSON.stringify({ query, variables });
  return [
    { name: 'GraphQL user(id)', method: 'POST', path: '/graphql', body: gql(BENCH_DOCUMENTS.user, { id: sampleId }) },
    { name: 'GraphQL users(first: 50)', method: 'POST', path: '/graphql', body: gql(BENCH_DOCUMENTS.users, { first: 50 }) },
    { name: 'REST GET /api/users/:id', method: 'GET', path: `/api/users/${sampleId}` },
    { name: 'REST list of 50', method: 'GET', path: '/api/users?first=50' },
  ];
}

const headersFor = (token: string, workload: Workload) => ({
  authorization: `Bearer ${token}`,
  ...(workload.body && { 'content-type': 'application/json' }),
});

async function answer(server: Server, workload: Workload, token: string): Promise<unknown> {
  const response = await fetch(server.url + workload.path, { method: workload.method, headers: headersFor(token, workload), body: workload.body });
  return { status: response.status, body: await response.json() };
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  cpuPerRequestMs: number;
  errors: number;
}

async function drive(server: Server, workload: Workload, token: string, seconds: number): Promise<Sample> {
  const cpuBefore = cpuMs(server.child.pid!);
  const result = await autocannon({
    url: server.url + workload.path,
    method: workload.method,
    headers: headersFor(token, workload),
    body: workload.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = cpuMs(server.child.pid!) - cpuBefore;
  const requests = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequestMs: requests > 0 ? cpu / requests : NaN,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// ---------------------------------------------------------------------------------------------
// The run

const servers: Server[] = [];
try {
  console.log(`bench:load — ${USERS} users on ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s`);
  const { email, sampleId } = await prepareDatabase();
  const raw = await startServer('raw', 'scripts/bench/raw-server.ts', { RAW_REREAD: 'off' });
  const rawReread = await startServer('raw + re-read', 'scripts/bench/raw-server.ts', { RAW_REREAD: 'on' });
  const project = await startServer('project', 'src/main.ts', { NODE_ENV: 'production', DB_TYPE: 'sql', RATE_LIMIT: 'off', LOG_LEVEL: 'info' });
  servers.push(raw, rawReread, project);
  const rssAfterStart = memoryMib(project.child.pid!).rss;

  const login = await fetch(`${project.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login on the project answered ${login.status}`);
  const { accessToken: token } = (await login.json()) as { accessToken: string };

  const loads = workloads(sampleId);
  for (const workload of loads) {
    const expected = await answer(project, workload, token);
    for (const other of [raw, rawReread]) {
      const got = await answer(other, workload, token);
      if (!isDeepStrictEqual(got, expected)) {
        throw new Error(`${other.name} and the project answer ${workload.name} differently:\n${JSON.stringify(got).slice(0, 400)}\n${JSON.stringify(expected).slice(0, 400)}`);
      }
    }
  }
  console.log('all three servers answer the same JSON for every workload');

  // Warm-up: JIT, connection pools, prepared statements.
  for (const workload of loads) for (const server of servers) await drive(server, workload, token, 2);

  const samples = new Map<string, Sample[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const workload of loads) {
      for (const server of servers) {
        const sample = await drive(server, workload, token, SECONDS);
        const key = `${workload.name}|${server.name}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        if (sample.errors > 0) console.warn(`warning: ${server.name} gave ${sample.errors} errors or non-2xx answers on ${workload.name}`);
      }
    }
    console.log(`round ${round}/${ROUNDS} done`);
  }
  const afterLoad = memoryMib(project.child.pid!);

  let soak = '';
  if (SOAK_SECONDS > 0) {
    const readings: number[] = [];
    for (let left = SOAK_SECONDS; left > 0; left -= 30) {
      await drive(project, loads[0]!, token, Math.min(30, left));
      readings.push(memoryMib(project.child.pid!).rss);
    }
    soak = `soak ${SOAK_SECONDS} s on ${loads[0]!.name}: RSS every 30 s ${readings.join(', ')} MiB`;
  }

  const stat = (key: string, pick: (s: Sample) => number) => median(samples.get(key)!.map(pick));
  console.log('\n| workload | raw req/s | raw + re-read | project req/s | project / raw | p50 / p99 ms (raw → project) | CPU ms per request (raw → project) | goal |');
  console.log('|---|---|---|---|---|---|---|---|');
  const verdicts: string[] = [];
  for (const workload of loads) {
    const k = (server: Server) => `${workload.name}|${server.name}`;
    const ratio = stat(k(project), (s) => s.rps) / stat(k(raw), (s) => s.rps);
    const rereadRatio = stat(k(rawReread), (s) => s.rps) / stat(k(raw), (s) => s.rps);
    const goal = GOALS[workload.name]!;
    const met = ratio >= goal;
    verdicts.push(`${met ? 'MET    ' : 'NOT MET'} ${workload.name}: ${ratio.toFixed(2)}× raw (goal ≥ ${goal}×)`);
    console.log(
      `| ${workload.name} | ${stat(k(raw), (s) => s.rps).toFixed(0)} | ${stat(k(rawReread), (s) => s.rps).toFixed(0)} (${rereadRatio.toFixed(2)}×) | ` +
        `${stat(k(project), (s) => s.rps).toFixed(0)} | **${ratio.toFixed(2)}×** | ` +
        `${stat(k(raw), (s) => s.p50)} / ${stat(k(raw), (s) => s.p99)} → ${stat(k(project), (s) => s.p50)} / ${stat(k(project), (s) => s.p99)} | ` +
        `${stat(k(raw), (s) => s.cpuPerRequestMs).toFixed(2)} → ${stat(k(project), (s) => s.cpuPerRequestMs).toFixed(2)} | ≥ ${goal}× |`,
    );
  }
  console.log(`\nproject RSS: ${rssAfterStart} MiB after start, ${afterLoad.peak} MiB peak, ${afterLoad.rss} MiB after the load`);
  if (soak) console.log(soak);
  verdicts.push(`${afterLoad.rss <= RSS_GOAL_MIB ? 'MET    ' : 'NOT MET'} RSS after load: ${afterLoad.rss} MiB (goal ≤ ${RSS_GOAL_MIB} MiB)`);
  console.log(`\nverdict (load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}):`);
  for (const line of verdicts) console.log(`  ${line}`);
} finally {
  await Promise.all(servers.map(stopServer));
}
