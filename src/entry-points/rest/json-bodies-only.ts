import { errorCodes, type FastifyRequest } from 'fastify';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

const mediaTypeOf = (request: FastifyRequest): string | undefined =>
  request.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();

const carriesBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * onRequest hook: REST accepts JSON bodies only. Fastify would otherwise parse
 * text/plain too, and a handler would then see a string. Runs before the body
 * is read; the error is Fastify's own, which the shared table answers with 415.
 * A request with no body at all is left to the route's schema (400).
 */
export async function refuseNonJsonBodies(request: FastifyRequest): Promise<void> {
  if (!METHODS_WITH_BODY.has(request.method)) return;
  const mediaType = mediaTypeOf(request);
  if (mediaType === 'application/json') return;
  if (mediaType === undefined && !carriesBody(request)) return;
  throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(mediaType ?? 'none');
}
