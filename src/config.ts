import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';

/** The project root, whether running from `src/` under swc or from `dist/src/`. */
export const PROJECT_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** The e-mail channel's server (`SMTP_*`). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls: boolean;
  /** Verify the server's certificate (keep on in production). */
  verifyCertificate: boolean;
  user?: string;
  password?: string;
  from: string;
}

/** The SMS channel's HTTP gateway (`SMS_GATEWAY_*`). */
export interface SmsGatewayConfig {
  url: string;
  /** Shared secret for the request signature; never logged. */
  secret: string;
  sender: string;
  timeoutMs: number;
}

/**
 * Points of each component of the Decision 766/QĐ-TTg (2022) service index, out of 100. The
 * split is the one DOMAIN.md gives and marks "verify": it is configuration
 * (`INDEX_766_WEIGHTS`, JSON), not code.
 */
export interface Index766Weights {
  transparency: number;
  timeliness: number;
  online: number;
  onlinePayment: number;
  satisfaction: number;
  digitisation: number;
}

export const DEFAULT_766_WEIGHTS: Index766Weights = { transparency: 18, timeliness: 20, online: 12, onlinePayment: 10, satisfaction: 18, digitisation: 22 };

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** PostgreSQL connection string; when absent an embedded PostgreSQL is started. */
  databaseUrl?: string;
  /** A read replica for statistics and exports (`DATABASE_REPLICA_URL`); never used by a mutation. */
  databaseReplicaUrl?: string;
  /**
   * A direct connection to the primary for what a transaction-pooling PgBouncer cannot carry:
   * the LISTEN connection and the migration step's session advisory lock (`DATABASE_DIRECT_URL`,
   * default `DATABASE_URL`).
   */
  databaseDirectUrl?: string;
  embedded: { dataDir: string; port: number; password: string };
  /** Selected agency modules (`MODULES=land,tax`); all registered modules when empty. */
  modules?: string[];
  /**
   * The `MODULE_<NAME>_<OPTION>` variables, unparsed: the registry checks them against the
   * modules' declared options at start (src/kernel/module-options.ts).
   */
  moduleOptions: Record<string, string>;
  /** Run the modules' scheduled jobs on this instance (`JOBS`, default on; tests run them by hand). */
  jobs: boolean;
  /** Seed the demo data on first start (default: on with the embedded database). */
  demoSeed: boolean;
  /**
   * Run the migration step (migrations, reference data, demo seed) at start (`MIGRATE_ON_START`;
   * default on outside production and with the embedded database). When off, start refuses a
   * database with pending migrations and `npm run migrate` is the step.
   */
  migrateOnStart: boolean;
  /** What `/readyz` waits for and how graceful shutdown lets a load balancer drain (see `server/readiness.ts`). */
  readiness: {
    /** Bound on the readiness `select 1` (`READINESS_DB_TIMEOUT_MS`), far below the pool's acquire timeout. */
    databaseTimeoutMs: number;
    /** How long `/readyz` answers 503 `stopping` before the server stops taking connections (`SHUTDOWN_DRAIN_DELAY_MS`). */
    shutdownDrainDelayMs: number;
  };
  auth: {
    jwtSecret: string;
    tokenTtlSeconds: number;
    issuer: string;
    /** JWKS of an external identity provider whose tokens are accepted (e.g. the national VNeID). */
    externalJwksUrl?: string;
    externalIssuer?: string;
    externalAudience?: string;
  };
  limits: {
    maxDepth: number;
    maxCost: number;
    maxPageSize: number;
    bodyLimitBytes: number;
    maxStatisticsCells: number;
    /** Periods a statistics series may have (`STATISTICS_MAX_PERIODS`), checked from the dates before it is built. */
    maxStatisticsPeriods: number;
    /** Aliased fields per operation (`MAX_QUERY_ALIASES`, graphql-armor). */
    maxAliases: number;
    /** Directives per operation (`MAX_QUERY_DIRECTIVES`, graphql-armor). */
    maxDirectives: number;
    /** Lexical tokens per document (`MAX_QUERY_TOKENS`, graphql-js's parser). */
    maxTokens: number;
    /**
     * `__schema`/`__type` (`GRAPHQL_INTROSPECTION`, default off in production); when on, measured
     * against their own depth and cost (`INTROSPECTION_MAX_DEPTH`, `INTROSPECTION_MAX_COST`).
     */
    introspection: { enabled: boolean; maxDepth: number; maxCost: number };
    /** Cost executing at once per process and operations waiting for room (`src/server/admission.ts`). */
    admission: { maxCostInFlight: number; freeCost: number; maxQueued: number };
  };
  /** Caps on client JSON, checked before anything else walks it (the body itself is capped by `limits.bodyLimitBytes`). */
  inputLimits: {
    /** Nesting of JSON input: variables as a whole, literal values, each `JSONObject` value (`LIMIT_JSON_DEPTH`). */
    jsonDepth: number;
    /** UTF-8 bytes of one `JSONObject` value such as `formData` (`LIMIT_FORMDATA_BYTES`). */
    formDataBytes: number;
    /** JSON values (objects, arrays, elements) in one request body or WebSocket frame, counted before parsing (`LIMIT_JSON_VALUES`). */
    jsonValues: number;
  };
  /** Level of the server's JSON log (`LOG_LEVEL`: fatal, error, warn, info, debug, trace, silent). */
  logLevel: string;
  /** Where Prometheus scrapes `/metrics` (see `metricsExposure` in `src/server/metrics-endpoint.ts`). */
  metrics: MetricsConfig;
  poolMax: number;
  /** Rate limits shared by every instance (see `server/rate-limits.ts`). */
  rateLimits: RateLimitConfig;
  /**
   * Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`: addresses, CIDRs, or express's
   * `loopback`/`linklocal`/`uniquelocal`); none by default, so the socket address is the client.
   */
  trustedProxies: string[];
  /** Serve the bundled GraphiQL at `GET /graphql` to browsers (`IDE`: on by default, off in production; `src/server/ide.ts`). */
  ide: boolean;
  /** Which browser origins may call the API (see `src/server/cors.ts`). */
  cors: CorsConfig;
  /** Bounds on waiting for the database (see `DbTimeouts` in `src/db/orm.ts`). */
  db: { acquireTimeoutMs: number; lockTimeoutMs: number; statementTimeoutMs: number; poolGuard: 'throw' | 'warn' | 'off' };
  /** How long the working calendar is served before a background refresh (`CALENDAR_CACHE_TTL_MS`). */
  calendarCacheTtlMs: number;
  /** Share of a workflow step's time budget after which its holder is warned (`STEP_WARNING_PERCENT`, 1–99, default 80). */
  stepWarningPercent: number;
  /** Execute HTTP operations with graphql-jit (`COMPILED_EXECUTION`, default on). */
  compiledExecution: boolean;
  /**
   * Answer supported `dossiers` selections with one SQL statement that returns the response's
   * JSON (`SQL_FAST_PATH`, default on; off forces the resolvers, e.g. to compare both).
   */
  sqlFastPath: boolean;
  /** Server processes sharing the port (`WORKERS`); 1 runs everything in one process. */
  workers: number;
  /** Report SQL statements per request in `extensions.sqlStatements` (tests, benchmarks). */
  exposeStatementCount: boolean;
  /** Points per component of the 766 index (`INDEX_766_WEIGHTS`, JSON; DOMAIN.md marks the split "verify"). */
  index766Weights: Index766Weights;
  realtime: {
    /** Run this instance's outbox relay (`OUTBOX_RELAY`, default on; every instance may run one). */
    relay: boolean;
    relaySweepMs: number;
    /** Days a published outbox event is kept (`OUTBOX_RETENTION_DAYS`, 0 = forever). */
    outboxRetentionDays: number;
    /** First wait before the LISTEN connection is re-established (doubles up to 5 s). */
    listenerReconnectMs: number;
    /** How often the event feed looks for published events it was not told about. */
    feedPollMs: number;
    /** Events waiting for one subscriber before its connection is closed as too slow. */
    subscriptionQueueLimit: number;
    /** Operations (mostly subscriptions) running at once on one WebSocket connection. */
    maxSubscriptionsPerConnection: number;
    /** At most one dashboard update per agency this often. */
    dashboardThrottleMs: number;
  };
  notifications: {
    /** E-mail channel; off when `SMTP_HOST` is not set. */
    email?: SmtpConfig;
    /** SMS channel; off when `SMS_GATEWAY_URL` is not set. */
    sms?: SmsGatewayConfig;
    maxAttempts: number;
    backoffMs: number;
    pollMs: number;
  };
  /** Online payment (`PAYMENTS`, see {@link PaymentsMode}) and the gateway's terms. */
  payments: {
    mode: PaymentsMode;
    /** The merchant's terminal (`PAYMENT_TMN_CODE`); empty when payments are off. */
    tmnCode: string;
    /** Signs links and checks callbacks (`PAYMENT_HASH_SECRET`); empty when payments are off. */
    hashSecret: string;
    /** The gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html (`gateway` only). */
    gatewayUrl?: string;
    /** How this server is reached from outside, for the return and IPN URLs (default: its own address). */
    publicBaseUrl?: string;
    /** Minutes a payment link stays valid. */
    expiryMinutes: number;
    /** Callbacks with a bad signature kept in the log per minute and instance (anyone can send them). */
    unsignedLogPerMinute: number;
  };
}

