/**
 * The media type of a /graphql answer (GraphQL over HTTP):
 * `application/graphql-response+json` when the request prefers it, else
 * `application/json`. Apollo Server decides this for the operations it runs
 * (negotiator over application/json then application/graphql-response+json);
 * the answers written before Apollo runs (malformed JSON, 413, 415, 405, the
 * per-IP 429) are decided here by the same rules, so one client gets one media
 * type whatever refused it. Apollo Client reads a 4xx body as GraphQL errors
 * only under `application/graphql-response+json`.
 */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
export const APPLICATION_JSON = 'application/json; charset=utf-8';

interface Range {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
  order: number;
}

function parseAccept(accept: string): Range[] {
  return accept.split(',').flatMap((part, order) => {
    const [mediaType = '', ...rawParams] = part.split(';');
    const [type, subtype] = mediaType.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    const params: Record<string, string> = {};
    for (const param of rawParams) {
      const [key = '', value = ''] = param.split('=').map((s) => s.trim().toLowerCase());
      params[key] = value.replace(/^"(.*)"$/, '$1');
    }
    const q = 'q' in params ? Number.parseFloat(params.q!) : 1;
    delete params.q;
    return [{ type, subtype, params, q: Number.isNaN(q) ? 0 : q, order }];
  });
}

/** Negotiator's priority of one offered type: its most specific matching range, then the highest q, then the last such range. */
function priority(offered: { type: string; subtype: string; params: Record<string, string> }, ranges: Range[]) {
  let best = { s: -1, q: 0, order: -1 };
  for (const range of ranges) {
    let s = 0;
    if (range.type === offered.type) s |= 4;
    else if (range.type !== '*') continue;
    if (range.subtype === offered.subtype) s |= 2;
    else if (range.subtype !== '*') continue;
    const keys = Object.keys(range.params);
    if (keys.length > 0) {
      if (!keys.every((key) => range.params[key] === '*' || range.params[key] === (offered.params[key] ?? ''))) continue;
      s |= 1;
    }
    const better = s - best.s || range.q - best.q || range.order - best.order;
    if (better > 0) best = { s, q: range.q, order: range.order };
  }
  return best;
}

const OFFERED = [
  { mediaType: APPLICATION_JSON, type: 'application', subtype: 'json', params: { charset: 'utf-8' } },
  { mediaType: GRAPHQL_RESPONSE_JSON, type: 'application', subtype: 'graphql-response+json', params: { charset: 'utf-8' } },
];

/**
 * The media type for a /graphql answer to a request with this Accept header.
 * No header, or one that accepts neither type, gets application/json: Apollo
 * answers an unacceptable Accept with 406 for an operation, but a refusal is
 * more use to the client than a 406 about its Accept header.
 */
export function graphqlMediaType(accept: string | undefined): string {
  if (!accept) return APPLICATION_JSON;
  const ranges = parseAccept(accept);
  const ranked = OFFERED.map((offered, index) => ({ ...priority(offered, ranges), index, mediaType: offered.mediaType }))
    .filter((candidate) => candidate.s >= 0 && candidate.q > 0)
    .sort((a, b) => b.q - a.q || b.s - a.s || a.order - b.order || a.index - b.index);
  return ranked[0]?.mediaType ?? APPLICATION_JSON;
}
