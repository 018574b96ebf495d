import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP pass-through to a database, so a test can make the database "go away"
 * (stop: no listener, every open connection cut) and "come back" (start again
 * on the same port) while the server under test keeps running, unaware. It can
 * also turn into a black hole (hold: connections stay open and carry nothing),
 * a database that does not answer rather than one that refuses.
 */
export interface TcpProxy {
  /** The port clients connect to; fixed after the first start. */
  readonly port: number;
  readonly listening: boolean;
  /** Connections accepted since creation. */
  readonly accepted: number;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops listening and destroys every open connection (both sides). */
  stop(): Promise<void>;
  /** A black hole: open connections stop carrying bytes, new ones are accepted and never forwarded. */
  hold(): void;
  /** Ends a hold as a healed network would: what was held is delivered (nothing was dropped), and forwarding resumes. */
  release(): void;
}

export async function startTcpProxy(target: { host: string; port: number }, listenHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  /** Accepted during a hold: not yet connected upstream; their bytes wait in the socket. */
  const held = new Set<Socket>();
  let holding = false;
  let server: Server | undefined;
  let port = 0;
  let accepted = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A reset on one side is expected when the other is cut; it must not crash the test process.
    socket.on('error', () => socket.destroy());
  };

  const forward = (client: Socket) => {
    const upstream = connect({ host: target.host, port: target.port });
    track(upstream);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.once('close', () => pairs.delete(pair));
  };

  const onConnection = (client: Socket) => {
    accepted++;
    track(client);
    if (!holding) return forward(client);
    held.add(client); // accepted, and nothing comes back until release()
    client.once('close', () => held.delete(client));
  };

  const proxy: TcpProxy = {
    get port() {
      return port;
    },
    get listening() {
      return server?.listening ?? false;
    },
    get accepted() {
      return accepted;
    },
    async start() {
      if (server?.listening) return;
      const next = createServer(onConnection);
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen({ port, host: listenHost, exclusive: true }, () => {
          next.off('error', reject);
          resolve();
        });
      });
      server = next;
      const address = next.address();
      if (address && typeof address === 'object') port = address.port;
    },
    hold() {
      holding = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    release() {
      holding = false;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      for (const client of held) forward(client);
      held.clear();
    },
    async stop() {
      const current = server;
      server = undefined;
      if (!current) return;
      const closed = new Promise<void>((resolve) => current.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
  await proxy.start();
  return proxy;
}