/**
 * Whether and how applicants pay online (`PAYMENTS`):
 * - `off`: no online payment; `payDossierOnline` answers `ServiceUnavailable`, the gateway's
 *   callback URLs refuse, and officers still record counter payments with the `pay` action;
 * - `gateway`: a real VNPay-style gateway (`PAYMENT_GATEWAY_URL`, `PAYMENT_TMN_CODE`,
 *   `PAYMENT_HASH_SECRET`, `PUBLIC_BASE_URL`);
 * - `sandbox`: a local stand-in gateway started with the server, whose secret is published in
 *   the source: for the demo and the tests, refused in production.
 */
type PaymentsMode = 'off' | 'gateway' | 'sandbox';

/** The sandbox gateway's signing secret: in the source, so it signs nothing outside `sandbox`. */
export const SANDBOX_HASH_SECRET = 'onedoor-sandbox-hash-secret-not-for-production';

/**
 * `/metrics` exposure. `METRICS_PORT`: a separate listener (on `METRICS_HOST`, default `HOST`)
 * without a token, meant for an internal network. `METRICS_TOKEN`: `/metrics` on the main port
 * behind `Authorization: Bearer <token>`. With neither, the main port serves it openly outside
 * production and not at all in production.
 */
export interface MetricsConfig {
  /** 0 picks a free port (tests). */
  port?: number;
  host: string;
  token?: string;
}

