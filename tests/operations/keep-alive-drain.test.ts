/**
 * Shutdown with a keep-alive client: the request in flight is answered with
 * `Connection: close`, so its socket does not keep the server from exiting
 * (without that, close() waits for the idle socket until the deadline, exit 1).
 */
import { connect, type Socket } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startServer, stopAllServers } from '../support/server-process.js';

afterAll(stopAllServers);

const BODY = JSON.stringify({ email: 'keep-alive@example.com', firstName: 'K', lastName: 'A', password: 'correct horse battery' });

/** Resolves with everything received once `done(received)` is true. */
function receive(socket: Socket, done: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (done(received)) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

it('answers the request in flight with Connection: close and exits 0 long before the deadline', async () => {
  const server = await startServer({ env: { DB_TYPE: 'memory' } });
  const socket = connect(server.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  // Headers only: the server takes the request (100 Continue) and waits for the body.
  socket.write(
    `POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(BODY)}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await receive(socket, (text) => text.includes('100 Continue'));

  server.signal('SIGTERM');
  const answered = receive(socket, (text) => /\r\n\r\n\{.*\}$/s.test(text));
  socket.write(BODY);
  const response = await answered;
  expect(response).toMatch(/^HTTP\/1\.1 201/m);
  expect(response.toLowerCase()).toContain('connection: close');

  // The client keeps its end open, as a keep-alive pool would; the server must not wait for it.
  const exit = await server.exited;
  socket.destroy();
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(exit.msSinceSignal).toBeLessThan(5_000);
});
