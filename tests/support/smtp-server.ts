import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the server answers instead of 250: a reply code and its text. */
export interface Refusal {
  code: number;
  message: string;
}

export interface ReceivedMail {
  /** RCPT TO addresses: who the server was asked to deliver to. */
  envelopeTo: string[];
  mailFrom: string;
  /** The message exactly as it came over the wire. */
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  /** smtp://user:pass@127.0.0.1:<port> (smtps:// when secure; URL-encoded credentials). */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Every RCPT TO the server was sent, accepted or not: one per attempt of a single-recipient message. */
  rcptAttempts: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (the smtp-server package), in this process, on a free
 * port. Without STARTTLS (the client then speaks plain SMTP, as to a local
 * relay); with AUTH when credentials are given. A message is parsed and
 * recorded before the server answers 250, so once `send` resolves it is in
 * `received`: no waiting.
 */
export async function startSmtpServer(options: {
  auth?: { user: string; pass: string };
  /** TLS from the first byte (smtps://), with smtp-server's built-in self-signed certificate. */
  secure?: boolean;
  /** Called for each RCPT TO, with how many came before it; a Refusal answers that instead of 250. */
  rcpt?: (address: string, attempt: number) => Refusal | null;
  /** Called at the end of DATA; a Refusal answers that instead of 250. */
  data?: (raw: string) => Refusal | null;
  /** Awaited at the end of DATA before the message is recorded and answered: a server that is slow to accept. */
  beforeAccept?: (raw: string) => Promise<void>;
} = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  const refusal = ({ code, message }: Refusal) => Object.assign(new Error(message), { responseCode: code });
  const server = new SMTPServer({
    logger: false,
    secure: options.secure ?? false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass) return callback(null, { user: auth.username });
      callback(refusal({ code: 535, message: 'Authentication failed' }));
    },
    onRcptTo(address, _session, callback) {
      const answer = options.rcpt?.(address.address, rcptAttempts.length) ?? null;
      rcptAttempts.push(address.address);
      callback(answer ? refusal(answer) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const answer = options.data?.(raw) ?? null;
        if (answer) return callback(refusal(answer));
        (options.beforeAccept ? options.beforeAccept(raw) : Promise.resolve())
          .then(() => simpleParser(raw))
          .then(
          (parsed) => {
            received.push({
              envelopeTo: session.envelope.rcptTo.map((to) => to.address),
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              raw,
              parsed,
            });
            callback(null);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return {
    url: `${options.secure ? 'smtps' : 'smtp'}://${credentials}127.0.0.1:${port}`,
    port,
    received,
    rcptAttempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP server that is no SMTP server: it runs `onConnection` for each
 * client (stay silent, greet then hang up, ...). For the timeout and
 * lost-connection cases, which smtp-server will not produce on purpose.
 */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = await startRawServer(() => {});
  await server.close();
  return server.port;
}
