import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { unusedPort } from './ports.js';
import { pollUntil } from './server-process.js';

/**
 * A redis-server of the test's own, on a free port, without persistence, so a
 * test can kill it (SIGKILL: an outage, its counts gone) and start it again on
 * the same port while the code under test keeps running.
 */
export interface PrivateRedis {
  readonly port: number;
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port; resolves once it answers PING. */
  restart(): Promise<void>;
}

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Kills every private redis-server still running. Call from afterAll. */
export async function stopAllPrivateRedis(): Promise<void> {
  await Promise.all([...running].map(killed));
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await unusedPort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const next = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(next);
    next.once('exit', () => running.delete(next));
    next.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    next.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = next;
    try {
      await pollUntil(`redis-server on port ${port} to answer PING`, async () => {
        if (next.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
        return answersPing(port);
      });
    } catch (error) {
      await killed(next);
      throw error;
    }
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: async () => {
      if (child) await killed(child);
    },
    restart: start,
  };
}
