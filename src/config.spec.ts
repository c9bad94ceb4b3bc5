import { ConfigError, loadConfig } from './config';

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
    expect(c.rateLimits).toEqual({ store: 'postgres', lookupsPerMinute: 60, loginPerMinute: 20, loginFailuresPerAddress: 5, loginLockSeconds: 900, loginFailuresPerAccount: 20 });
    expect(c.trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.5,::1,fd00::/8,loopback' }).trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.5', '::1', 'fd00::/8', 'loopback']);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'proxy.example.vn' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
    expect(() => loadConfig({ RATE_LIMIT_LOOKUPS_PER_IP: '0' })).toThrow(/RATE_LIMIT_LOOKUPS_PER_IP/);
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
