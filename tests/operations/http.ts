import { type ClientRequest, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

/**
 * Plain node:http, one connection per request (no keep-alive pool): what a
 * test sees is exactly what one client connection saw, resets included.
 */
export interface HttpResponse<T = any> {
  status: number;
  headers: IncomingHttpHeaders;
  body: T;
  text: string;
  /** The server's x-request-id answer. */
  requestId: string | undefined;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON unless a string. */
  body?: unknown;
  /** Source address of the connection (any 127.x.y.z on Linux): a distinct client IP for rate limits. */
  localAddress?: string;
  timeoutMs?: number;
}

export function request<T = any>(url: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
      headers,
      agent: false,
      localAddress: options.localAddress,
      timeout: options.timeoutMs ?? 20_000,
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 20_000} ms`)));
    collectResponse(req).then(resolve, reject);
    req.end(payload);
  });
}

/** The response to `req`, its body parsed when it is JSON. */
function collectResponse(req: ClientRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if (String(res.headers['content-type'] ?? '').includes('json') && text !== '') {
          try {
            body = JSON.parse(text);
          } catch {
            // keep the text: the assertion will show it
          }
        }
        const id = res.headers['x-request-id'];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, requestId: typeof id === 'string' ? id : undefined });
      });
    });
  });
}

/** A GraphQL POST; `operationName` is sent when the document names one. */
export function graphql<T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: Omit<RequestOptions, 'body' | 'method'> & { token?: string } = {},
): Promise<HttpResponse<{ data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] }>> {
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  const headers = { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  return request(`${baseUrl}/graphql`, { ...options, headers, body: { query, variables, ...(operationName ? { operationName } : {}) } });
}

/**
 * A request the server has demonstrably begun: it is sent with
 * `Expect: 100-continue` and its body is held back until finish(). `started`
 * resolves when the server answers 100 Continue, i.e. it has parsed the
 * headers and the request is in its hands; the response comes after finish().
 */
export interface HeldRequest {
  readonly started: Promise<void>;
  finish(): Promise<HttpResponse>;
}

export function heldRequest(url: string, options: { headers?: Record<string, string>; body: unknown }): HeldRequest {
  const payload = JSON.stringify(options.body);
  const req = httpRequest(url, {
    method: 'POST',
    agent: false,
    headers: { ...options.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), expect: '100-continue' },
  });
  const started = new Promise<void>((resolve, reject) => {
    req.once('continue', () => resolve());
    req.once('error', reject);
  });
  const response = collectResponse(req);
  // Unobserved until finish(): a reset before then must not become an unhandled rejection.
  response.catch(() => undefined);
  started.catch(() => undefined);
  req.flushHeaders();
  return {
    started,
    finish() {
      req.end(payload);
      return response;
    },
  };
}

/** Whether a new TCP connection to host:port is accepted ('open') or refused ('refused'). */
export function probeConnection(port: number, host = '127.0.0.1'): Promise<'open' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve('open');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve('refused');
      else reject(error);
    });
  });
}

/** A loopback address of its own for this run (127.x.y.z), so per-IP counters in a shared Redis start from zero. */
export function uniqueLoopbackAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  return `127.${octet()}.${octet()}.${octet()}`;
}