/** Rate limits (per minute unless named otherwise); `RATE_LIMIT_*` variables. */
export interface RateLimitConfig {
  /** `postgres` shares counts between instances; `memory` is for a single development instance. */
  store: 'postgres' | 'memory';
  /** Anonymous look-ups (each aliased field counts) per client address and minute. */
  lookupsPerMinute: number;
  /** `login` fields per client address and minute. */
  loginPerMinute: number;
  /**
   * Dossiers one account may file online per day. Each filing takes a number of its agency's
   * four-digit daily code series (at most 9,999, then receptions are refused until midnight):
   * without a cap, one account could use up an agency's day.
   */
  onlineFilingsPerAccountPerDay: number;
  /** Failed sign-ins in a row for one username from one client address before that pair is locked. */
  loginFailuresPerAddress: number;
  /** How long such a lock lasts. */
  loginLockSeconds: number;
  /** Failed sign-ins per username and hour from addresses that never signed in to it (then those are locked for an hour). */
  loginFailuresPerAccount: number;
}

/**
 * Cross-origin browser access (`CORS_ORIGINS`, `CORS_CREDENTIALS`). Pages on the listed origins may
 * call `/graphql` over HTTP (with a preflight) and open its WebSocket; a page on any other origin
 * is refused by the browser (no `Access-Control-Allow-Origin`) and its WebSocket upgrade with 403.
 */
