import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, SANDBOX_HASH_SECRET, SECRET_VARIABLES } from './config';

describe('loadConfig', () => {
  it('takes the 766 weights from INDEX_766_WEIGHTS when they add up to 100', () => {
    const c = loadConfig({ INDEX_766_WEIGHTS: '{"timeliness": 25, "digitisation": 17}' });
    expect(c.index766Weights).toEqual({ transparency: 18, timeliness: 25, online: 12, onlinePayment: 10, satisfaction: 18, digitisation: 17 });
    expect(loadConfig({}).index766Weights.timeliness).toBe(20);
  });

  it('refuses weights that do not add up, unknown components and malformed JSON', () => {
    expect(() => loadConfig({ INDEX_766_WEIGHTS: '{"timeliness": 30}' })).toThrow(/add up to 100/);
    expect(() => loadConfig({ INDEX_766_WEIGHTS: '{"speed": 0}' })).toThrow(ConfigError);
    expect(() => loadConfig({ INDEX_766_WEIGHTS: 'not json' })).toThrow(/must be JSON/);
  });

  it('requires a signing secret with an SMS gateway and a postgres URL for the replica', () => {
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.vn/send' })).toThrow(/SMS_GATEWAY_SECRET/);
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'mysql://x' })).toThrow(/DATABASE_REPLICA_URL/);
  });

  it('reads the JSON input caps and the log level, with defaults', () => {
    expect(loadConfig({}).inputLimits).toEqual({ jsonDepth: 32, formDataBytes: 256 * 1024, jsonValues: 100_000 });
    expect(loadConfig({ LIMIT_JSON_VALUES: '5000' }).inputLimits.jsonValues).toBe(5000);
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LIMIT_JSON_DEPTH: '8', LIMIT_FORMDATA_BYTES: '65536', LOG_LEVEL: 'WARN' })).toMatchObject({ inputLimits: { jsonDepth: 8, formDataBytes: 65536, jsonValues: 100_000 }, logLevel: 'warn' });
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ LIMIT_JSON_DEPTH: '1' })).toThrow(/LIMIT_JSON_DEPTH/);
  });

  it('rate limits: production-sized defaults, a store that is postgres or memory, proxies that are addresses or CIDRs', () => {
    const c = loadConfig({});
    expect(c.rateLimits).toEqual({ store: 'postgres', lookupsPerMinute: 60, loginPerMinute: 20, loginFailuresPerAddress: 5, loginLockSeconds: 900, loginFailuresPerAccount: 20, onlineFilingsPerAccountPerDay: 50 });
    expect(c.trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5,::1,fd00::/8,loopback' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8', 'loopback']);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.example.vn' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
    expect(() => loadConfig({ RATE_LIMIT_LOOKUPS_PER_IP: '0' })).toThrow(/RATE_LIMIT_LOOKUPS_PER_IP/);
  });
  it('CORS: no other origin by default, exact origins or *, credentials off unless asked and never with *', () => {
    expect(loadConfig({}).cors).toEqual({ origins: [], credentials: false });
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.vn, http://localhost:5173/,HTTPS://App.Example.vn' }).cors).toEqual({ origins: ['https://portal.example.vn', 'http://localhost:5173', 'https://app.example.vn'], credentials: false });
    expect(loadConfig({ CORS_ORIGINS: '*' }).cors).toEqual({ origins: '*', credentials: false });
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.vn', CORS_CREDENTIALS: 'true' }).cors.credentials).toBe(true);
    for (const bad of ['portal.example.vn', 'https://portal.example.vn/app', 'ftp://portal.example.vn', 'https://portal.example.vn?x=1', 'null', '*,https://portal.example.vn']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS/);
    }
    expect(() => loadConfig({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).toThrow(/CORS_CREDENTIALS/);
  });
  it('IDE: on by default, off in production unless IDE=on', () => {
    expect(loadConfig({}).ide).toBe(true);
    expect(loadConfig({ IDE: 'off' }).ide).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).ide).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), IDE: 'on' }).ide).toBe(true);
    expect(() => loadConfig({ IDE: 'maybe' })).toThrow(/IDE/);
  });
  it('metrics: a port of its own (HOST by default), a bearer token of at least 16 characters', () => {
    expect(loadConfig({}).metrics).toEqual({ port: undefined, host: '0.0.0.0', token: undefined });
    expect(loadConfig({ HOST: '10.0.0.5', METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '10.0.0.5', token: undefined });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: 'a'.repeat(16) }).metrics).toEqual({ port: 9464, host: '127.0.0.1', token: 'a'.repeat(16) });
    expect(() => loadConfig({ METRICS_PORT: 'x' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(/METRICS_PORT must differ from PORT/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'with a space inside it' })).toThrow(/METRICS_TOKEN/);
  });
});

