import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { isMailDomain, isSingleMailbox } from '../core/mail/mail-message.js';

/**
 * Every environment variable the product reads, validated once at start-up
 * (CONTRACT.md, "Configuration"). Nothing else in src/ reads process.env.
 */
const DURATION = /^(\d+)\s*(s|m|h|d)?$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

const duration = (accepts: string) =>
  z.string().regex(DURATION, { error: accepts }).transform((value) => {
    const [, amount, unit] = DURATION.exec(value)!;
    return Number(amount) * UNIT_SECONDS[(unit ?? 's') as keyof typeof UNIT_SECONDS];
  }).refine((seconds) => seconds > 0, { error: accepts });

const onOff = (accepts: string) => z.enum(['on', 'off'], { error: accepts }).transform((value) => value === 'on');

const url = (protocols: string[], accepts: string) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, { error: accepts });

// `Name <local@host>` or `local@host`: one mailbox whose host is also the domain of every Message-ID.
// No quotes, commas, semicolons or control characters in the name, so the header holds exactly one address.
const MAIL_FROM = /^(?:([^"<>,;:\\\p{C}]*)<([^<>]+)>|([^<>]+))$/u;

function mailFromAddress(value: string): string | null {
  const [, , named, bare] = MAIL_FROM.exec(value.trim()) ?? [];
  const address = named ?? bare;
  return address !== undefined && isSingleMailbox(address) && isMailDomain(address.slice(address.lastIndexOf('@') + 1))
    ? address
    : null;
}

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'accepts development, production or test' }).default('development'),
  // Digits only: Number() would also take 0x1F90, 1e3 or 80.0, and a blank would mean "any port".
  PORT: z.string().regex(/^\d{1,5}$/, { error: 'accepts a port number 0-65535' }).transform(Number)
    .refine((port) => port <= 65535, { error: 'accepts a port number 0-65535' }).default(4000),
  HOST: z.string().min(1, { error: 'accepts a host name or address' }).default('0.0.0.0'),
  DB_TYPE: z.enum(['sql', 'nosql', 'memory'], { error: 'accepts sql, nosql or memory' }).default('sql'),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'accepts a postgresql:// URL').optional(),
  DATA_DIR: z.string().min(1, { error: 'accepts a directory path' }).default('.data'),
  // Not a WHATWG URL check: a replica-set seed list (mongodb://h1:27017,h2:27017/app) is not one.
  // The adapter reads the database name from the path and refuses a URL without one.
  MONGODB_URL: z.string().regex(/^mongodb(\+srv)?:\/\/[^/\s]+\/[^/?\s]+/, {
    error: 'accepts a mongodb:// URL with the database name in its path',
  }).optional(),
  JWT_SECRET: z.string().min(32, { error: 'accepts a secret of at least 32 bytes' }).optional(),
  ACCESS_TOKEN_TTL: duration('accepts a duration like 900, 15m, 2h or 1d').default(15 * 60),
  REFRESH_TOKEN_TTL: duration('accepts a duration like 3600, 12h or 30d').default(30 * 86_400),
  CORS_ORIGINS: z.string().default('').transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)),
  REDIS_URL: url(['redis:', 'rediss:'], 'accepts a redis:// URL').optional(),
  // The Redis key prefix of the job queue: apps (or tests) sharing one Redis each take their own.
  JOBS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'accepts 1 to 64 letters, digits, - or _' }).default('bull'),
  // How long a worker's lock on a job lasts unrenewed: a killed worker's job runs again on another after about this.
  JOBS_LOCK_MS: z.string().regex(/^\d{3,7}$/, { error: 'accepts milliseconds, 100 to 9999999' }).transform(Number).default(30_000),
  // Jobs one worker process runs at once (mail waits on the SMTP server: a few at a time keep it busy).
  JOBS_CONCURRENCY: z.string().regex(/^\d{1,3}$/, { error: 'accepts a number from 1 to 100' }).transform(Number)
    .refine((n) => n >= 1 && n <= 100, { error: 'accepts a number from 1 to 100' }).default(4),
  RATE_LIMIT: onOff('accepts on or off').default(true),
  // Off by default: X-Forwarded-For is then ignored, so a client cannot pick the address the per-IP limits count.
  TRUST_PROXY: z.string().regex(/^(off|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/, {
    error: 'accepts off, a number of proxy hops, or comma-separated proxy addresses/CIDRs',
  }).default('off').transform((value): false | number | string[] =>
    value === 'off' ? false : /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim()),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'accepts fatal, error, warn, info, debug, trace or silent',
  }).default('info'),
  GRAPHQL_INTROSPECTION: onOff('accepts on or off').optional(),
  GRAPHQL_SANDBOX: onOff('accepts on or off').optional(),
  SMTP_URL: z.string().refine((value) => {
    try {
      const parsed = new URL(value);
      return ['smtp:', 'smtps:'].includes(parsed.protocol) && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, { error: 'accepts an smtp:// or smtps:// URL with a host (smtp://user:pass@host:587)' }).optional(),
  MAIL_FROM: z.string().refine((value) => mailFromAddress(value) !== null, {
    error: 'accepts an address, alone or with a name: no-reply@example.com or Shop <no-reply@example.com>',
  }).default('flexible-backend <no-reply@localhost>'),
});