export interface CorsConfig {
  /** Exact origins (`https://portal.example.vn`), or `'*'` for any; none by default (same origin only). */
  origins: string[] | '*';
  /** Whether browsers may send cookies and HTTP authentication (`Access-Control-Allow-Credentials`); tokens travel in `Authorization`, which needs no credentials. */
  credentials: boolean;
}

function corsConfig(env: NodeJS.ProcessEnv): CorsConfig {
  const raw = (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const credentials = bool(env, 'CORS_CREDENTIALS', false);
  if (raw.includes('*')) {
    if (raw.length > 1) throw new ConfigError(`CORS_ORIGINS is either * or a list of origins, got "${env.CORS_ORIGINS}"`);
    // Browsers refuse credentials with a wildcard; echoing every origin instead would hand any site the user's cookies.
    if (credentials) throw new ConfigError('CORS_CREDENTIALS=true needs CORS_ORIGINS to list origins, not *');
    return { origins: '*', credentials };
  }
  for (const entry of raw) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== entry.replace(/\/$/, '').toLowerCase()) {
      throw new ConfigError(`CORS_ORIGINS takes origins such as https://portal.example.vn (scheme, host and port, no path), got "${entry}"`);
    }
  }
  return { origins: raw.map((o) => new URL(o).origin), credentials };
}

/** Express's named ranges, besides addresses and CIDRs. */
const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

function trustedProxies(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const entry of list) {
    if (PROXY_KEYWORDS.includes(entry)) continue;
    const [addr, prefix, extra] = entry.split('/');
    const family = isIP(addr);
    const bits = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || (prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= bits))) {
      throw new ConfigError(`TRUSTED_PROXIES takes addresses, CIDRs or ${PROXY_KEYWORDS.join('/')}, got "${entry}"`);
    }
  }
  return list;
}

export class ConfigError extends Error {}

/**
 * Variables that hold secrets. Each may instead be given as `<NAME>_FILE`, the path of a file
 * holding the value (Docker and Kubernetes secrets), so that it appears in no environment listing.
 */
export const SECRET_VARIABLES = ['JWT_SECRET', 'PAYMENT_HASH_SECRET', 'SMTP_PASSWORD', 'SMS_GATEWAY_SECRET', 'EMBEDDED_PG_PASSWORD', 'DATABASE_PASSWORD', 'METRICS_TOKEN'] as const;

/**
 * The environment with every `<NAME>_FILE` of {@link SECRET_VARIABLES} read into `<NAME>`: the
 * file's content without one trailing newline (what `echo` and editors add). Refused, naming
 * the variable (never the content): both forms set, a file that cannot be read, an empty one.
 */
function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set: keep one`);
    let value: string;
    try {
      value = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    value = value.replace(/\r?\n$/, '');
    if (!value) throw new ConfigError(`${name}_FILE: ${file} is empty`);
    out[name] = value;
  }
  return out;
}

/**
 * A PostgreSQL URL with `DATABASE_PASSWORD` filled in when the URL has none, so that the
 * password can come from a secret file while host, database and user stay in plain config.
 */
function withDatabasePassword(url: string | undefined, password: string | undefined, name: string): string | undefined {
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError(`${name} must be a postgres:// URL`);
  if (!password) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (u.password) return url; // the URL's own password wins (a replica may have another one)
  if (!u.username) throw new ConfigError(`${name} needs a user name for DATABASE_PASSWORD to apply (postgres://user@host/db)`);
  u.password = encodeURIComponent(password);
  return u.toString();
}

const PAYMENTS_MODES: PaymentsMode[] = ['off', 'gateway', 'sandbox'];

