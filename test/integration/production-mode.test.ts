import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'graphql';
import { signParams } from '../../src/payments/vnpay.protocol';
import { SANDBOX_HASH_SECRET } from '../../src/config';
import { ProceduresDocument, ReceiveDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, startTestApp, TestApp } from '../support/harness';
import { subscribe } from '../support/ws';

/**
 * Production mode without a payment contract (issue 14): the server starts under
 * NODE_ENV=production with no gateway configured, online payment is off (a typed refusal that
 * writes nothing; officers still record counter payments), the catalogue shows its fees, no
 * sandbox gateway listens, and no answer carries a stack trace or a statement count.
 */

const MORTGAGE = '1.011543'; // one charge of 80,000 đồng in the catalogue
let prod: TestApp;
/** TCP ports this process started listening on while the production app started. */
let prodPorts: number[];
const logLines: string[] = [];
/** The production app's JWT secret comes from a file, as a container secret would. */
const secretsDir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-prod-secrets-'));
const JWT_FROM_FILE = 'a-production-signing-secret-from-a-file-0123456789';

/** The TCP ports this process listens on (Linux: its socket inodes matched in /proc/net/tcp{,6}). */
function listeningPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/self/net/tcp', '/proc/self/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is f[1] (hex ip:port), st is f[3] (0A = LISTEN), inode is f[9]
      if (f[3] === '0A' && inodes.has(f[9])) ports.add(parseInt(f[1].split(':')[1], 16));
    }
  }
  return [...ports].sort();
}

async function startNoting(start: () => Promise<TestApp>): Promise<{ app: TestApp; ports: number[] }> {
  const before = new Set(listeningPorts());
  const app = await start();
  return { app, ports: listeningPorts().filter((p) => !before.has(p)) };
}

