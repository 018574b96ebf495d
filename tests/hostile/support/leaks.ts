/**
 * What an error body must never carry (CONTRACT.md, "Error codes"): a stack,
 * SQL, a driver's own words, a path on the server, or the password the client
 * just sent. Every error answer the hostile client receives goes through
 * findLeaks; leak-detector.test.ts shows each pattern catching a real sample.
 */

export interface Leak {
  kind: string;
  excerpt: string;
}

/** Case-sensitive where the word is only suspicious in that case (SQL keywords), insensitive elsewhere. */
export const LEAK_PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  // V8 frames: "at fn (/path/file.ts:1:2)", "at async fn (...)", "at file:///...:1:2"; in JSON the newline before them is "\n".
  { kind: 'stack frame', pattern: /(?:^|\n|\\n)\s*at\s+(?:async\s+)?\S.*?:\d+:\d+/ },
  { kind: 'stack frame', pattern: /\bat\s+(?:async\s+)?[\w$.<>[\]]+\s+\((?:file:|node:|\/)[^)]*\)/ },
  { kind: 'stack property', pattern: /"stack(?:trace)?"\s*:/i },
  { kind: 'SQL', pattern: /\b(?:SELECT|INSERT\s+INTO|UPDATE\s+"?\w+"?\s+SET|DELETE\s+FROM|RETURNING)\b/ },
  { kind: 'SQL', pattern: /\brelation\s+"|\bconstraint\b|\bduplicate key\b|\bviolates\b|\bsyntax error at or near\b/i },
  { kind: 'driver', pattern: /prisma|\bP[0-9]{4}\b|E11000|Mongo\w*Error|\bMongo(?:DB)?\b|\bBSON\b|\bpg\b|postgres|PGlite|ECONNREFUSED|SQLSTATE/i },
  { kind: 'file path', pattern: /\/work\/|node_modules|\/src\/|\.ts:\d|\.[cm]?js:\d|file:\/\//i },
];

/** The leaks in `text`; `secrets` are strings the client sent that must not come back (passwords). */
export function findLeaks(text: string, secrets: readonly string[] = []): Leak[] {
  const found: Leak[] = [];
  for (const { kind, pattern } of LEAK_PATTERNS) {
    const match = pattern.exec(text);
    if (match) found.push({ kind, excerpt: text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 40) });
  }
  for (const secret of secrets) {
    // Short strings would match by accident; every password the suite sends has at least 8 characters.
    if (secret.length >= 8 && text.includes(secret)) found.push({ kind: 'submitted password', excerpt: secret.slice(0, 40) });
    // A JSON body escapes some characters: look for the escaped form too.
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && escaped.length >= 8 && text.includes(escaped)) {
      found.push({ kind: 'submitted password', excerpt: escaped.slice(0, 40) });
    }
  }
  return found;
}

/** Every string held under a key named like a password, anywhere in a JSON value. */
export function passwordsIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key !== undefined && /pass(word)?/i.test(key)) found.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, key);
    } else if (node !== null && typeof node === 'object') {
      for (const [name, child] of Object.entries(node)) visit(child, name);
    }
  };
  visit(value, undefined);
  return found;
}
