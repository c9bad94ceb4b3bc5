import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { ReceiveDossierDocument, TrackDossierUpdatesDocument } from '../generated/graphql';
import { RateLimitStore } from '../../src/db/rate-limit-store';
import { CITIZEN_AN, GRAPHQL_CLIENT_ACCEPT, landForm, startTestApp, submitLandOnline, TestApp } from '../support/harness';
import { subscribe } from '../support/ws';

/**
 * Issue 13, defects 12 and 13 as an attacker sends them: anonymous look-ups without a throttle
 * (one request of 2,562 aliased `trackDossier`, thousands of guesses answered 200), a login lock
 * counted non-atomically (concurrent bursts checked past it) and no per-client login limit.
 *
 * Instance A trusts the loopback proxy, so each test plays its own client through
 * `X-Forwarded-For`; B shares A's database (the counts must be shared); C trusts no proxy.
 */
const LIMITS = {
  RATE_LIMIT_LOOKUPS_PER_IP: '10',
  RATE_LIMIT_LOGIN_PER_IP: '50',
  RATE_LIMIT_LOGIN_FAILURES: '5',
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '20',
  RATE_LIMIT_ONLINE_FILINGS_PER_ACCOUNT: '2',
};
let a: TestApp;
let b: TestApp;
let c: TestApp;
let code: string;

