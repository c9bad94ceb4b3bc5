import { print } from 'graphql';
import { LoginDocument, SubmitDossierDocument, TrackDossierDocument, TrackDossierUpdatesDocument } from '../generated/graphql';
import { CITIZEN_AN, GRAPHQL_CLIENT_ACCEPT, pdfFiles, startTestApp, TestApp } from '../support/harness';
import { connected, subscribe, wsClient } from '../support/ws';
import { DEMO_CITIZENS, DEMO_PASSWORD } from '../../src/kernel/demo-staff';
import { signParams } from '../../src/payments/vnpay.protocol';
import { LAND_PROCEDURE } from '../../modules/land/procedures';
import { landDemoFormData } from '../../modules/land/seed';

/**
 * Structured logs under a realistic run, read as an operator (or an attacker with the log files)
 * would: every line JSON, nothing secret or personal in any of them, exactly one access line per
 * request with its request id, and the request id on the lines written while serving it.
 */

const lines: string[] = [];
let t: TestApp;
const WRONG_PASSWORD = 'not-the-password-9f8e7d';
const tokens: string[] = [];

/** Every HTTP request the test makes itself, with what its access line must say. */
const made: { requestId: string; method: string; path: string; status: number; operationName?: string; callerId?: string }[] = [];
let seq = 0;
/** Requests whose path carried personal data: their access lines show it masked. */
const maskedPaths: string[] = [];

