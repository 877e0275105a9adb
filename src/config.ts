/**
 * Configuration from environment variables, validated once at start.
 * A bad value throws ConfigError naming the variable; main.ts prints it on one line and exits.
 */
export class ConfigError extends Error {}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  /** Unset means: run an embedded PostgreSQL with its data in dataDir. */
  databaseUrl?: string;
  /** Streaming replicas of that database (DATABASE_READ_URLS): read-only operations go to one of them (src/db/read-replicas.ts). */
  readUrls: string[];
  /** A replica whose replay is further behind the primary than this is skipped. */
  maxReplicaLagMs: number;
  port: number;
  host: string;
  logLevel: LogLevel;
  production: boolean;
  /** Browser origins allowed to call /graphql. */
  cors: CorsPolicy;
  /** Where the embedded PostgreSQL keeps its data (git-ignored). */
  dataDir: string;
  /** Largest `first`/`last` (and group page) a request may ask for. */
  maxPageSize: number;
  /** Per-statement timeout in milliseconds sent to PostgreSQL. */
  statementTimeoutMs: number;
  /** How long a request's statement may wait for a lock held by another operation; then SERVICE_UNAVAILABLE. */
  lockTimeoutMs: number;
  /** Database connection pool size. */
  poolSize: number;
  /** An aggregate with no county/agency/township bound may scan at most this many rows. */
  maxScanRows: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Without a key: 'public' (published figures, aggregates, geography) or 'none'. */
  anonymousAccess: 'public' | 'none';
  introspection: boolean;
  /** Requests per minute per API key (or per client address without one), counted across every server process. */
  rateLimitPerMinute: number;
  /** The shared rate-limit store (PostgreSQL) errs or is slower than its timeout: answer ('open') or refuse with SERVICE_UNAVAILABLE ('closed'). */
  rateLimitStoreFailure: 'open' | 'closed';
  /** How long a request waits for the rate-limit store before that counts as a store failure. */
  rateLimitStoreTimeoutMs: number;
  /** Anonymous comparison/reconciliation answers each process keeps until an import commits; 0: none. */
  answerCacheEntries: number;
  /**
   * How far V8 lets the heap grow past what the last full collection kept before it collects again
   * (percent; 0: V8's own choice, up to 4x). Requests leave short-lived objects that scavenges
   * promote; with V8's choice the heap of an idle-looking server grew to 235 MB at one request at a
   * time (bench/README.md, fifth round).
   */
  heapGrowingPercent: number;
  /** HTTP worker processes `npm start` runs on one port (node:cluster); 1: the server runs in the started process itself. */
  workers: number;
  limits: QueryLimits;
  /** Bounds on heavy operations (by query cost) so that they cannot take every pool connection. */
  heavy: HeavyLimits;
  /** Answer aggregates from summary tables when they cover the request (off: always the base tables). */
  rollups: boolean;
  /**
   * How operations execute: compiled (graphql-jit, the default: an operation is compiled the second
   * time it is seen, if it is small enough; the rest are interpreted; see COMPILE_POLICY), or always
   * graphql-js's interpreter (EXECUTOR=graphql-js).
   */
  executor: 'compiled' | 'graphql-js';
  /**
   * Compiled operations have PostgreSQL write the nodes of pages that select plain columns (and
   * such columns of many-to-one references) as JSON (src/graphql/json-pages.ts); JSON_PAGES=false
   * turns it off (for comparison).
   */
  jsonPages: boolean;
  /**
   * Record reads by key and unfiltered pages run as prepared statements with generic plans, on a
   * second pool of DB_POOL_SIZE connections (src/db/prepared-statements.ts); DB_REUSE_PLANS=false
   * plans every statement for its values on the one pool (for a connection pooler that does not keep
   * prepared statements).
   */
  reusePlans: boolean;
}

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxQueryBytes: number;
  /** Approximate JSON size a response may reach while it is built; past it the response is one error. */
  maxResponseBytes: number;
  /** Execution deadline of one operation in milliseconds; past it the response is one error. */
  executionTimeoutMs: number;
}

/** Which origins may call /graphql from a browser (src/http/cors.ts). */
export interface CorsPolicy {
  /** Listed origins: allowed, with credentials. */
  origins: string[];
  /** Any origin (CORS_ORIGINS=*), without credentials. */
  any: boolean;
  /** Any localhost port (the default outside production). */
  localDev: boolean;
}

