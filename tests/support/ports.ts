import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on (bound, then released): for a server a
 * test starts there, or for a database that refuses every connection.
 */
export function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