describe('loadConfig: payments capability', () => {
  const gateway = { PAYMENT_GATEWAY_URL: 'https://pay.example.vn/vpcpay.html', PAYMENT_TMN_CODE: 'T1', PAYMENT_HASH_SECRET: 'issued-by-the-gateway', PUBLIC_BASE_URL: 'https://onedoor.example.vn' };
  const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };

  it('defaults to gateway with PAYMENT_GATEWAY_URL and to off without it, also in production', () => {
    expect(loadConfig({}).payments).toMatchObject({ mode: 'off', hashSecret: '', tmnCode: '' });
    expect(loadConfig(production).payments.mode).toBe('off');
    expect(loadConfig({ ...production, ...gateway }).payments).toMatchObject({ mode: 'gateway', hashSecret: 'issued-by-the-gateway', gatewayUrl: gateway.PAYMENT_GATEWAY_URL });
    expect(loadConfig({ ...gateway, PAYMENTS: 'off' }).payments).toMatchObject({ mode: 'off', hashSecret: '' });
  });

  it('gateway needs its four variables and a secret other than the published sandbox one', () => {
    expect(() => loadConfig({ PAYMENTS: 'gateway' })).toThrow(/PAYMENTS=gateway needs PAYMENT_GATEWAY_URL, PAYMENT_TMN_CODE, PAYMENT_HASH_SECRET, PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ...gateway, PUBLIC_BASE_URL: '' })).toThrow(/needs PUBLIC_BASE_URL/);
    expect(() => loadConfig({ ...gateway, PAYMENT_HASH_SECRET: SANDBOX_HASH_SECRET })).toThrow(/published secret/);
    expect(() => loadConfig({ PAYMENTS: 'paypal' })).toThrow(/PAYMENTS must be off, gateway, sandbox/);
  });

  it('the sandbox only when asked for, with the published secret, and never in production', () => {
    const sandbox = loadConfig({ PAYMENTS: 'sandbox' }).payments;
    expect(sandbox).toMatchObject({ mode: 'sandbox', hashSecret: SANDBOX_HASH_SECRET });
    expect(sandbox.gatewayUrl).toBeUndefined();
    expect(loadConfig({ PAYMENTS: 'SANDBOX', NODE_ENV: 'test' }).payments.mode).toBe('sandbox');
    expect(() => loadConfig({ ...production, PAYMENTS: 'sandbox' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...production, PAYMENTS: 'sandbox' })).toThrow(/PAYMENTS=sandbox is refused under NODE_ENV=production/);
  });
});

describe('loadConfig: production answers carry no statement counts', () => {
  it('EXPOSE_SQL_STATEMENT_COUNT is off by default in production and refused when asked for', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(production).exposeStatementCount).toBe(false);
    expect(loadConfig({ ...production, EXPOSE_SQL_STATEMENT_COUNT: 'false' }).exposeStatementCount).toBe(false);
    expect(() => loadConfig({ ...production, EXPOSE_SQL_STATEMENT_COUNT: 'true' })).toThrow(/EXPOSE_SQL_STATEMENT_COUNT/);
    expect(loadConfig({ NODE_ENV: 'test' }).exposeStatementCount).toBe(true);
  });
});

