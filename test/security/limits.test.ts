/**
 * Issue 13, "Anonymous overload" (defects 1–5): each test is the attacker's request, anonymous
 * unless the data needs an account, against a real server. Each asserts a typed refusal, within
 * a generous bound where the request used to block the server for seconds, and that /healthz
 * answers meanwhile.
 */
import { getIntrospectionQuery } from 'graphql';
import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { startTestApp, TestApp } from '../support/harness';

/** A small HTTP body limit (2 MiB) so the oversized WebSocket frame stays cheap to send. */
const BODY_LIMIT = 2 * 1024 * 1024;
let t: TestApp;
const clients: Client[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
}, 120_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await t?.stop();
});

const base = () => t.url.replace(/\/graphql$/, '');

function ws(token?: string): Client {
  const c = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
}

/** One operation over WebSocket: its result, or the errors it was refused with. */
function run(c: Client, query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult<any, unknown> | { refused: any }> {
  return new Promise((resolve) => {
    let result: FormattedExecutionResult<any, unknown> | undefined;
    c.subscribe({ query, variables }, { next: (v) => (result = v), error: (e) => resolve({ refused: e }), complete: () => resolve(result!) });
  });
}

/** The first error code of a WebSocket answer (refused at subscribe, or a result with errors). */
function wsCode(r: FormattedExecutionResult<any, unknown> | { refused: any }): unknown {
  if ('refused' in r) return Array.isArray(r.refused) ? r.refused[0]?.extensions?.code : r.refused;
  return r.errors?.[0]?.extensions?.code;
}

/** The same document as a GET request (Apollo's CSRF protection wants a preflight header). */
async function get(query: string): Promise<{ status: number; errors?: { extensions?: Record<string, unknown> }[]; data?: unknown }> {
  const res = await fetch(`${t.url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { ...((await res.json()) as object), status: res.status };
}

/** Runs `attack` and, while it is in flight, asks /healthz: both outcomes and their durations. */
async function withHealthz<T>(attack: () => Promise<T>): Promise<{ result: T; ms: number; healthz: { status: number; ms: number } }> {
  const t0 = Date.now();
  const pending = attack().then((result) => ({ result, ms: Date.now() - t0 }));
  await new Promise((resolve) => setImmediate(resolve));
  const h0 = Date.now();
  const healthz = await fetch(`${base()}/healthz`).then((r) => ({ status: r.status, ms: Date.now() - h0 }));
  return { ...(await pending), healthz };
}

/** Each fragment spreads the next twice; a comment makes every document new to the document cache. */
function fanOut(levels: number): string {
  const frags = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
  return `# ${Math.random()}\nquery { ...F0 }\n${frags.join('\n')}\nfragment F${levels} on Query { procedures(first: 5) { edges { node { code name } } } }`;
}

describe('defect 1: fragments that fan out', () => {
  it('30 levels of fragments spreading the next twice are refused as QUERY_TOO_COSTLY in well under a second, over POST, GET and WebSocket', async () => {
    const post = await withHealthz(() => t.raw({ query: fanOut(30) }));
    expect(post.result.status).toBe(400);
    expect(post.result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(post.ms).toBeLessThan(1000);
    expect(post.healthz.status).toBe(200);
    expect(post.healthz.ms).toBeLessThan(1000);

    const viaGet = await withHealthz(() => get(fanOut(30)));
    expect(viaGet.result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(viaGet.ms).toBeLessThan(1000);

    const c = ws();
    const overWs = await withHealthz(() => run(c, fanOut(30)));
    expect(wsCode(overWs.result)).toBe('QUERY_TOO_COSTLY');
    expect(overWs.ms).toBeLessThan(1000);
    expect(overWs.healthz.status).toBe(200);
    // The socket survives the refusal.
    expect(await run(c, '{ procedures(first: 1) { edges { node { code } } } }')).toMatchObject({ data: { procedures: { edges: [{ node: { code: expect.any(String) } }] } } });
  });

  it('a fragment used at several places is still measured at each: depth and cost stay exact', async () => {
    // 3 spreads of a fragment costing 1 + 5 × (1 + 1 + 2) = 21 … each one counted.
    const q = `{ a: procedures(first: 5) { ...P } b: procedures(first: 5) { ...P } c: procedures(first: 5) { ...P } } fragment P on ProcedureConnection { edges { node { code name } } }`;
    const ok = await t.raw({ query: q });
    expect(ok.errors).toBeUndefined();
    // The depth of a fragment counts where it is spread (11 > 10 through the fragment).
    const deep = await t.raw({ query: `{ procedure(code: "1.011543") { agency { ...A } } } fragment A on Agency { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } }` });
    expect(deep.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 11 });
  });
});

describe('defect 2: page arguments outside their range', () => {
  it('history(last: -100000000) is BAD_USER_INPUT at validation, never charged negative to pass a costly document', async () => {
    // The attack: a negative page cancels the cost of everything else.
    const costly = Array.from({ length: 6 }, (_, i) => `a${i}: dossiers(first: 100) { edges { node { history(last: 100) { action note } } } }`).join(' ');
    const r = await t.raw({ query: `{ ${costly} n: dossiers(first: 1) { edges { node { history(last: -100000000) { action } } } } }` });
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    const codes = r.errors!.map((e) => e.extensions?.code);
    expect(codes).toContain('BAD_USER_INPUT');
    expect(codes).toContain('QUERY_TOO_COSTLY');
    expect(r.errors!.find((e) => e.extensions?.code === 'BAD_USER_INPUT')).toMatchObject({ extensions: { argumentName: 'last' } });
  });

  it.each([['first: -1'], ['first: 0'], ['first: 101'], ['first: 2147483647']])('procedures(%s) as a literal is BAD_USER_INPUT, not clamped', async (arg) => {
    const r = await t.raw({ query: `{ procedures(${arg}) { edges { node { code } } } }` });
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });

  it('a page size in a variable is checked at execution with the same rule (and charged at the maximum)', async () => {
    const q = 'query($n: Int) { procedures(first: $n) { edges { node { code } } } }';
    for (const n of [-100000000, 0, 101]) {
      const r = await t.raw({ query: q, variables: { n } });
      expect({ n, code: r.errors?.[0].extensions?.code, data: r.data?.procedures ?? null }).toEqual({ n, code: 'BAD_USER_INPUT', data: null });
    }
    // contactBook used to clamp silently.
    const token = await t.login('citizen.an');
    const book = await t.raw({ query: 'query($n: Int) { contactBook(studentId: "00000000-0000-0000-0000-000000000000", first: $n) { __typename } }', variables: { n: -5 } }, token);
    expect(book.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });
});

describe('defect 3: introspection, aliases, tokens, directives', () => {
  it('aliased __schema are refused (aliases and introspection cost; 200 of them also exceed the token limit), fast, anonymously', async () => {
    const sel = 'types { name fields { name args { name type { name } } type { name kind ofType { name } } } }';
    const many = `{ ${Array.from({ length: 200 }, (_, i) => `s${i}: __schema { ${sel} }`).join(' ')} }`;
    expect((await t.raw({ query: many })).errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_TOKENS');
    const q = `{ ${Array.from({ length: 40 }, (_, i) => `s${i}: __schema { types { name fields { name args { name type { name } } type { name kind ofType { name } } } } }`).join(' ')} }`;
    const r = await withHealthz(() => t.raw({ query: q }));
    expect(r.result.status).toBe(400);
    expect(r.result.data).toBeUndefined();
    const codes = r.result.errors!.map((e) => e.extensions?.code);
    expect(codes).toContain('QUERY_TOO_MANY_ALIASES');
    expect(codes).toContain('QUERY_TOO_COSTLY');
    expect(r.ms).toBeLessThan(1000);
    expect(r.healthz.status).toBe(200);
  });

  it('introspection is measured: a recursive __type nesting is refused, the standard introspection query runs once', async () => {
    const nest = (n: number) => `{ __type(name: "Query") { ${'fields { type { '.repeat(n)}name${' } }'.repeat(n)} } }`;
    const bomb = await t.raw({ query: nest(6) });
    expect(bomb.status).toBe(400);
    expect(bomb.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', introspection: true });
    const deep = await t.raw({ query: nest(8) });
    expect(deep.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_DEEP');
    // Development tools keep working (introspection is on outside production).
    const full = await t.raw({ query: getIntrospectionQuery() });
    expect(full.errors).toBeUndefined();
    expect(full.data.__schema.types.length).toBeGreaterThan(100);
  });

  it('10,000 aliased estimateDueDate are refused before anything runs (token limit); 31 aliases by the alias limit', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `e${i}: estimateDueDate(procedureCode: "1.011543")`).join(' ')} }`;
    const huge = await withHealthz(() => t.raw({ query: aliases(10_000) }));
    expect(huge.result.status).toBe(400);
    expect(huge.result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_MANY_TOKENS', maxTokens: 5000 });
    expect(huge.ms).toBeLessThan(1000);
    expect(huge.healthz.status).toBe(200);

    const over = await t.raw({ query: aliases(31) });
    expect(over.status).toBe(400);
    expect(over.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_ALIASES');
    const viaGet = await get(aliases(31));
    expect(viaGet.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_ALIASES');
    expect(wsCode(await run(ws(), aliases(31)))).toBe('QUERY_TOO_MANY_ALIASES');
    expect(wsCode(await run(ws(), aliases(10_000)))).toBe('QUERY_TOO_MANY_TOKENS');
    const within = await t.raw({ query: aliases(30) });
    expect(within.errors).toBeUndefined();
    expect(Object.keys(within.data)).toHaveLength(30);
  });

  it('more than 20 directives are refused as QUERY_TOO_MANY_DIRECTIVES', async () => {
    const q = `{ procedures(first: 1) { edges { node { ${Array.from({ length: 21 }, () => 'code @include(if: true)').join(' ')} } } } }`;
    const r = await t.raw({ query: q });
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions?.code).toBe('QUERY_TOO_MANY_DIRECTIVES');
  });

  it('introspection is off by default in production and refused on every transport when off (GRAPHQL_INTROSPECTION)', async () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PAYMENT_GATEWAY_URL: 'https://pay.example', PAYMENT_TMN_CODE: 'T', PAYMENT_HASH_SECRET: 'S', PUBLIC_BASE_URL: 'https://onedoor.example' };
    expect(loadConfig(production).limits.introspection.enabled).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).limits.introspection.enabled).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).limits.introspection.enabled).toBe(true);

    const off = await startTestApp({ env: { GRAPHQL_INTROSPECTION: 'false' } });
    try {
      const r = await off.raw({ query: '{ __schema { types { name } } }' });
      expect(r.status).toBe(400);
      expect(r.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
      const typeQuery = await off.raw({ query: '{ __type(name: "Query") { name } }' });
      expect(typeQuery.errors?.[0].extensions?.code).toBe('INTROSPECTION_DISABLED');
      const c = createClient({ url: off.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      clients.push(c);
      expect(wsCode(await run(c, '{ __schema { queryType { name } } }'))).toBe('INTROSPECTION_DISABLED');
      // __typename is not introspection of the schema.
      expect((await off.raw({ query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
    } finally {
      await off.stop();
    }
  }, 120_000);
});

describe('defect 4: statistics ranges', () => {
  const refusal = '__typename ... on ValidationFailed { code fieldErrors { field message } }';
  it.each([
    ['dossierStatistics by day', `{ dossierStatistics(filter: { from: "0001-01-01", to: "9999-12-31" }, groupBy: [DAY]) { ${refusal} } }`],
    ['dossierStatistics by week and agency', `{ dossierStatistics(filter: { from: "0001-01-01", to: "9999-12-31" }, groupBy: [WEEK, AGENCY]) { ${refusal} } }`],
    ['index766 by day', `{ index766(filter: { from: "0001-01-01", to: "9999-12-31" }, groupBy: [DAY]) { ${refusal} } }`],
  ])('%s over 0001-01-01…9999-12-31 is refused from the dates alone (more than 10,000 periods), within a second', async (_name, query) => {
    const token = await t.login('analyst');
    const r = await withHealthz(() => t.raw({ query }, token));
    expect(r.result.errors).toBeUndefined();
    const field = Object.values(r.result.data)[0];
    expect(field).toEqual({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'groupBy', message: expect.stringContaining('more than 10000 periods') }] });
    expect(r.ms).toBeLessThan(1000);
    expect(r.healthz.status).toBe(200);
  });

  it('a day in year 0000 (which PostgreSQL cannot store) is a typed refusal, not an internal error; the export says 400', async () => {
    const token = await t.login('analyst');
    const r = await t.raw({ query: `{ dossierStatistics(filter: { from: "0000-01-01", to: "0000-01-02" }, groupBy: [DAY]) { ${refusal} } }` }, token);
    expect(r.errors).toBeUndefined();
    expect(r.data.dossierStatistics).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: expect.arrayContaining([expect.objectContaining({ field: 'filter.from' })]) });
    const exp = await fetch(`${base()}/exports/dossiers?from=0000-01-01&to=0000-01-02`, { headers: { authorization: `Bearer ${token}` } });
    expect(exp.status).toBe(400);
    expect(((await exp.json()) as any).error.code).toBe('BAD_USER_INPUT');
  });

  it('the same range without a period dimension is answered (nothing is built per day)', async () => {
    const r = await t.raw({ query: '{ dossierStatistics(filter: { from: "0001-01-01", to: "9999-12-31" }) { __typename ... on DossierStatistics { total { received } } } }' }, await t.login('analyst'));
    expect(r.errors).toBeUndefined();
    expect(r.data.dossierStatistics.__typename).toBe('DossierStatistics');
  });
});

describe('defect 5: WebSocket frames', () => {
  /** A raw graphql-transport-ws connection, acknowledged. */
  async function rawSocket(): Promise<WebSocket> {
    const s = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      s.once('open', resolve);
      s.once('error', reject);
    });
    s.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await new Promise((resolve) => s.once('message', resolve));
    return s;
  }

  it('a frame larger than the HTTP body limit closes the socket with 1009; the server keeps answering', async () => {
    const s = await rawSocket();
    const closed = new Promise<number>((resolve) => s.once('close', (code) => resolve(code)));
    s.on('error', () => undefined); // the client sees the close, not an error to throw
    s.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: `{ __typename } #${'x'.repeat(BODY_LIMIT + 1024)}` } }));
    expect(await closed).toBe(1009);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    // A frame under the limit is read (a long comment is no token) and a new connection works.
    const small = await run(ws(), `{ __typename } #${'x'.repeat(BODY_LIMIT / 2)}`);
    expect(small).toEqual({ data: { __typename: 'Query' } });
  });
});
