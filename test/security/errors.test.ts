import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { GraphQLError as JitGraphQLError } from 'graphql-jit/dist/error';
import { withGraphQLErrors } from '../../src/server/compiled-executor';
import { errorFormatter, finalErrorHandler, formatWsResult } from '../../src/server/error-reporting';
import { createLogger } from '../../src/server/logger';
import { CITIZEN_AN, GRAPHQL_CLIENT_ACCEPT, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';
import WebSocket from 'ws';

/**
 * Issue 13, defects 14 and 15: hostile input gets a typed error, writes nothing and leaves the
 * server responsive; malformed bodies answer GraphQL-shaped JSON; the log has the real cause of
 * an internal error and none of the request's secrets; the client never sees the cause.
 */

let t: TestApp;
const logLines: string[] = [];
beforeAll(async () => {
  t = await startTestApp({ logLines: (l) => logLines.push(l) });
});
afterAll(async () => {
  await t?.stop();
});

const MORTGAGE = '1.011543';
const SUBMIT = 'mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) { __typename } }';
const PASSWORD = 'hunter2-Sup3r-secret';

/** Posts raw text to /graphql (the attacker writes the bytes, not JSON.stringify). */
async function post(text: string, opts: { token?: string; contentType?: string; path?: string } = {}) {
  const res = await fetch(t.url.replace(/\/graphql$/, opts.path ?? '/graphql'), {
    method: 'POST',
    headers: { 'content-type': opts.contentType ?? 'application/json', accept: GRAPHQL_CLIENT_ACCEPT, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: text,
  });
  const body = await res.text();
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, json };
}

/** A submitDossier body whose formData is the given JSON text, everything else valid. */
function submitBody(formDataJson: string): string {
  const input = { procedureCode: MORTGAGE, formData: '__FORM__', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, files: pdfFiles(['TP1', 'TP2', 'TP3']) };
  return JSON.stringify({ query: SUBMIT, variables: { input } }).replace('"__FORM__"', formDataJson);
}
const validForm = () => JSON.stringify(landForm(MORTGAGE));
/** The valid form with one more member, written as raw JSON text (escapes stay as the attacker wrote them). */
const formWith = (member: string) => `${validForm().slice(0, -1)},${member}}`;
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const dossiers = async () => (await t.sql<{ n: number }>('select count(*)::int as n from dossier'))[0].n;

/** Runs the attack: a typed error, no dossier written, the server still answering. */
async function refused(attack: () => Promise<{ status: number; json: any }>, code = 'BAD_USER_INPUT', status = 400) {
  const before = await dossiers();
  const started = Date.now();
  const r = await attack();
  expect(Date.now() - started).toBeLessThan(5000);
  expect(r.json?.errors?.[0]?.extensions?.code).toBe(code);
  expect(r.status).toBe(status);
  expect(r.json.data ?? null).toBeNull();
  expect(await dossiers()).toBe(before);
  const health = await fetch(t.url.replace(/\/graphql$/, '/healthz'));
  expect(health.status).toBe(200);
  return r.json.errors[0] as { message: string; extensions: Record<string, unknown> };
}

describe('defect 14: hostile JSON in variables and literals', () => {
  it('the valid form is accepted (the attacks below differ only in formData)', async () => {
    const before = await dossiers();
    const r = await post(submitBody(validForm()), { token: await t.login('citizen.an') });
    expect(r.json.data.submitDossier.__typename).toBe('DossierPayload');
    expect(await dossiers()).toBe(before + 1);
  });

  it('formData nested 100,000 deep is BAD_USER_INPUT, not a stack overflow', async () => {
    const token = await t.login('citizen.an');
    const e = await refused(() => post(submitBody(nested(100_000)), { token }));
    expect(e.message).toMatch(/JSON input nested deeper than 32 levels/);
  });

  it('formData nested 5,000 deep is BAD_USER_INPUT', async () => {
    const token = await t.login('citizen.an');
    await refused(() => post(submitBody(nested(5_000)), { token }));
  });

  it('formData just over the depth limit is refused; at the limit it reaches the form check', async () => {
    const token = await t.login('citizen.an');
    // variables(1) > input(2) > formData(3): formData's own members may nest 29 more.
    await refused(() => post(submitBody(formWith(`"x":${nested(30)}`)), { token }));
    const ok = await post(submitBody(formWith(`"x":${nested(29)}`)), { token });
    expect(ok.json.errors).toBeUndefined();
  });

  it('a NUL in a formData key is BAD_USER_INPUT (it used to reach PostgreSQL and crash Apollo)', async () => {
    const token = await t.login('citizen.an');
    const e = await refused(() => post(submitBody(formWith('"a\\u0000b":1')), { token }));
    expect(e.message).toMatch(/NUL/);
  });

  it('a NUL in a formData value is BAD_USER_INPUT', async () => {
    const token = await t.login('citizen.an');
    await refused(() => post(submitBody(formWith('"note":"x\\u0000y"')), { token }));
  });

  it('a lone surrogate in a formData value or key is BAD_USER_INPUT', async () => {
    const token = await t.login('citizen.an');
    const e = await refused(() => post(submitBody(formWith('"note":"x\\ud800y"')), { token }));
    expect(e.message).toMatch(/surrogate/);
    await refused(() => post(submitBody(formWith('"\\udc00":1')), { token }));
    // A well-formed pair (an emoji) is fine.
    const ok = await post(submitBody(formWith('"note":"\\ud83d\\ude00"')), { token });
    expect(ok.json.errors).toBeUndefined();
  });

  it('a lone surrogate or NUL in an ordinary String variable is BAD_USER_INPUT (anonymous query)', async () => {
    const q = JSON.stringify('query($c: String!) { procedure(code: $c) { code } }');
    await refused(() => post(`{"query":${q},"variables":{"c":"1.011543\\ud800"}}`));
    await refused(() => post(`{"query":${q},"variables":{"c":"1.011543\\u0000"}}`));
  });

  it('deep variables in a GET request, deep request extensions: BAD_USER_INPUT', async () => {
    const q = encodeURIComponent('query($c: String!) { procedure(code: $c) { code } }');
    const res = await fetch(`${t.url}?query=${q}&variables=${encodeURIComponent(`{"c":${nested(40)}}`)}`, { headers: { 'apollo-require-preflight': 'true', accept: GRAPHQL_CLIENT_ACCEPT } });
    expect({ status: res.status, code: ((await res.json()) as any).errors[0].extensions.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    await refused(() => post(`{"query":"{ __typename }","extensions":${nested(5_000)}}`));
  });

  it('a lone surrogate or NUL in a literal is refused as a client error', async () => {
    // Escaped in the GraphQL string: graphql-js's lexer refuses the lone surrogate itself.
    const parse = await post(JSON.stringify({ query: '{ procedure(code: "\\ud800") { code } }' }));
    expect(parse.status).toBe(400);
    expect(parse.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    // Raw in the document text (JSON escapes in the body).
    const raw = await refused(() => post('{"query":"{ procedure(code: \\"x\\ud800\\") { code } }"}'));
    expect(raw.message).toMatch(/surrogate/);
    await refused(() => post('{"query":"{ procedure(code: \\"x\\u0000\\") { code } }"}'));
    // NUL passes the lexer as an escape: our rule refuses it.
    const token = await t.login('citizen.an');
    await refused(() => post(JSON.stringify({ query: 'mutation { submitDossier(input: { procedureCode: "1.011543\\u0000", applicant: { kind: PERSON, name: "A", idNumber: "068090000001" }, formData: { k: "v\\u0000" } }) { __typename } }' }), { token }));
  });

  it('a formData literal nested deeper than the limit, or 5,000 deep, is BAD_USER_INPUT', async () => {
    const token = await t.login('citizen.an');
    const literal = (depth: number) => `${'{a:'.repeat(depth)}1${'}'.repeat(depth)}`;
    const doc = (depth: number) => `mutation { submitDossier(input: { procedureCode: "1.011543", applicant: { kind: PERSON, name: "A", idNumber: "068090000001" }, formData: ${literal(depth)} }) { __typename } }`;
    const e = await refused(() => post(JSON.stringify({ query: doc(40) }), { token }));
    expect(e.message).toMatch(/nested deeper than 32/);
    const deep = await refused(() => post(JSON.stringify({ query: doc(5_000) }), { token }));
    expect(deep.message).toMatch(/Document nested deeper than/);
    await refused(() => post(JSON.stringify({ query: doc(100_000) }), { token }));
  });

  it('formData larger than LIMIT_FORMDATA_BYTES (256 KiB) is BAD_USER_INPUT', async () => {
    const token = await t.login('citizen.an');
    const e = await refused(() => post(submitBody(formWith(`"note":"${'x'.repeat(300 * 1024)}"`)), { token }));
    expect(e.message).toMatch(/larger than 256 KiB/);
  });

  it('the same refusals over WebSocket (raw graphql-transport-ws frames)', async () => {
    const token = await t.login('citizen.an');
    const ws = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const inbox: any[] = [];
    const waiters: (() => void)[] = [];
    ws.on('message', (m) => {
      inbox.push(JSON.parse(String(m)));
      waiters.splice(0).forEach((w) => w());
    });
    const next = async (type: string) => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0];
        if (Date.now() > deadline) throw new Error(`no ${type} message; got ${JSON.stringify(inbox).slice(0, 300)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    };
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await next('connection_ack');
    try {
      const before = await dossiers();
      const attacks = [submitBody(nested(100_000)), submitBody(nested(5_000)), submitBody(formWith('"a\\u0000b":1')), submitBody(formWith('"note":"x\\ud800"'))];
      for (const [n, body] of attacks.entries()) {
        ws.send(`{"id":"${n}","type":"subscribe","payload":${body}}`);
        const m = await next('error');
        expect({ n, code: m.payload?.[0]?.extensions?.code }).toEqual({ n, code: 'BAD_USER_INPUT' });
      }
      expect(await dossiers()).toBe(before);
      // A variable of the wrong type is the client's mistake over WebSocket too.
      ws.send(JSON.stringify({ id: 'type', type: 'subscribe', payload: { query: 'query($c: String!) { procedure(code: $c) { code } }', variables: { c: 5 } } }));
      const typed = await next('next');
      expect(typed.payload.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(typed.payload.errors[0].message).toMatch(/String cannot represent a non string value/);
      // The connection still works.
      ws.send(JSON.stringify({ id: 'ok', type: 'subscribe', payload: { query: '{ __typename }' } }));
      expect((await next('next')).payload).toEqual({ data: { __typename: 'Query' } });
    } finally {
      ws.close();
    }
  });
});

describe('defect 15: malformed and oversized bodies', () => {
  it('a malformed JSON body with a password answers GraphQL-shaped JSON 400, and the password is not logged', async () => {
    const from = logLines.length;
    const body = `{"query":"mutation { login(username: \\"admin\\", password: \\"${PASSWORD}\\") { __typename } }", "variables": {"password": "${PASSWORD}"`;
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.contentType).toMatch(/application\/json/);
    expect(r.json).toEqual({ errors: [{ message: expect.stringContaining('not valid JSON'), extensions: { code: 'BAD_REQUEST' } }] });
    expect(r.body).not.toContain(PASSWORD);
    expect(r.body).not.toMatch(/at JSON\.parse|node_modules|<html/i);
    const logged = logLines.slice(from).join('\n');
    expect(logged).toContain('request body refused');
    expect(logged).not.toContain(PASSWORD);
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  });

  it('a 30 MB body answers 413 with a typed GraphQL-shaped error', async () => {
    const before = await dossiers();
    const r = await post(JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(30 * 1024 * 1024) } }));
    expect(r.status).toBe(413);
    expect(r.json.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(r.body).not.toMatch(/<html|node_modules/i);
    expect(await dossiers()).toBe(before);
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  });

  it('bodies that are costly to parse are refused before parsing, without blocking the server: 4 million empty objects (413), nesting 9 million deep (400)', async () => {
    const { monitorEventLoopDelay } = require('node:perf_hooks') as typeof import('node:perf_hooks');
    const wide = JSON.stringify({ query: '{ __typename }', variables: { a: Array.from({ length: 4_000_000 }, () => ({})) } });
    const deep = `{"query":"{ __typename }","variables":{"a":${'['.repeat(9_000_000)}${']'.repeat(9_000_000)}}}`;
    for (const [body, status, code] of [[wide, 413, 'PAYLOAD_TOO_LARGE'], [deep, 400, 'BAD_USER_INPUT']] as const) {
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const r = await post(body);
      loop.disable();
      expect({ status: r.status, code: r.json.errors[0].extensions.code }).toEqual({ status, code });
      // They used to block the event loop for about 5 s (wide: parse 1.5 s, variables check 3.7 s, a gigabyte) and 10 s (deep).
      expect(loop.max / 1e6).toBeLessThan(1000);
    }
    // Many values under the limit still pass.
    const fine = await post(JSON.stringify({ query: '{ __typename }', variables: { a: new Array(50_000).fill(0) } }));
    expect(fine.json.data).toEqual({ __typename: 'Query' });
  });

  it('the same over WebSocket: the operation is refused when the frame names its id first, else the socket closes (1009)', async () => {
    const open = async () => {
      const ws = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      await new Promise((resolve) => ws.once('message', resolve));
      return ws;
    };
    const wide = { query: '{ __typename }', variables: { a: Array.from({ length: 200_000 }, () => ({})) } };
    const ws = await open();
    const reply = new Promise<any>((resolve) => ws.once('message', (m) => resolve(JSON.parse(String(m)))));
    ws.send(JSON.stringify({ id: 'w', type: 'subscribe', payload: wide }));
    expect(await reply).toMatchObject({ id: 'w', type: 'error', payload: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
    const ok = new Promise<any>((resolve) => ws.once('message', (m) => resolve(JSON.parse(String(m)))));
    ws.send(JSON.stringify({ id: 'ok', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect((await ok).payload).toEqual({ data: { __typename: 'Query' } });
    ws.close();
    const other = await open();
    const closed = new Promise<number>((resolve) => other.once('close', (c) => resolve(c)));
    other.send(`{"type":"subscribe","id":"d","payload":{"query":"{ __typename }","variables":{"a":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}}}`);
    expect(await closed).toBe(1009);
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  });

  it('an unsupported charset, a bad JSON type, a wrong content type: JSON answers, never HTML', async () => {
    const charset = await post('{"query":"{ __typename }"}', { contentType: 'application/json; charset=latin-9' });
    expect(charset.status).toBe(415);
    expect(charset.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    const text = await post('{"query":"{ __typename }"}', { contentType: 'text/plain' });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    expect(text.json.errors[0].extensions.code).toBeDefined();
    const scalar = await post('"just a string"');
    expect(scalar.status).toBe(400);
    expect(scalar.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('an operationName the document lacks is a 400 and runs nothing (the only operation used to run unseen by the plugins, then 500)', async () => {
    const errorsBefore = logLines.filter((l) => l.includes('"level":50')).length;
    for (const query of ['mutation SignIn { login(username: "admin", password: "wrong-guess") { __typename } }', '{ trackPetition(code: "P-1", secret: "s") { __typename } }']) {
      const r = await post(JSON.stringify({ query, operationName: 'Other' }));
      expect(r.status).toBe(400);
      expect(r.json.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
      expect(r.json.extensions.sqlStatements).toBe(0);
    }
    expect(logLines.filter((l) => l.includes('"level":50')).length).toBe(errorsBefore);
  });

  it('a persisted-query extension with a wrong hash or version is BAD_REQUEST, not an internal error written to the log', async () => {
    const errorsBefore = logLines.filter((l) => l.includes('"level":50')).length;
    for (const persistedQuery of [{ version: 1, sha256Hash: 'b'.repeat(64) }, { version: 2, sha256Hash: 'x' }]) {
      const r = await post(JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery } }));
      expect(r.status).toBe(400);
      expect(r.json.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    expect(logLines.filter((l) => l.includes('"level":50')).length).toBe(errorsBefore);
  });

  it('other routes: a malformed URL, an unknown route: JSON, no stack page', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const bad = await fetch(`${base}/files/%E0%A4%A`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/json/);
    expect(await bad.text()).not.toMatch(/URIError|node_modules|<html/i);
    const missing = await fetch(`${base}/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/json/);
  });
});

describe('internal errors: the cause in the log, never to the client', () => {
  function collector() {
    const lines: string[] = [];
    return { lines, logger: createLogger('info', { write: (l: string) => void lines.push(l) }) };
  }
  const formatted = (e: GraphQLError): GraphQLFormattedError => ({ ...e.toJSON(), extensions: { ...e.extensions, code: e.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } });

  it('a database error: the client gets "Internal server error", the log has the cause with values masked', () => {
    const { lines, logger } = collector();
    const format = errorFormatter(logger, false);
    const cause = Object.assign(new Error(`insert into "account" ("password_hash", "phone") values ('$argon2id$secret-hash', '0912345678') - duplicate key value violates unique constraint "account_username_unique"`), {
      code: '23505',
      constraint: 'account_username_unique',
    });
    const error = new GraphQLError(cause.message, { path: ['createAccount'], originalError: cause });
    const out = format(formatted(error), error);
    expect(out).toEqual({ message: 'Internal server error', path: ['createAccount'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(JSON.stringify(out)).not.toMatch(/stack|duplicate/);
    const log = JSON.parse(lines[0]);
    expect(log).toMatchObject({ level: 50, msg: 'internal error in a GraphQL request', path: ['createAccount'], error: { type: 'Error', code: '23505', constraint: 'account_username_unique' } });
    expect(log.error.message).toContain('duplicate key value violates unique constraint');
    expect(log.error.stack).toContain('errors.test.ts');
    expect(lines.join('\n')).not.toMatch(/secret-hash|0912345678/);
  });

  it('errors without extensions (graphql-jit) and non-Error throws never break the formatter', () => {
    const { lines, logger } = collector();
    const format = errorFormatter(logger, false);
    const noExtensions = Object.create(GraphQLError.prototype, { message: { value: 'boom' } });
    expect(format({ message: 'boom' }, noExtensions)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(format(undefined as unknown as GraphQLFormattedError, 'a string was thrown')).toMatchObject({ message: 'Internal server error' });
    const hostile = new Proxy({}, { get: () => { throw new Error('getter'); } });
    expect(format(hostile as GraphQLFormattedError, hostile)).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines.length).toBeGreaterThanOrEqual(2);
  });

  it('graphql-jit errors from a database error get extensions, so Apollo can format them', () => {
    const dbError = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    const jit = new (JitGraphQLError as any)('unsupported Unicode escape sequence', [{ line: 1, column: 12 }], ['submitDossier'], dbError);
    expect(jit).toBeInstanceOf(GraphQLError);
    expect(jit.extensions).toBeUndefined();
    const { errors } = withGraphQLErrors({ data: null, errors: [jit] });
    expect(errors![0].extensions).toEqual({});
    expect(errors![0]).toMatchObject({ message: 'unsupported Unicode escape sequence', path: ['submitDossier'], locations: [{ line: 1, column: 12 }] });
    expect(errors![0].originalError).toBe(dbError);
  });

  it('over WebSocket, an internal error of a resolver is hidden and logged; a request error is BAD_USER_INPUT', () => {
    const { lines, logger } = collector();
    const format = errorFormatter(logger, false);
    const internal = new GraphQLError('relation "secret_table" does not exist', { path: ['dossier'], originalError: new Error('relation "secret_table" does not exist') });
    const request = new GraphQLError('Variable "$c" got invalid value 5; String cannot represent a non string value: 5');
    const out = formatWsResult(format, { data: null, errors: [internal, request] }, 'Track');
    expect(out!.errors).toEqual([
      { message: 'Internal server error', path: ['dossier'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      expect.objectContaining({ message: request.message, extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ operationName: 'Track', path: ['dossier'], error: { message: 'relation "secret_table" does not exist' } });
  });

  it('an HTTP route that fails answers JSON 500 and logs the cause', () => {
    const { lines, logger } = collector();
    let status = 0;
    let body: unknown;
    const res = { headersSent: false, status: (s: number) => ((status = s), res), json: (b: unknown) => ((body = b), res) };
    finalErrorHandler(logger)(new TypeError('export exploded'), { method: 'GET', path: '/exports/dossiers', originalUrl: '/exports/dossiers' } as any, res as any, () => undefined);
    expect(status).toBe(500);
    expect(body).toEqual({ error: 'Internal server error' });
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'internal error in an HTTP handler', error: { type: 'TypeError', message: 'export exploded' } });
  });

  it('the logger redacts secrets in logged objects', () => {
    const { lines, logger } = collector();
    logger.info({ password: PASSWORD, req: { headers: { authorization: 'Bearer abc.def' } }, input: { idNumber: '068090000001', variables: { x: 1 } } }, 'x');
    expect(lines[0]).not.toMatch(new RegExp(`${PASSWORD}|abc\\.def|068090000001|"x":1`));
  });
});
