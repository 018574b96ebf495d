import type { FastifyInstance, HTTPMethods } from 'fastify';
import { MethodNotAllowedError } from '../http/http-errors.js';

/** What a REST route can be asked for; OPTIONS stays with CORS preflight. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * A method a REST path does not serve is 405 with `Allow` (CONTRACT.md,
 * METHOD_NOT_ALLOWED), not 404: the path exists. Call before the routes are
 * registered; when the instance is ready, every path has a route for each
 * method it lacks, answering with the methods it has.
 */
export function answerUnservedMethods(app: FastifyInstance): void {
  const served = new Map<string, Set<string>>();
  let sealed = false;
  app.addHook('onRoute', (route) => {
    if (sealed || route.method === 'OPTIONS') return;
    // routePath is the path within this instance: route() adds the /api prefix again.
    const methods = served.get(route.routePath) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    served.set(route.routePath, methods);
  });
  app.after(() => {
    sealed = true;
    for (const [url, methods] of served) {
      if (methods.has('GET')) methods.add('HEAD');
      const missing = METHODS.filter((method) => !methods.has(method));
      if (missing.length === 0) continue;
      const allow = METHODS.filter((method) => methods.has(method));
      app.route({
        method: missing as HTTPMethods[],
        url,
        // Refused before any body is read: a body sent to the wrong method is never parsed.
        onRequest: async () => {
          throw new MethodNotAllowedError(allow);
        },
        handler: async () => undefined,
      });
    }
  });
}