function corsPolicy(env: Env, production: boolean): CorsPolicy {
  const raw = env.CORS_ORIGINS?.trim();
  if (raw === undefined || raw === '') return { origins: [], any: false, localDev: !production };
  if (raw === 'none') return { origins: [], any: false, localDev: false };
  if (raw === '*') return { origins: [], any: true, localDev: false };
  const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(o)) {
      throw new ConfigError(`CORS_ORIGINS must be *, none or a comma-separated list of origins like https://app.example.org, got "${o}"`);
    }
  }
  return { origins, any: false, localDev: false };
}

export interface HeavyLimits {
  /** An operation whose estimated cost reaches this is heavy. */
  cost: number;
  /** Heavy operations one caller (API key, or client address without one) may run at once. */
  perCaller: number;
  /** Pool connections heavy operations may hold at once; undefined: half the pool. */
  connections?: number;
  /** Heavy operations that may wait for one of those connections; more are refused. */
  queue: number;
  /** How long one statement of a heavy operation may wait for one of those connections before it is refused. */
  queueWaitMs: number;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function postgresUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (expected postgres://user:password@host:port/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  if (url.pathname.length <= 1) throw new ConfigError(`${name} must name a database (…/database)`);
  return raw;
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return undefined;
  return postgresUrl('DATABASE_URL', raw);
}

/** DATABASE_READ_URLS: comma-separated replica URLs (a password with a comma must be percent-encoded). */
function readUrls(env: Env): string[] {
  const raw = env.DATABASE_READ_URLS?.trim();
  if (!raw) return [];
  return raw.split(',').map((u) => u.trim()).filter(Boolean).map((u) => postgresUrl('DATABASE_READ_URLS', u));
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    databaseUrl: databaseUrl(env),
    readUrls: readUrls(env),
    maxReplicaLagMs: int(env, 'MAX_REPLICA_LAG_MS', 2000, 0, 3_600_000),
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    logLevel,
    production: env.NODE_ENV === 'production',
    cors: corsPolicy(env, env.NODE_ENV === 'production'),
    dataDir: env.DATA_DIR?.trim() || '.data',
    maxPageSize: int(env, 'MAX_PAGE_SIZE', 100, 1, 10000),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 15000, 100, 3600000),
    lockTimeoutMs: int(env, 'LOCK_TIMEOUT_MS', 5000, 100, 3600000),
    poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    maxScanRows: int(env, 'MAX_SCAN_ROWS', 50_000_000, 1, 10_000_000_000),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    anonymousAccess: oneOf(env, 'ANONYMOUS_ACCESS', ['public', 'none'] as const, 'public'),
    introspection: bool(env, 'INTROSPECTION', true),
    rateLimitPerMinute: int(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    rateLimitStoreFailure: oneOf(env, 'RATE_LIMIT_STORE_FAILURE', ['open', 'closed'] as const, 'open'),
    rateLimitStoreTimeoutMs: int(env, 'RATE_LIMIT_STORE_TIMEOUT_MS', 500, 10, 60_000),
    workers: int(env, 'WORKERS', 1, 1, 64),
    answerCacheEntries: int(env, 'ANSWER_CACHE_ENTRIES', 500, 0, 100_000),
    heapGrowingPercent: int(env, 'HEAP_GROWING_PERCENT', 50, 0, 1000),
    rollups: bool(env, 'ROLLUPS', true),
    executor: oneOf(env, 'EXECUTOR', ['compiled', 'graphql-js'] as const, 'compiled'),
    jsonPages: bool(env, 'JSON_PAGES', true),
    reusePlans: bool(env, 'DB_REUSE_PLANS', true),
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 12, 2, 100),
      maxCost: int(env, 'MAX_QUERY_COST', 50_000, 10, 100_000_000),
      maxAliases: int(env, 'MAX_ALIASES', 100, 0, 10_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', 20, 0, 10_000),
      maxTokens: int(env, 'MAX_TOKENS', 5000, 100, 1_000_000),
      maxQueryBytes: int(env, 'MAX_QUERY_BYTES', 20_000, 100, 10_000_000),
      maxResponseBytes: int(env, 'MAX_RESPONSE_BYTES', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      executionTimeoutMs: int(env, 'EXECUTION_TIMEOUT_MS', 20_000, 100, 3_600_000),
    },
    heavy: {
      cost: int(env, 'HEAVY_QUERY_COST', 10_000, 1, 100_000_000),
      perCaller: int(env, 'MAX_HEAVY_PER_CALLER', 2, 1, 10_000),
      connections: env.MAX_HEAVY_CONNECTIONS ? int(env, 'MAX_HEAVY_CONNECTIONS', 1, 1, 200) : undefined,
      queue: int(env, 'HEAVY_QUEUE', 32, 0, 100_000),
      queueWaitMs: int(env, 'HEAVY_QUEUE_WAIT_MS', 5000, 1, 3_600_000),
    },
  };
}