async function call(path: string, init: RequestInit & { operationName?: string; callerId?: string } = {}) {
  const requestId = `redaction-test-${++seq}`;
  const res = await fetch(`${t.url.replace(/\/graphql$/, '')}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-request-id': requestId, 'user-agent': 'log-redaction-test' } });
  const text = await res.text();
  expect(res.headers.get('x-request-id')).toBe(requestId);
  made.push({ requestId, method: init.method ?? 'GET', path: path.split('?')[0], status: res.status, operationName: init.operationName, callerId: init.callerId });
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { res, json, requestId };
}

const gqlPost = (body: unknown, opts: { token?: string; operationName?: string; callerId?: string } = {}) =>
  call('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_CLIENT_ACCEPT, ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
    body: JSON.stringify(body),
    operationName: opts.operationName,
    callerId: opts.callerId,
  });

async function login(username: string, password: string) {
  const r = await gqlPost({ query: print(LoginDocument), variables: { username, password } }, { operationName: 'Login', callerId: 'anonymous' });
  const token: string | undefined = r.json?.data?.login?.token;
  if (token) tokens.push(token);
  return { ...r, token };
}

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, any>);
const accessLines = () => parsed().filter((l) => l.component === 'http' && typeof l.status === 'number' && typeof l.method === 'string');

beforeAll(async () => {
  t = await startTestApp({ logLines: (l) => lines.push(l) });
});
afterAll(async () => {
  await t?.stop();
});

describe('logs under a realistic run', () => {
  let anToken = '';
  let anAccountId = '';
  let submitRequestId = '';
  let dossierCode = '';
  let wsRequestId = '';

  it('drives sign-ins, a submission with identity numbers in its form, tracking, errors, a subscription and a signed IPN', async () => {
    // Sign-ins: a good and a bad password, a staff member.
    const an = await login('citizen.an', DEMO_PASSWORD);
    expect(an.token).toBeDefined();
    anToken = an.token!;
    anAccountId = an.json.data.login.principal.accountId;
    expect((await login('citizen.an', WRONG_PASSWORD)).json.data.login.__typename).not.toBe('LoginSuccess');
    expect((await login('nobody.at.all', WRONG_PASSWORD)).json.data.login.__typename).not.toBe('LoginSuccess');
    const reception = await login('landreg.reception', DEMO_PASSWORD);
    expect(reception.token).toBeDefined();

    // A citizen files a transfer online: both parties' CCCD are in formData and in the variables.
    const formData = landDemoFormData(LAND_PROCEDURE.TRANSFER);
    expect(JSON.stringify(formData)).toContain(DEMO_CITIZENS[1].identityNumber);
    const submitted = await gqlPost(
      { query: print(SubmitDossierDocument), variables: { input: { procedureCode: LAND_PROCEDURE.TRANSFER, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, formData, files: pdfFiles(['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) } } },
      { token: anToken, operationName: 'SubmitDossier', callerId: anAccountId },
    );
    expect(submitted.json.data.submitDossier.__typename).toBe('DossierPayload');
    submitRequestId = submitted.requestId;
    dossierCode = submitted.json.data.submitDossier.dossier.code;

    // Tracking by code and identity number, over POST and over GET (the query string holds both).
    const track = { query: print(TrackDossierDocument), variables: { code: dossierCode, applicantIdNumber: CITIZEN_AN.identityNumber } };
    expect((await gqlPost(track, { operationName: 'TrackDossier', callerId: 'anonymous' })).json.data.trackDossier).toBeTruthy();
    const get = await call(`/graphql?query=${encodeURIComponent(track.query)}&variables=${encodeURIComponent(JSON.stringify(track.variables))}`, {
      headers: { 'apollo-require-preflight': 'true' },
      operationName: 'TrackDossier',
      callerId: 'anonymous',
    });
    expect(get.json.data.trackDossier).toBeTruthy();

    // A subscription over WebSocket with the token and the identity number in its variables.
    const client = wsClient(t.url, anToken);
    const sub = subscribe(t.url, anToken, TrackDossierUpdatesDocument, { code: dossierCode, applicantIdNumber: CITIZEN_AN.identityNumber }, client);
    await connected(client);
    // Received at the desk: the subscriber hears of it.
    const dossierId = submitted.json.data.submitDossier.dossier.id;
    const receive = `mutation($input: PerformDossierActionInput!) { performDossierAction(input: $input) { __typename } }`;
    const acted = await gqlPost({ query: receive, variables: { input: { dossierId, action: 'receive', expectedVersion: submitted.json.data.submitDossier.dossier.version } } }, { token: reception.token, callerId: reception.json.data.login.principal.accountId });
    expect(acted.json.data.performDossierAction.__typename).toBe('DossierPayload');
    await sub.waitFor(1);
    await sub.close();

    // Errors: a malformed body with a password in it, an invalid query, an unknown route, an unsafe request id.
    expect((await call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"mutation { login(username: \\"admin\\", password: \\"${WRONG_PASSWORD}\\") }"` })).res.status).toBe(400);
    expect((await gqlPost({ query: `{ login(password: "${WRONG_PASSWORD}") }` })).res.status).toBe(400);
    expect((await call('/no-such-route?token=' + anToken)).res.status).toBe(404);
    // Personal data in a path (a mistyped link, a hostile client): a 404 and a file id that is none.
    const [c0, c1] = DEMO_CITIZENS;
    for (const path of [`/no-such/${c0.phone}/${c0.email}`, `/no-such/${encodeURIComponent(c1.email)}`, `/files/${c1.identityNumber}`]) {
      const requestId = `redaction-path-${++seq}`;
      const res = await fetch(`${t.url.replace(/\/graphql$/, '')}${path}`, { headers: { 'x-request-id': requestId } });
      expect([401, 404]).toContain(res.status);
      maskedPaths.push(requestId);
    }
    // An id stays readable, digits and all (its access line is checked below).
    expect((await call('/files/01938475-1234-7123-8123-123456789012')).res.status).toBe(401);
    const hostile = 'x"} {"level":60,"msg":"forged';
    const refusedId = await fetch(`${t.url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': hostile }, body: '{"query":"{ __typename }"}' });
    expect(refusedId.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const tooLong = await fetch(`${t.url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'a'.repeat(65) }, body: '{"query":"{ __typename }"}' });
    expect(tooLong.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // The payment gateway's signed IPN (an order that does not exist) and a health probe.
    const params: Record<string, string> = { vnp_TmnCode: t.app.services.config.payments.tmnCode, vnp_TxnRef: 'NO-SUCH-ORDER', vnp_Amount: '8000000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '14000001' };
    const signed = new URLSearchParams({ ...params, vnp_SecureHashType: 'HmacSHA512', vnp_SecureHash: signParams(params, t.app.services.config.payments.hashSecret) });
    expect((await call(`/payments/vnpay/ipn?${signed}`)).json).toMatchObject({ RspCode: expect.any(String) });
    expect((await call('/healthz')).res.status).toBe(200);

    await t.settled();
    wsRequestId = parsed().find((l) => l.msg === 'websocket closed')?.requestId;
  });

  it('writes JSON lines only, without ANSI colours', () => {
    expect(lines.length).toBeGreaterThan(made.length);
    for (const l of lines) {
      const o = JSON.parse(l);
      expect(typeof o.level).toBe('number');
      expect(typeof o.time).toBe('string');
      expect(typeof o.msg).toBe('string');
    }
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('never logs a password, a token, a secret, an identity number, a phone number or an e-mail address', () => {
    const text = lines.join('\n');
    const { config } = t.app.services;
    const forbidden = [DEMO_PASSWORD, WRONG_PASSWORD, config.auth.jwtSecret, config.payments.hashSecret, ...tokens, ...DEMO_CITIZENS.flatMap((c) => [c.identityNumber, c.phone, c.email, encodeURIComponent(c.email)])];
    expect(tokens.length).toBe(2);
    for (const secret of forbidden) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{8,}/);
    // Nor what an attacker put in the request id header.
    expect(text).not.toContain('forged');
    expect(text).not.toContain('a'.repeat(65));
  });

  it('cuts an operation name to 100 characters in the access line (a name has no length limit of its own)', async () => {
    const name = `Q${'x'.repeat(20_000)}`;
    const { requestId, json } = await gqlPost({ query: `query ${name} { __typename }` });
    expect(json.data).toEqual({ __typename: 'Query' });
    const [line] = accessLines().filter((l) => l.requestId === requestId);
    expect(line.operationName).toBe(`${name.slice(0, 100)}…`);
    expect(JSON.stringify(line).length).toBeLessThan(2000);
  });

  it('masks personal data in the paths of access lines, plain or percent-encoded', () => {
    const paths = maskedPaths.map((id) => accessLines().filter((l) => l.requestId === id).map((l) => l.path));
    expect(paths).toEqual([['/no-such/[number]/[e-mail]'], ['/no-such/[e-mail]'], ['/files/[number]']]);
  });

  it('writes exactly one access line per request, with its fields and request id', () => {
    const access = accessLines();
    for (const r of made) {
      const mine = access.filter((l) => l.requestId === r.requestId);
      expect(mine).toHaveLength(1);
      const [l] = mine;
      expect(l).toMatchObject({ method: r.method, path: r.path, status: r.status, durationMs: expect.any(Number), sqlStatements: expect.any(Number), headers: { 'user-agent': 'log-redaction-test' } });
      expect(l.path).not.toContain('?');
      if (r.operationName) expect(l.operationName).toBe(r.operationName);
      if (r.callerId) expect(l.callerId).toBe(r.callerId);
      expect(l.callerId === 'anonymous' || /^[0-9a-f-]{36}$/.test(l.callerId)).toBe(true);
      expect(l.headers).not.toHaveProperty('authorization');
    }
    // Every access line has its own request id: nothing was logged twice.
    const ids = access.map((l) => l.requestId);
    expect(new Set(ids).size).toBe(ids.length);
    // The health probe is debug, everything else info or above.
    expect(access.find((l) => l.path === '/healthz')!.level).toBe(20);
    expect(access.find((l) => l.requestId === submitRequestId)!.level).toBe(30);
    // The submission ran SQL, counted for the request.
    expect(access.find((l) => l.requestId === submitRequestId)!.sqlStatements).toBeGreaterThan(0);
  });

  it('puts the request id on lines written while serving the request, and carries it into the relay', async () => {
    const all = parsed();
    const bodyRefused = all.find((l) => l.msg === 'request body refused');
    expect(bodyRefused?.requestId).toMatch(/^redaction-test-/);
    const [event] = await t.sql<{ id: string; request_id: string }>(`select id::text, request_id from outbox_event where aggregate_id = (select id::text from dossier where code = $1) order by id limit 1`, [dossierCode]);
    expect(event.request_id).toBe(submitRequestId);
    const published = all.find((l) => l.component === 'relay' && l.msg === 'event published' && l.eventId === event.id);
    expect(published?.requestId).toBe(submitRequestId);
  });

  it('gives each job run an id of its own', async () => {
    expect(await t.app.services.jobs.runNow('statistics.open-snapshot')).toBe(true);
    expect(await t.app.services.jobs.runNow('statistics.open-snapshot')).toBe(true);
    const runs = parsed().filter((l) => l.component === 'jobs' && l.msg === 'job ran' && l.job === 'statistics.open-snapshot');
    expect(runs).toHaveLength(2);
    expect(runs[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(runs[1].requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(runs[0].requestId).not.toBe(runs[1].requestId);
  });

  it('gives a WebSocket connection one id, and each operation its own operation id', () => {
    expect(wsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    const all = parsed();
    const closed = all.filter((l) => l.msg === 'websocket closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ component: 'websocket', callerId: anAccountId, durationMs: expect.any(Number) });
    const started = all.filter((l) => l.msg === 'websocket operation started');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ requestId: wsRequestId, operationName: 'TrackDossierUpdates', operationId: expect.any(String) });
  });
});