/** What answers the sandbox gateway's payment page on a port (the sandbox refuses an unsigned request with its own 400 page). */
async function paymentPageOn(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/paymentv2/vpcpay.html`)).status;
}

beforeAll(async () => {
  // The harness's test settings, with what an intranet operator would give: NODE_ENV=production,
  // nothing about payments (PAYMENTS empty: the default), the signing secret in a file.
  const jwtFile = path.join(secretsDir, 'jwt_secret');
  writeFileSync(jwtFile, `${JWT_FROM_FILE}\n`, { mode: 0o600 });
  ({ app: prod, ports: prodPorts } = await startNoting(() =>
    startTestApp({ env: { NODE_ENV: 'production', PAYMENTS: '', JWT_SECRET: '', JWT_SECRET_FILE: jwtFile }, logLines: (l) => void logLines.push(l) }),
  ));
});
afterAll(async () => {
  await prod?.stop();
  rmSync(secretsDir, { recursive: true, force: true });
});

const base = () => prod.url.replace(/\/graphql$/, '');
const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber };
const PAY = `mutation($id: ID!) { payDossierOnline(dossierId: $id) { __typename ... on ErrorResult { code message }
  ... on ServiceUnavailable { service } ... on PaymentStarted { paymentUrl } } }`;

/** A mortgage dossier received at the counter and waiting for its fee (national status 6). */
async function paymentRequested(t: TestApp) {
  const r = (await t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant } }, await t.login('landreg.reception'))).data?.receiveDossier;
  if (r?.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  let d = await t.act('landreg.reception', r.dossier.id, r.dossier.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
  d = await t.act('landreg.specialist', d.id, d.version, 'requestPayment');
  expect(d.nationalStatus.code).toBe(6);
  return d;
}

/** Everything a payment could have written about a dossier. */
async function paymentTrace(t: TestApp, dossierId: string) {
  const [row] = await t.sql(
    `select (select count(*)::int from payment_order where dossier_id = $1) as orders,
            (select count(*)::int from payment_callback) as callbacks,
            (select count(*)::int from dossier_history where dossier_id = $1) as history,
            (select count(*)::int from outbox_event) as events,
            (select version from dossier where id = $1) as version`,
    [dossierId],
  );
  return row;
}

describe('production without a payment gateway', () => {
  it('starts under NODE_ENV=production with online payment off, and no sandbox gateway listens', async () => {
    expect(prod.app.services.config).toMatchObject({ env: 'production', exposeStatementCount: false, payments: { mode: 'off', hashSecret: '' } });
    expect(prod.app.services.config.auth.jwtSecret).toBe(JWT_FROM_FILE); // JWT_SECRET_FILE, its newline stripped
    expect(prodPorts).toContain(prod.app.server.port);
    // No port this app opened serves the sandbox's payment page (the app itself answers 404).
    for (const port of prodPorts) expect(await paymentPageOn(port)).toBe(404);

    // The probe does find a sandbox where one was asked for (the harness's default, PAYMENTS=sandbox).
    const { app: demo, ports } = await startNoting(() => startTestApp());
    try {
      expect(ports.length).toBeGreaterThan(prodPorts.length);
      const statuses = await Promise.all(ports.map(paymentPageOn));
      expect(statuses.filter((s) => s === 400)).toHaveLength(1);
    } finally {
      await demo.stop();
    }
  });

  it('payDossierOnline answers ServiceUnavailable and writes nothing; the counter payment still works', async () => {
    const d = await paymentRequested(prod);
    const before = await paymentTrace(prod, d.id);
    const r = await prod.raw({ query: PAY, variables: { id: d.id } }, await prod.login('citizen.an'));
    expect(r.status).toBe(200);
    expect(r.data.payDossierOnline).toEqual({
      __typename: 'ServiceUnavailable',
      code: 'SERVICE_UNAVAILABLE',
      service: 'onlinePayment',
      message: expect.stringContaining('PAYMENTS=off'),
    });
    expect(await paymentTrace(prod, d.id)).toEqual({ ...before, orders: 0 });
    expect((await prod.sql('select national_status from dossier where id = $1', [d.id]))[0].national_status).toBe(6);

    // An office without a payment contract collects at the counter: the workflow's pay action.
    const paid = await prod.act('landreg.reception', d.id, d.version, 'pay');
    expect(paid.nationalStatus.code).toBe(4);
    expect((await prod.sql(`select data -> 'payment' ->> 'channel' as channel from dossier_history where dossier_id = $1 and action = 'pay'`, [d.id]))).toEqual([{ channel: 'COUNTER' }]);
  });

  it('the gateway callback URLs refuse, even signed with the published sandbox secret, and write nothing', async () => {
    const d = await paymentRequested(prod);
    const before = await paymentTrace(prod, d.id);
    const params = { vnp_TmnCode: 'ONEDOOR1', vnp_TxnRef: 'OD261123FORGED', vnp_Amount: '8000000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TransactionNo: '12345678', vnp_PayDate: '20261123090000' };
    const query = new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, SANDBOX_HASH_SECRET) });
    const ipn = await fetch(`${base()}/payments/vnpay/ipn?${query}`);
    expect(ipn.status).toBe(503);
    // Unacknowledged (99): a gateway that still holds a payment calls again once payments are back on.
    expect(await ipn.json()).toEqual({ RspCode: '99', Message: expect.stringContaining('PAYMENTS=off') });
    const back = await fetch(`${base()}/payments/vnpay/return?${query}`);
    expect(back.status).toBe(503);
    expect(back.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await back.text()).toContain('Online payment is off on this server');
    expect(await paymentTrace(prod, d.id)).toEqual(before);
  });

  it('the catalogue still shows the fees', async () => {
    const r = await prod.gql(ProceduresDocument, { filter: { search: MORTGAGE }, first: 5 });
    const mortgage = r.data?.procedures.edges.map((e) => e.node).find((p) => p.code === MORTGAGE);
    // The individual's fee (the one charged in the tests above) and the organisation's.
    expect(mortgage?.fees.map((f) => f.amountVnd)).toEqual([80_000, 150_000]);
    expect(mortgage?.fees.every((f) => f.name.startsWith('Phí đăng ký thế chấp'))).toBe(true);
  });
});

describe('production answers carry no stack traces and no statement counts', () => {
  const CATALOGUE = '{ procedures(first: 1) { edges { node { code fees { amountVnd } } } } }';

  it('a successful answer has no extensions.sqlStatements', async () => {
    const r = await prod.raw({ query: CATALOGUE });
    expect(r.errors).toBeUndefined();
    expect(r.data.procedures.edges).toHaveLength(1);
    expect(r.extensions?.sqlStatements).toBeUndefined();
  });

  it('internal errors over HTTP, WebSocket, file download and export answer without a stack (the log has it)', async () => {
    const token = await prod.login('landreg.reception');
    const INBOX = '{ dossiers(first: 1) { edges { node { code } } } }';
    expect((await prod.raw({ query: INBOX }, token)).errors).toBeUndefined();
    // A real internal error: the tables these paths read are gone for a moment.
    await prod.sql('alter table dossier rename to dossier_away');
    await prod.sql('alter table dossier_file rename to dossier_file_away');
    try {
      const r = await prod.raw({ query: INBOX }, token);
      expect(r.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: ['dossiers'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(r.extensions).toBeUndefined();
      expect(JSON.stringify(r)).not.toMatch(/dossier_away|relation|stacktrace|\.(js|ts):\d+/);

      const ws = subscribe(prod.url, token, parse(INBOX) as never, {});
      await ws.waitFor(1);
      await ws.close();
      expect(ws.results[0].errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(ws.results)).not.toMatch(/stacktrace|relation|sqlStatements|\.(js|ts):\d+/);

      const file = await fetch(`${base()}/files/0193a5b0-0000-7000-8000-000000000000`, { headers: { authorization: `Bearer ${token}` } });
      expect(file.status).toBe(500);
      expect(await file.json()).toEqual({ error: 'Internal server error' });

      const exported = await fetch(`${base()}/exports/dossiers?format=csv&from=2026-01-01&to=2026-12-31`, { headers: { authorization: `Bearer ${await prod.login('analyst')}` } });
      // The export streams: its 200 and header row are gone before the first batch fails, so the
      // connection is cut (the client sees an incomplete download), never a stack appended to it.
      expect(exported.status).toBe(200);
      await expect(exported.text()).rejects.toThrow();
    } finally {
      await prod.sql('alter table dossier_away rename to dossier');
      await prod.sql('alter table dossier_file_away rename to dossier_file');
    }
    // The cause went to the server's log, not to the client.
    expect(logLines.some((l) => l.includes('internal error in a GraphQL request') && l.includes('dossier'))).toBe(true);
  });

  it('a body that is not JSON answers a plain 400 without a stack', async () => {
    const res = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }", oops' });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ errors: [{ message: expect.stringContaining('not valid JSON'), extensions: { code: 'BAD_REQUEST' } }] });
    expect(body).not.toMatch(/at .*\.(js|ts):\d+|SyntaxError/);
  });
});