beforeAll(async () => {
  a = await startTestApp({ env: { ...LIMITS, TRUSTED_PROXIES: 'loopback' } });
  b = await startTestApp({ sameDatabaseAs: a, env: { ...LIMITS, TRUSTED_PROXIES: '127.0.0.1/8,::1' } });
  c = await startTestApp({ sameDatabaseAs: a, env: LIMITS });
  const r = await a.gql(ReceiveDossierDocument, {
    input: { procedureCode: '1.011543', formData: landForm('1.011543'), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
  }, await a.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  code = r.data.receiveDossier.dossier.code;
}, 120_000);

afterAll(async () => {
  await c?.stop();
  await b?.stop();
  await a?.stop();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  data?: any;
  errors?: { message: string; extensions?: Record<string, any> }[];
  extensions?: { sqlStatements?: number };
}

/** POSTs a GraphQL request as the client `ip` (sent as X-Forwarded-For). */
async function post(app: TestApp, ip: string | undefined, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_CLIENT_ACCEPT, ...(ip ? { 'x-forwarded-for': ip } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as object), status: res.status, retryAfter: res.headers.get('retry-after') };
}

const TRACK = `query($c: String!, $id: String!) { trackDossier(code: $c, applicantIdNumber: $id) { code } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename } }`;
const login = (app: TestApp, ip: string, username: string, password: string) => post(app, ip, LOGIN, { u: username, p: password });
const outcome = (r: Answer) => r.data?.login?.__typename ?? r.errors?.[0]?.extensions?.code;

function expectRateLimited(r: Answer) {
  expect(r.status).toBe(429);
  expect(r.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  const seconds = Number(r.retryAfter);
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(r.errors?.[0].extensions?.retryAfterSeconds).toBe(seconds);
  expect(r.data ?? null).toBeNull();
}

describe('anonymous look-ups (defect 12)', () => {
  it('one request of 2,562 aliased trackDossier is refused whole by the token cap and lists nothing', async () => {
    const guesses = Array.from({ length: 2562 }, (_, i) => `g${i}: trackDossier(code: "${code}", applicantIdNumber: "${i === 2561 ? CITIZEN_AN.identityNumber : String(68085000000 + i).padStart(12, '0')}") { code }`);
    const r = await post(a, '198.51.100.1', `{ ${guesses.join(' ')} }`);
    // Refused before anything ran: the parser's token cap stops it first (the rate limit's own
    // per-alias charge is the next test's, below the caps).
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_TOKENS');
    expect(r.data ?? null).toBeNull();
    expect(JSON.stringify(r)).not.toContain(code);
  });

  it('each alias counts: 11 aliases against a budget of 10 are refused with 429 and Retry-After', async () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `g${i}: trackDossier(code: "${code}", applicantIdNumber: "06808500000${i % 10}") { code }`);
    const refused = await post(a, '198.51.100.2', `{ ${aliases.join(' ')} }`);
    expectRateLimited(refused);
    expect(refused.extensions?.sqlStatements).toBe(0); // refused before anything ran
    // The budget is spent: the right answer is refused too.
    expectRateLimited(await post(a, '198.51.100.2', TRACK, { c: code, id: CITIZEN_AN.identityNumber }));
  });

  it('sequential guesses at trackDossier, trackDossierWithSecret, trackPetition and estimateDueDate share one budget per client', async () => {
    const ip = '198.51.100.3';
    const guesses = [
      () => post(a, ip, TRACK, { c: code, id: '068085000001' }),
      () => post(a, ip, `query($c: String!) { trackDossierWithSecret(code: $c, lookupSecret: "AAAAAAAAAA") { code } }`, { c: code }),
      () => post(a, ip, `{ trackPetition(code: "TT-2026-000001", secret: "AAAAAAAAAA") { code } }`),
      () => post(a, ip, `{ estimateDueDate(procedureCode: "1.011543") }`),
    ];
    const answers: Answer[] = [];
    for (let i = 0; i < 12; i++) answers.push(await guesses[i % 4]());
    expect(answers.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(200));
    for (const r of answers.slice(10)) expectRateLimited(r);
    // Another client is not affected.
    expect((await post(a, '198.51.100.4', TRACK, { c: code, id: CITIZEN_AN.identityNumber })).data.trackDossier).toEqual({ code });
  });

  it('counts over WebSocket too, against the same budget; the refusal is the operation’s error', async () => {
    const ip = '198.51.100.5';
    // A WebSocket that arrives through the (trusted) proxy, like the browser's.
    class ViaProxy extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': ip } });
      }
    }
    const client = createClient({ url: a.url.replace(/^http/, 'ws'), webSocketImpl: ViaProxy, retryAttempts: 0, lazy: true });
    const many = `{ ${Array.from({ length: 11 }, (_, i) => `g${i}: trackDossier(code: "${code}", applicantIdNumber: "06808500001${i % 10}") { code }`).join(' ')} }`;
    const err = await new Promise<any>((resolve) => client.subscribe({ query: many }, { next: () => undefined, error: resolve, complete: () => resolve(null) }));
    expect(err?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(err[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // The HTTP budget of that client is the one WebSocket spent.
    expectRateLimited(await post(a, ip, TRACK, { c: code, id: CITIZEN_AN.identityNumber }));
    await client.dispose();

    // trackDossierUpdates from a spent client (plain socket: the address is the untrusted C's peer).
    for (let i = 0; i < 10; i++) await post(c, undefined, TRACK, { c: code, id: '068085000002' });
    const sub = subscribe(c.url, null, TrackDossierUpdatesDocument, { code, applicantIdNumber: CITIZEN_AN.identityNumber });
    const ended = (await sub.ended) as any;
    expect(ended?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    await sub.close();
  });

  it('X-Forwarded-For is ignored from an untrusted peer and honoured from a trusted proxy', async () => {
    // C trusts no proxy: a header rotated on every guess does not make new clients.
    let rotated: Answer | undefined;
    for (let i = 0; i < 11; i++) rotated = await post(c, `203.0.113.${i}`, TRACK, { c: code, id: CITIZEN_AN.identityNumber });
    expectRateLimited(rotated!);
    // A trusts the loopback proxy: each forwarded address is its own client.
    for (let i = 0; i < 12; i++) {
      expect((await post(a, `203.0.113.${100 + i}`, TRACK, { c: code, id: CITIZEN_AN.identityNumber })).status).toBe(200);
    }
    // Only the proxy's own hop is believed: a client-written entry before it is not the address.
    for (let i = 0; i < 10; i++) await post(a, `10.9.9.${i}, 203.0.113.200`, TRACK, { c: code, id: '068085000003' });
    expectRateLimited(await post(a, `10.9.9.99, 203.0.113.200`, TRACK, { c: code, id: CITIZEN_AN.identityNumber }));
  });

  it('two instances on one database share the counts', async () => {
    const ip = '198.51.100.6';
    for (let i = 0; i < 6; i++) expect((await post(a, ip, TRACK, { c: code, id: '068085000004' })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await post(b, ip, TRACK, { c: code, id: '068085000004' })).status).toBe(200);
    expectRateLimited(await post(a, ip, TRACK, { c: code, id: CITIZEN_AN.identityNumber }));
    expectRateLimited(await post(b, ip, TRACK, { c: code, id: CITIZEN_AN.identityNumber }));
  });
});

describe('sign-in (defect 13)', () => {
  it('40 concurrent right-password attempts on a locked username: none succeeds', async () => {
    const ip = '198.51.100.10';
    for (let i = 0; i < 5; i++) expect(outcome(await login(a, ip, 'tax.specialist', `guess-${i}`))).toBe('InvalidCredentials');
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? a : b, ip, 'tax.specialist', 'onedoor-demo')));
    expect(burst.map(outcome)).toEqual(Array(40).fill('RATE_LIMITED'));
    burst.forEach(expectRateLimited);
  });

  it('a concurrent burst of 40 wrong passwords checks exactly 5, then the lock holds', async () => {
    const ip = '198.51.100.11';
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login(i % 2 ? a : b, ip, 'tax.leader', `guess-${i}`)));
    const outcomes = burst.map(outcome);
    expect(outcomes.filter((o) => o === 'InvalidCredentials')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'RATE_LIMITED')).toHaveLength(35);
    expect(outcome(await login(a, ip, 'tax.leader', 'onedoor-demo'))).toBe('RATE_LIMITED');
  });

  it('limits sign-ins per client address, each alias counting, refused before any password is checked', async () => {
    // 30 aliases (the alias cap) pass and spend 30 of the address's 50; the next 21 are refused whole, up front.
    const aliases = (n: number, from: number) => Array.from({ length: n }, (_, i) => `l${i}: login(username: "nobody${from + i}", password: "x") { __typename }`).join(' ');
    const first = await post(a, '198.51.100.12', `mutation { ${aliases(30, 0)} }`);
    expect(first.status).toBe(200);
    const started = Date.now();
    expectRateLimited(await post(a, '198.51.100.12', `mutation { ${aliases(21, 30)} }`));
    expect(Date.now() - started).toBeLessThan(1000);

    // 50 unknown usernames (one attempt each) cost timers, not scrypt: 50 checks used to take about 17 s of CPU.
    const ip = '198.51.100.13';
    const cpu = process.cpuUsage();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(a, ip, `nobody-${i}`, 'guess')));
    const used = process.cpuUsage(cpu);
    expect(answers.map(outcome)).toEqual(Array(50).fill('InvalidCredentials'));
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
    expectRateLimited(await login(a, ip, 'tax.reception', 'onedoor-demo'));
  });

  it('a guessed username cannot lock its officer out: the attacker’s addresses are locked, the officer’s known address is not', async () => {
    const user = 'landreg.specialist';
    const officer = '192.0.2.10';
    expect(outcome(await login(a, officer, user, 'onedoor-demo'))).toBe('LoginSuccess');
    // The attacker's own address locks after 5 failures …
    for (let i = 0; i < 5; i++) expect(outcome(await login(a, '198.51.100.20', user, `guess-${i}`))).toBe('InvalidCredentials');
    expect(outcome(await login(a, '198.51.100.20', user, 'onedoor-demo'))).toBe('RATE_LIMITED');
    // … and the officer signs in as usual.
    expect(outcome(await login(b, officer, user, 'onedoor-demo'))).toBe('LoginSuccess');
    // Spread over many addresses, 20 failures an hour lock the username for addresses that never signed in to it.
    for (let i = 0; i < 15; i++) expect(outcome(await login(i % 2 ? a : b, `198.51.100.${30 + i}`, user, 'guess'))).toBe('InvalidCredentials');
    expect(outcome(await login(a, '198.51.100.99', user, 'onedoor-demo'))).toBe('RATE_LIMITED');
    expect(outcome(await login(b, '198.51.100.98', user, 'guess'))).toBe('RATE_LIMITED');
    // The officer's address is known to the account: still in.
    expect(outcome(await login(a, officer, user, 'onedoor-demo'))).toBe('LoginSuccess');
    // An unknown username is throttled the same way (the limits reveal no account).
    for (let i = 0; i < 5; i++) expect(outcome(await login(a, '198.51.100.21', 'no.such.officer', `guess-${i}`))).toBe('InvalidCredentials');
    expect(outcome(await login(a, '198.51.100.21', 'no.such.officer', 'guess'))).toBe('RATE_LIMITED');
  });

  it('the server stays responsive', async () => {
    expect((await fetch(a.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect((await post(a, '198.51.100.250', TRACK, { c: code, id: CITIZEN_AN.identityNumber })).data.trackDossier).toEqual({ code });
  });
});

describe('online filings (issue 19, defect 7: each takes a number of the agency’s four-digit daily series)', () => {
  it('an account files at most its daily budget; the next filing is refused whole with 429 and nothing is written, on every instance', async () => {
    const count = async () => Number((await a.sql(`select count(*)::int as n from dossier where channel = 'ONLINE'`))[0].n);
    const before = await count();
    await submitLandOnline(a, '1.011543');
    await submitLandOnline(b, '1.011543');
    await expect(submitLandOnline(a, '1.011543')).rejects.toThrow(/RATE_LIMITED/);
    expect(await count()).toBe(before + 2);
    const res = await fetch(a.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await a.login('citizen.an')}` }, body: JSON.stringify({ query: 'mutation($i: SubmitDossierInput!) { submitDossier(input: $i) { __typename } }', variables: { i: { procedureCode: '1.011543', formData: landForm('1.011543'), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } } } }) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await count()).toBe(before + 2);
  });
});

describe('the counter table', () => {
  it('loses counters an hour after they expired and keeps the others', async () => {
    const store = RateLimitStore.open(a.app.services.config.rateLimits, a.dbUrl);
    try {
      const now = Date.now();
      await a.sql(`insert into rate_limit (key, points, expire) values ('purge-test:old', 1, $1), ('purge-test:recent', 1, $2), ('purge-test:live', 1, $3)`, [now - 2 * 3_600_000, now - 600_000, now + 60_000]);
      expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
      expect((await a.sql(`select key from rate_limit where key like 'purge-test:%' order by key`)).map((r) => r.key)).toEqual(['purge-test:live', 'purge-test:recent']);
    } finally {
      await store.close();
    }
  });
});
