import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The real server (`node --import ./scripts/register.mjs src/main.ts`, what `npm start` runs) as a
 * child process, for tests of what only a process shows: start-up, signals,
 * exit codes, the log it writes. Every child is tracked, so a test file's
 * afterAll(stopAllServers) leaves nothing running whatever happened.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = ['--import', './scripts/register.mjs', 'src/main.ts'];
const WORKER = ['--import', './scripts/register.mjs', 'src/worker.ts'];

/** What every child gets unless a test says otherwise (a value of undefined removes a default). */
const DEFAULT_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  RATE_LIMIT: 'off',
};

/** Only what node needs from the parent: the test runner's own variables (DATABASE_URL, CI...) must not leak in. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];

export type Env = Record<string, string | undefined>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the last signal() to the exit; null when no signal was sent. */
  msSinceSignal: number | null;
}

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface ChildOutput {
  readonly stdoutLines: readonly string[];
  readonly stderrLines: readonly string[];
  /** stdout and stderr as one text, for searching it. */
  text(): string;
  /** stdout lines that are JSON objects (pino). */
  logs(): LogLine[];
}

export interface ServerProcess extends ChildOutput {
  readonly pid: number;
  /** e.g. http://127.0.0.1:43210, from the start-up line's `url` field. */
  readonly url: string;
  readonly port: number;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Milliseconds from spawn to the 'serving' line. */
  readonly startMs: number;
  signal(sig: NodeJS.Signals): void;
  /** performance.now() of the last signal(), or null. */
  readonly signalledAt: number | null;
  readonly exited: Promise<Exit>;
  /** Whether the process has exited (synchronously). */
  hasExited(): boolean;
  /** Resolves with the first log line matching, or rejects after timeoutMs. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGKILL if still running; resolves once it is gone. */
  kill(): Promise<Exit>;
}

const live = new Set<ChildProcess>();

/** Kills every child still running. Call from afterAll in each file that starts processes. */
export async function stopAllServers(): Promise<void> {
  const waiting = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waiting);
  live.clear();
}

// Belt and braces: a worker that dies without running afterAll still takes its children along.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

interface Spawned extends ChildOutput {
  child: ChildProcess;
  spawnedAt: number;
  exited: Promise<Exit>;
  signal(sig: NodeJS.Signals): void;
  signalledAt(): number | null;
  onLine(listener: () => void): () => void;
}

function childEnv(env: Env): Record<string, string> {
  const merged: Env = {};
  for (const name of INHERITED) if (process.env[name] !== undefined) merged[name] = process.env[name];
  Object.assign(merged, DEFAULT_ENV, env);
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function spawnMain(env: Env, args: string[] = MAIN): Spawned {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const stdoutLines: string[] = [];
  const stderrLines: string[] = [];
  const listeners = new Set<() => void>();
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      into.push(...parts);
      for (const listener of listeners) listener();
    });
    stream.on('end', () => {
      if (partial) into.push(partial);
      partial = '';
      for (const listener of listeners) listener();
    });
  };
  collect(child.stdout!, stdoutLines);
  collect(child.stderr!, stderrLines);

  let signalledAt: number | null = null;
  const exited = new Promise<Exit>((resolve) => {
    // 'close' rather than 'exit': by then both pipes are drained, so the output is complete.
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, msSinceSignal: signalledAt === null ? null : Math.round(performance.now() - signalledAt) });
      for (const listener of listeners) listener();
    });
  });
  const logs = () => stdoutLines.flatMap((line) => parseLogLine(line) ?? []);
  return {
    child,
    spawnedAt,
    exited,
    stdoutLines,
    stderrLines,
    text: () => [...stdoutLines, ...stderrLines].join('\n'),
    logs,
    signal(sig) {
      signalledAt = performance.now();
      child.kill(sig);
    },
    signalledAt: () => signalledAt,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function parseLogLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as unknown;
    return parsed && typeof parsed === 'object' && typeof (parsed as LogLine).msg === 'string' ? (parsed as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

function describeOutput(output: ChildOutput): string {
  const text = output.text();
  return text.length > 4000 ? `...${text.slice(-4000)}` : text || '(no output)';
}

/** Waits until `find` returns a value, checking on every chunk of output; rejects if the process exits first or after timeoutMs. */
function waitForOutput<T>(spawned: Spawned, find: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (error: Error | null, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      if (error) reject(error);
      else resolve(value as T);
    };
    const check = () => {
      const found = find();
      if (found !== undefined) finish(null, found);
    };
    // 'close' comes after the last output: one more look, then it is too late.
    void spawned.exited.then((exit) => {
      check();
      finish(new Error(`server exited (code ${exit.code}, signal ${exit.signal}) before ${what}; output:\n${describeOutput(spawned)}`));
    });
    const unsubscribe = spawned.onLine(check);
    const timer = setTimeout(
      () => finish(new Error(`no ${what} within ${timeoutMs} ms; output so far:\n${describeOutput(spawned)}`)),
      timeoutMs,
    );
    check();
  });
}