/** `PAYMENTS` and what each mode needs (see {@link PaymentsMode}). */
function payments(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): Config['payments'] {
  const raw = env.PAYMENTS?.toLowerCase() || (env.PAYMENT_GATEWAY_URL ? 'gateway' : 'off');
  if (!PAYMENTS_MODES.includes(raw as PaymentsMode)) throw new ConfigError(`PAYMENTS must be ${PAYMENTS_MODES.join(', ')}, got "${env.PAYMENTS}"`);
  const mode = raw as PaymentsMode;
  const common = { expiryMinutes: int(env, 'PAYMENT_EXPIRY_MINUTES', 15, 1), unsignedLogPerMinute: int(env, 'PAYMENT_UNSIGNED_LOG_PER_MINUTE', 60, 0) };
  if (mode === 'off') return { mode, tmnCode: '', hashSecret: '', ...common };
  if (mode === 'sandbox') {
    if (nodeEnv === 'production') {
      throw new ConfigError('PAYMENTS=sandbox is refused under NODE_ENV=production (its secret is published): set PAYMENTS=gateway with a real gateway, or PAYMENTS=off (`npm start` asks for the sandbox for the demo; run `npm run start:prod` in production)');
    }
    return {
      mode,
      tmnCode: env.PAYMENT_TMN_CODE || 'ONEDOOR1',
      hashSecret: env.PAYMENT_HASH_SECRET || SANDBOX_HASH_SECRET,
      publicBaseUrl: env.PUBLIC_BASE_URL || undefined,
      ...common,
    };
  }
  // With a real gateway, a missing or published secret would let anyone forge a payment callback.
  const missing = ['PAYMENT_GATEWAY_URL', 'PAYMENT_TMN_CODE', 'PAYMENT_HASH_SECRET', 'PUBLIC_BASE_URL'].filter((n) => !env[n]);
  if (missing.length) throw new ConfigError(`PAYMENTS=gateway needs ${missing.join(', ')} (or PAYMENTS=off: no online payment)`);
  if (env.PAYMENT_HASH_SECRET === SANDBOX_HASH_SECRET) throw new ConfigError('PAYMENT_HASH_SECRET is the sandbox\'s published secret: use the one the gateway issued');
  if (!/^https?:\/\//.test(env.PAYMENT_GATEWAY_URL!)) throw new ConfigError('PAYMENT_GATEWAY_URL must be an http(s) URL');
  return {
    mode,
    tmnCode: env.PAYMENT_TMN_CODE!,
    hashSecret: env.PAYMENT_HASH_SECRET!,
    gatewayUrl: env.PAYMENT_GATEWAY_URL,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    ...common,
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

/** A warning at 0 % or 100 % of a step's budget would be no warning at all. */
function stepWarningPercent(env: NodeJS.ProcessEnv): number {
  const n = int(env, 'STEP_WARNING_PERCENT', 80, 1);
  if (n > 99) throw new ConfigError(`STEP_WARNING_PERCENT must be at most 99 (the warning comes before the budget runs out), got "${env.STEP_WARNING_PERCENT}"`);
  return n;
}

/** A graceful stop that takes longer than this is cut short (main.ts exits 1). */
export const SHUTDOWN_LIMIT_MS = 15_000;

/** The drain delay leaves the stop at least 5 s of the limit to close connections and flush traces. */
function drainDelay(env: NodeJS.ProcessEnv): number {
  const ms = int(env, 'SHUTDOWN_DRAIN_DELAY_MS', 0, 0);
  if (ms > SHUTDOWN_LIMIT_MS - 5000) throw new ConfigError(`SHUTDOWN_DRAIN_DELAY_MS must be at most ${SHUTDOWN_LIMIT_MS - 5000} (a stop is cut short at ${SHUTDOWN_LIMIT_MS / 1000} s), got "${env.SHUTDOWN_DRAIN_DELAY_MS}"`);
  return ms;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(env: NodeJS.ProcessEnv): string {
  const raw = env.LOG_LEVEL?.toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(raw)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  return raw;
}

/** Shorter is guessable; whitespace is a copy-and-paste accident that would never match a header. */
const MIN_METRICS_TOKEN = 16;

function metricsConfig(env: NodeJS.ProcessEnv, host: string, port: number): MetricsConfig {
  const metricsPort = env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? undefined : int(env, 'METRICS_PORT', 0);
  if (metricsPort !== undefined && metricsPort > 65535) throw new ConfigError(`METRICS_PORT must be a port number (0–65535), got "${env.METRICS_PORT}"`);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) throw new ConfigError('METRICS_PORT must differ from PORT (the metrics listener has no token)');
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && (token.length < MIN_METRICS_TOKEN || /\s/.test(token))) {
    throw new ConfigError(`METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN} characters without spaces`);
  }
  return { port: metricsPort, host: env.METRICS_HOST || host, token };
}

function poolGuard(raw: string | undefined, nodeEnv: Config['env']): Config['db']['poolGuard'] {
  if (!raw) return nodeEnv === 'test' ? 'throw' : 'warn';
  if (raw === 'throw' || raw === 'warn' || raw === 'off') return raw;
  throw new ConfigError(`DB_POOL_GUARD must be throw, warn or off, got "${raw}"`);
}

/** Reads the environment once into a typed, validated object; fails with every problem named. */
export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): Config {
  const env = withSecretFiles(rawEnv);
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['env'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) throw new ConfigError(`NODE_ENV must be development, production or test`);
  if (env.DATABASE_PASSWORD && !env.DATABASE_URL && !env.DATABASE_REPLICA_URL) {
    throw new ConfigError('DATABASE_PASSWORD needs DATABASE_URL (the embedded database takes EMBEDDED_PG_PASSWORD)');
  }
  const databaseUrl = withDatabasePassword(env.DATABASE_URL, env.DATABASE_PASSWORD, 'DATABASE_URL');
  const databaseReplicaUrl = withDatabasePassword(env.DATABASE_REPLICA_URL, env.DATABASE_PASSWORD, 'DATABASE_REPLICA_URL');
  const databaseDirectUrl = withDatabasePassword(env.DATABASE_DIRECT_URL, env.DATABASE_PASSWORD, 'DATABASE_DIRECT_URL');
  if (databaseDirectUrl && !databaseUrl) throw new ConfigError('DATABASE_DIRECT_URL needs DATABASE_URL (it is the same database, reached without a pooler)');
  const jwtSecret = env.JWT_SECRET || undefined;
  // Production answers carry no statement counts (they describe the server's inner workings).
  if (nodeEnv === 'production' && bool(env, 'EXPOSE_SQL_STATEMENT_COUNT', false)) {
    throw new ConfigError('EXPOSE_SQL_STATEMENT_COUNT is for tests and benchmarks; it cannot be on under NODE_ENV=production');
  }
  if (nodeEnv === 'production' && (!jwtSecret || jwtSecret.length < 32)) {
    throw new ConfigError('JWT_SECRET of at least 32 characters is required in production');
  }
  if (env.EXTERNAL_JWKS_URL && (!env.EXTERNAL_JWT_ISSUER || !env.EXTERNAL_JWT_AUDIENCE)) {
    // Without both, a token the provider issued for another service would be accepted here.
    throw new ConfigError('EXTERNAL_JWKS_URL needs EXTERNAL_JWT_ISSUER and EXTERNAL_JWT_AUDIENCE');
  }
  if (env.SMS_GATEWAY_URL && !env.SMS_GATEWAY_SECRET) throw new ConfigError('SMS_GATEWAY_URL needs SMS_GATEWAY_SECRET (requests to the gateway are signed)');
  if (env.SMS_GATEWAY_URL && !/^https?:\/\//.test(env.SMS_GATEWAY_URL)) throw new ConfigError('SMS_GATEWAY_URL must be an http(s) URL');
  const smtpSecure = bool(env, 'SMTP_SECURE', false);
  let index766Weights = DEFAULT_766_WEIGHTS;
  if (env.INDEX_766_WEIGHTS) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(env.INDEX_766_WEIGHTS);
    } catch {
      throw new ConfigError('INDEX_766_WEIGHTS must be JSON, e.g. {"timeliness":20,…}');
    }
    const merged = { ...DEFAULT_766_WEIGHTS, ...parsed } as Record<string, unknown>;
    const keys = Object.keys(DEFAULT_766_WEIGHTS);
    if (Object.keys(merged).some((k) => !keys.includes(k)) || keys.some((k) => typeof merged[k] !== 'number' || (merged[k] as number) < 0)) {
      throw new ConfigError(`INDEX_766_WEIGHTS takes non-negative numbers for ${keys.join(', ')}`);
    }
    const total = keys.reduce((a, k) => a + (merged[k] as number), 0);
    if (Math.abs(total - 100) > 1e-9) throw new ConfigError(`INDEX_766_WEIGHTS must add up to 100, got ${total}`);
    index766Weights = merged as unknown as Index766Weights;
  }
  const rateLimitStore = env.RATE_LIMIT_STORE || 'postgres';
  if (rateLimitStore !== 'postgres' && rateLimitStore !== 'memory') throw new ConfigError('RATE_LIMIT_STORE must be postgres or memory');
  const modules = env.MODULES?.split(',').map((m) => m.trim()).filter(Boolean);
  const host = env.HOST || '0.0.0.0';
  const port = int(env, 'PORT', 4000);
  return {
    env: nodeEnv,
    host,
    port,
    databaseUrl,
    databaseReplicaUrl,
    databaseDirectUrl,
    embedded: {
      dataDir: path.resolve(PROJECT_ROOT, env.EMBEDDED_PG_DIR || '.data/postgres'),
      port: int(env, 'EMBEDDED_PG_PORT', 54329, 1),
      password: env.EMBEDDED_PG_PASSWORD || 'onedoor',
    },
    modules: modules?.length ? modules : undefined,
    moduleOptions: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[0].startsWith('MODULE_') && e[1] !== undefined)),
    demoSeed: bool(env, 'DEMO_SEED', !databaseUrl),
    migrateOnStart: bool(env, 'MIGRATE_ON_START', nodeEnv !== 'production' || !databaseUrl),
    readiness: {
      databaseTimeoutMs: int(env, 'READINESS_DB_TIMEOUT_MS', 2000, 10),
      shutdownDrainDelayMs: drainDelay(env),
    },
    jobs: bool(env, 'JOBS', true),
    auth: {
      // Without a configured secret, tokens only live as long as the process (development only).
      jwtSecret: jwtSecret ?? randomBytes(32).toString('hex'),
      tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 8 * 3600, 60),
      issuer: env.JWT_ISSUER || 'onedoor',
      externalJwksUrl: env.EXTERNAL_JWKS_URL || undefined,
      externalIssuer: env.EXTERNAL_JWT_ISSUER || undefined,
      externalAudience: env.EXTERNAL_JWT_AUDIENCE || undefined,
    },
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2),
      maxCost: int(env, 'MAX_QUERY_COST', 20000, 10),
      maxPageSize: 100,
      bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 20 * 1024 * 1024, 1024),
      maxStatisticsCells: int(env, 'STATISTICS_MAX_CELLS', 5000, 1),
      maxStatisticsPeriods: int(env, 'STATISTICS_MAX_PERIODS', 10_000, 1),
      maxAliases: int(env, 'MAX_QUERY_ALIASES', 30, 1),
      maxDirectives: int(env, 'MAX_QUERY_DIRECTIVES', 20, 1),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', 5000, 100),
      introspection: {
        enabled: bool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
        maxDepth: int(env, 'INTROSPECTION_MAX_DEPTH', 15, 2),
        maxCost: int(env, 'INTROSPECTION_MAX_COST', 75000, 10),
      },
      admission: {
        maxCostInFlight: int(env, 'MAX_COST_IN_FLIGHT', 20_000, 1),
        freeCost: int(env, 'ADMISSION_FREE_COST', 2500, 0),
        maxQueued: int(env, 'MAX_QUEUED_OPERATIONS', 100, 0),
      },
    },
    inputLimits: {
      jsonDepth: int(env, 'LIMIT_JSON_DEPTH', 32, 2),
      formDataBytes: int(env, 'LIMIT_FORMDATA_BYTES', 256 * 1024, 1024),
      jsonValues: int(env, 'LIMIT_JSON_VALUES', 100_000, 100),
    },
    logLevel: logLevel(env),
    metrics: metricsConfig(env, host, port),
    poolMax: int(env, 'DB_POOL_MAX', 10, 1),
    rateLimits: {
      store: rateLimitStore,
      lookupsPerMinute: int(env, 'RATE_LIMIT_LOOKUPS_PER_IP', 60, 1),
      loginPerMinute: int(env, 'RATE_LIMIT_LOGIN_PER_IP', 20, 1),
      loginFailuresPerAddress: int(env, 'RATE_LIMIT_LOGIN_FAILURES', 5, 1),
      loginLockSeconds: int(env, 'RATE_LIMIT_LOGIN_LOCK_SECONDS', 15 * 60, 1),
      loginFailuresPerAccount: int(env, 'RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT', 20, 1),
      onlineFilingsPerAccountPerDay: int(env, 'RATE_LIMIT_ONLINE_FILINGS_PER_ACCOUNT', 50, 1),
    },
    trustedProxies: trustedProxies(env.TRUSTED_PROXIES),
    cors: corsConfig(env),
    ide: bool(env, 'IDE', nodeEnv !== 'production'),
    db: {
      acquireTimeoutMs: int(env, 'DB_POOL_ACQUIRE_TIMEOUT_MS', 3000, 100),
      lockTimeoutMs: int(env, 'DB_LOCK_TIMEOUT_MS', 2000, 0),
      statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 60_000, 0),
      poolGuard: poolGuard(env.DB_POOL_GUARD, nodeEnv),
    },
    calendarCacheTtlMs: int(env, 'CALENDAR_CACHE_TTL_MS', 60_000, 0),
    stepWarningPercent: stepWarningPercent(env),
    workers: int(env, 'WORKERS', 1, 1),
    compiledExecution: bool(env, 'COMPILED_EXECUTION', true),
    sqlFastPath: bool(env, 'SQL_FAST_PATH', true),
    exposeStatementCount: bool(env, 'EXPOSE_SQL_STATEMENT_COUNT', nodeEnv !== 'production'),
    index766Weights,
    realtime: {
      relay: bool(env, 'OUTBOX_RELAY', true),
      relaySweepMs: int(env, 'OUTBOX_RELAY_SWEEP_MS', 1000, 10),
      outboxRetentionDays: int(env, 'OUTBOX_RETENTION_DAYS', 30, 0),
      listenerReconnectMs: int(env, 'LISTENER_RECONNECT_MS', 100, 1),
      feedPollMs: int(env, 'EVENT_FEED_POLL_MS', 5000, 10),
      subscriptionQueueLimit: int(env, 'SUBSCRIPTION_QUEUE_LIMIT', 1000, 1),
      maxSubscriptionsPerConnection: int(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 1),
      dashboardThrottleMs: int(env, 'DASHBOARD_THROTTLE_MS', 250, 0),
    },
    notifications: {
      email: env.SMTP_HOST
        ? {
            host: env.SMTP_HOST,
            port: int(env, 'SMTP_PORT', smtpSecure ? 465 : 587, 1),
            secure: smtpSecure,
            requireTls: bool(env, 'SMTP_REQUIRE_TLS', nodeEnv === 'production'),
            verifyCertificate: bool(env, 'SMTP_VERIFY_CERTIFICATE', true),
            user: env.SMTP_USER || undefined,
            password: env.SMTP_PASSWORD || undefined,
            from: env.SMTP_FROM || 'Một cửa điện tử Lâm Đồng <no-reply@onedoor.local>',
          }
        : undefined,
      sms: env.SMS_GATEWAY_URL
        ? { url: env.SMS_GATEWAY_URL, secret: env.SMS_GATEWAY_SECRET!, sender: env.SMS_SENDER || 'MOTCUA-LD', timeoutMs: int(env, 'SMS_GATEWAY_TIMEOUT_MS', 10_000, 100) }
        : undefined,
      maxAttempts: int(env, 'NOTIFY_MAX_ATTEMPTS', 6, 1),
      backoffMs: int(env, 'NOTIFY_BACKOFF_MS', 30_000, 1),
      pollMs: int(env, 'NOTIFY_POLL_MS', 1000, 10),
    },
    payments: payments(env, nodeEnv),
  };
}