export class ConfigError extends Error {}

export type StoreConfig =
  | { type: 'memory' }
  | { type: 'nosql'; url: string }
  | { type: 'sql'; url: string }
  | { type: 'sql'; dataDir: string };

/**
 * Where mail goes: SMTP when SMTP_URL is set, otherwise .eml files under
 * DATA_DIR/mail (the development transport). `domain` is MAIL_FROM's host,
 * the right-hand side of every Message-ID.
 */
export interface MailConfig {
  transport: { type: 'smtp'; url: string } | { type: 'file'; directory: string };
  from: string;
  domain: string;
}

/** Never echoed in an error: secrets, and URLs that may carry credentials. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'DATABASE_URL', 'MONGODB_URL', 'REDIS_URL', 'SMTP_URL']);

export type Config = ReturnType<typeof loadConfig>;

function storeConfig(vars: z.infer<typeof schema>): StoreConfig {
  if (vars.DB_TYPE === 'memory') return { type: 'memory' };
  if (vars.DB_TYPE === 'nosql') return { type: 'nosql', url: vars.MONGODB_URL! };
  return vars.DATABASE_URL ? { type: 'sql', url: vars.DATABASE_URL } : { type: 'sql', dataDir: vars.DATA_DIR };
}

function mailConfig(vars: z.infer<typeof schema>): MailConfig {
  const address = mailFromAddress(vars.MAIL_FROM)!;
  return {
    transport: vars.SMTP_URL ? { type: 'smtp', url: vars.SMTP_URL } : { type: 'file', directory: join(vars.DATA_DIR, 'mail') },
    from: vars.MAIL_FROM.trim(),
    domain: address.slice(address.lastIndexOf('@') + 1).toLowerCase(),
  };
}

/** Reads and validates the environment; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  // An empty variable means "not set", as in most shells' `VAR= command`.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(given[name])})`;
    throw new ConfigError(`${name} ${issue.message}${shown}`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  if (vars.DB_TYPE === 'nosql' && !vars.MONGODB_URL) {
    throw new ConfigError('MONGODB_URL is required when DB_TYPE=nosql (accepts a mongodb:// URL with the database name in its path)');
  }
  if (production && !vars.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET is required in production (accepts a secret of at least 32 bytes)');
  }
  return {
    production,
    port: vars.PORT,
    host: vars.HOST,
    store: storeConfig(vars),
    // Outside production a missing secret is generated: tokens then last as long as the process.
    jwtSecret: vars.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: !vars.JWT_SECRET,
    accessTokenTtl: vars.ACCESS_TOKEN_TTL,
    refreshTokenTtl: vars.REFRESH_TOKEN_TTL,
    corsOrigins: vars.CORS_ORIGINS,
    trustProxy: vars.TRUST_PROXY,
    redisUrl: vars.REDIS_URL,
    jobsPrefix: vars.JOBS_PREFIX,
    jobsLockMs: vars.JOBS_LOCK_MS,
    jobsConcurrency: vars.JOBS_CONCURRENCY,
    rateLimit: vars.RATE_LIMIT,
    logLevel: vars.LOG_LEVEL,
    mail: mailConfig(vars),
    graphql: {
      introspection: vars.GRAPHQL_INTROSPECTION ?? !production,
      sandbox: vars.GRAPHQL_SANDBOX ?? !production,
    },
  };
}