export interface StartOptions {
  /** On top of DEFAULT_ENV; undefined removes a default. */
  env?: Env;
  /** Deadline for the 'serving' line (a fresh embedded DATA_DIR runs initdb: seconds). */
  timeoutMs?: number;
}

/** Spawns the server and resolves once it logs the 'serving' line; fails with the captured output if it exits first. */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const spawned = spawnMain(options.env ?? {});
  const serving = () => spawned.logs().find((line) => line.msg.startsWith('serving') && typeof line.url === 'string');
  let line: LogLine;
  try {
    line = await waitForOutput(spawned, serving, "the 'serving' line", options.timeoutMs ?? 45_000);
  } catch (error) {
    spawned.child.kill('SIGKILL');
    throw error;
  }
  const url = String(line.url).replace(/\/$/, '');
  return { ...handleOf(spawned), url, port: Number(new URL(url).port) };
}

/** What a test holds of a started child: its output, its signals, its exit. */
function handleOf(spawned: Spawned): WorkerProcess {
  return {
    pid: spawned.child.pid!,
    spawnedAt: spawned.spawnedAt,
    startMs: Math.round(performance.now() - spawned.spawnedAt),
    stdoutLines: spawned.stdoutLines,
    stderrLines: spawned.stderrLines,
    text: spawned.text,
    logs: spawned.logs,
    signal: spawned.signal,
    get signalledAt() {
      return spawned.signalledAt();
    },
    exited: spawned.exited,
    hasExited: () => spawned.child.exitCode !== null || spawned.child.signalCode !== null,
    waitForLog: (match, timeoutMs = 5_000) =>
      waitForOutput(spawned, () => spawned.logs().find(match), 'the expected log line', timeoutMs),
    async kill() {
      if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
      return spawned.exited;
    },
  };
}

export interface FailedStart extends ChildOutput {
  exit: Exit;
}

/**
 * Spawns the server expecting it NOT to start: resolves with its exit and output.
 * Rejects if it logs the 'serving' line (then it is killed) or runs past timeoutMs.
 */
export async function runExpectingFailure(env: Env, timeoutMs = 45_000): Promise<FailedStart> {
  const spawned = spawnMain(env);
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const served = new Promise<'served'>((resolve) => {
    unsubscribe = spawned.onLine(() => {
      if (spawned.logs().some((line) => line.msg.startsWith('serving'))) resolve('served');
    });
  });
  const outcome = await Promise.race([spawned.exited, served, timeout]);
  clearTimeout(timer);
  unsubscribe();
  if (outcome === 'served' || outcome === 'timeout') {
    spawned.child.kill('SIGKILL');
    await spawned.exited;
    const what = outcome === 'served' ? 'started listening although it should not have' : `was still running after ${timeoutMs} ms`;
    throw new Error(`the server ${what}; output:\n${describeOutput(spawned)}`);
  }
  return { exit: outcome, stdoutLines: spawned.stdoutLines, stderrLines: spawned.stderrLines, text: spawned.text, logs: spawned.logs };
}

/** Polls `check` until it returns a value other than undefined/false, or throws after timeoutMs naming `what`. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (performance.now() >= deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export type WorkerProcess = Omit<ServerProcess, 'url' | 'port'>;

/** Spawns `npm run worker`'s entry point and resolves once it logs that it consumes jobs; fails with its output if it exits first. */
export async function startWorker(options: StartOptions = {}): Promise<WorkerProcess> {
  const spawned = spawnMain(options.env ?? {}, WORKER);
  try {
    await waitForOutput(spawned, () => spawned.logs().find((line) => line.msg.startsWith('worker started')), "the 'worker started' line", options.timeoutMs ?? 45_000);
  } catch (error) {
    spawned.child.kill('SIGKILL');
    throw error;
  }
  return handleOf(spawned);
}

/** Spawns the worker expecting it to refuse to start: resolves with its exit and output. */
export async function runWorkerExpectingFailure(env: Env, timeoutMs = 45_000): Promise<FailedStart> {
  const spawned = spawnMain(env, WORKER);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    spawned.exited,
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    spawned.child.kill('SIGKILL');
    await spawned.exited;
    throw new Error(`the worker was still running after ${timeoutMs} ms; output:\n${describeOutput(spawned)}`);
  }
  return { exit: outcome, stdoutLines: spawned.stdoutLines, stderrLines: spawned.stderrLines, text: spawned.text, logs: spawned.logs };
}