describe('loadConfig: secrets from files (*_FILE)', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-secrets-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every secret variable from its file, without one trailing newline', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET_FILE: file('jwt', `${'j'.repeat(40)}\n`),
      PAYMENT_GATEWAY_URL: 'https://pay.example.vn/vpcpay.html', PAYMENT_TMN_CODE: 'T1', PUBLIC_BASE_URL: 'https://onedoor.example.vn',
      PAYMENT_HASH_SECRET_FILE: file('hash', 'hash secret \r\n'),
      SMTP_HOST: 'smtp.example.vn', SMTP_USER: 'onedoor', SMTP_PASSWORD_FILE: file('smtp', 'smtp-pw\n\n'),
      SMS_GATEWAY_URL: 'https://sms.example.vn/send', SMS_GATEWAY_SECRET_FILE: file('sms', 'sms-secret'),
      EMBEDDED_PG_PASSWORD_FILE: file('embedded', 'embedded-pw\n'),
      METRICS_TOKEN_FILE: file('metrics', 'metrics-token-0123456789\n'),
    });
    expect(c.auth.jwtSecret).toBe('j'.repeat(40));
    expect(c.payments.hashSecret).toBe('hash secret '); // inner spaces are the secret's; one newline goes
    expect(c.notifications.email?.password).toBe('smtp-pw\n'); // only one trailing newline is stripped
    expect(c.notifications.sms?.secret).toBe('sms-secret');
    expect(c.embedded.password).toBe('embedded-pw');
    expect(c.metrics.token).toBe('metrics-token-0123456789');
    expect(SECRET_VARIABLES).toEqual(['JWT_SECRET', 'PAYMENT_HASH_SECRET', 'SMTP_PASSWORD', 'SMS_GATEWAY_SECRET', 'EMBEDDED_PG_PASSWORD', 'DATABASE_PASSWORD', 'METRICS_TOKEN']);
  });

  it('refuses both forms at once, an unreadable file and an empty one, naming the variable and not the content', () => {
    const secret = file('both', 'the-secret-value');
    expect(() => loadConfig({ JWT_SECRET: 'a', JWT_SECRET_FILE: secret })).toThrow(/JWT_SECRET and JWT_SECRET_FILE are both set/);
    const missing = path.join(dir, 'missing');
    expect(() => loadConfig({ SMTP_PASSWORD_FILE: missing })).toThrow(new ConfigError(`SMTP_PASSWORD_FILE: cannot read ${missing} (ENOENT)`));
    expect(() => loadConfig({ SMS_GATEWAY_SECRET_FILE: dir })).toThrow(/SMS_GATEWAY_SECRET_FILE: cannot read .* \(EISDIR\)/);
    expect(() => loadConfig({ PAYMENT_HASH_SECRET_FILE: file('empty', '\n') })).toThrow(/PAYMENT_HASH_SECRET_FILE: .* is empty/);
    const refusal = (() => {
      try {
        loadConfig({ JWT_SECRET: 'the-secret-value', JWT_SECRET_FILE: secret });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(refusal).toMatch(/JWT_SECRET/);
    expect(refusal).not.toContain('the-secret-value');
  });

  it('DATABASE_PASSWORD(_FILE) fills in the password of the database URLs that have none', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://onedoor@db.example.vn:5432/onedoor',
      DATABASE_REPLICA_URL: 'postgres://onedoor@replica.example.vn/onedoor',
      DATABASE_PASSWORD_FILE: file('db', 'p@ss:w/rd%41?\n'),
    });
    expect(c.databaseUrl).toBe('postgres://onedoor:p%40ss%3Aw%2Frd%2541%3F@db.example.vn:5432/onedoor');
    expect(decodeURIComponent(new URL(c.databaseReplicaUrl!).password)).toBe('p@ss:w/rd%41?');
    // A URL with its own password keeps it (a replica may have another).
    expect(loadConfig({ DATABASE_URL: 'postgres://a:own@h/db', DATABASE_PASSWORD: 'other' }).databaseUrl).toBe('postgres://a:own@h/db');
    expect(loadConfig({ DATABASE_URL: 'postgres://a@h/db' }).databaseUrl).toBe('postgres://a@h/db');
    expect(() => loadConfig({ DATABASE_PASSWORD: 'pw' })).toThrow(/DATABASE_PASSWORD needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://h/db', DATABASE_PASSWORD: 'pw' })).toThrow(/DATABASE_URL needs a user name/);
    expect(() => loadConfig({ DATABASE_PASSWORD: 'pw', DATABASE_PASSWORD_FILE: file('db2', 'pw') })).toThrow(/both set/);
  });
});

describe('loadConfig: DATABASE_DIRECT_URL', () => {
  it('defaults to nothing (DATABASE_URL serves), takes DATABASE_PASSWORD, and needs DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://onedoor@pgbouncer:6432/onedoor' }).databaseDirectUrl).toBeUndefined();
    const c = loadConfig({ DATABASE_URL: 'postgres://onedoor@pgbouncer:6432/onedoor', DATABASE_DIRECT_URL: 'postgres://onedoor@db:5432/onedoor', DATABASE_PASSWORD: 's3cret' });
    expect(c.databaseDirectUrl).toBe('postgres://onedoor:s3cret@db:5432/onedoor');
    expect(() => loadConfig({ DATABASE_DIRECT_URL: 'postgres://onedoor@db:5432/onedoor' })).toThrow('DATABASE_DIRECT_URL needs DATABASE_URL');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@b/c', DATABASE_DIRECT_URL: 'mysql://a@b/c' })).toThrow('DATABASE_DIRECT_URL must be a postgres:// URL');
  });
});

describe('loadConfig: SHUTDOWN_DRAIN_DELAY_MS', () => {
  it('leaves the stop at least 5 s of its limit', () => {
    expect(loadConfig({ SHUTDOWN_DRAIN_DELAY_MS: '10000' }).readiness.shutdownDrainDelayMs).toBe(10_000);
    expect(() => loadConfig({ SHUTDOWN_DRAIN_DELAY_MS: '10001' })).toThrow('SHUTDOWN_DRAIN_DELAY_MS must be at most 10000');
  });
});
