/**
 * The database is named by the path of MONGODB_URL, as in every MongoDB tool.
 * Parsed by hand because a seed list (`mongodb://h1,h2/app`) is not a WHATWG URL.
 */
const SCHEME = /^mongodb(\+srv)?:\/\//;

function split(url: string): { authority: string; path: string; query: string } {
  const scheme = SCHEME.exec(url);
  if (!scheme) throw new Error('MONGODB_URL must start with mongodb:// or mongodb+srv://');
  const rest = url.slice(scheme[0].length);
  const queryAt = rest.indexOf('?');
  const beforeQuery = queryAt === -1 ? rest : rest.slice(0, queryAt);
  const query = queryAt === -1 ? '' : rest.slice(queryAt);
  const slash = beforeQuery.indexOf('/');
  return {
    authority: scheme[0] + (slash === -1 ? beforeQuery : beforeQuery.slice(0, slash)),
    path: slash === -1 ? '' : beforeQuery.slice(slash + 1),
    query,
  };
}

/** The database named in the URL path; throws when there is none. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(split(url).path);
  if (name === '') {
    throw new Error('MONGODB_URL must name the database in its path, e.g. mongodb://127.0.0.1:27017/app');
  }
  if (/[/\\. "$\0]/.test(name)) throw new Error(`MONGODB_URL names an invalid database: "${name}"`);
  return name;
}

/** The same URL (hosts, credentials, options) naming another database. */
export function withDatabase(url: string, name: string): string {
  const { authority, query } = split(url);
  return `${authority}/${encodeURIComponent(name)}${query}`;
}
