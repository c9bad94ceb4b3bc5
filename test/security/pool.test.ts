/**
 * Issue 13, defect 6: one user starved everyone. The calendar cache reloaded on a second pool
 * connection while the transaction held the dossier's row lock; with every connection taken by
 * requests waiting for that lock, nothing moved until knex's 60 s acquire timeout: internal
 * errors, an unrelated read waiting 60 s, scheduled jobs failing, payment callbacks answered 500.
 */
import { Client } from 'pg';
import { PerformDossierActionDocument, SubmitDossierDocument } from '../generated/graphql';
import { signParams } from '../../src/payments/vnpay.protocol';
import { outsideTransaction, SecondConnectionInTransaction } from '../../src/db/pool-guard';
import { query } from '../../src/db/sql';
import { CITIZEN_AN, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';

const MORTGAGE = '1.011543';
const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone };
const ANONYMOUS_READ = { query: '{ procedures(first: 5) { edges { node { code name } } } }' };
const PAY = `mutation($id: ID!) { payDossierOnline(dossierId: $id) { __typename ... on ErrorResult { code message } ... on PaymentStarted { order { txnRef amountVnd } } } }`;
const ACTION_OUTCOMES = ['DossierPayload', 'VersionConflict', 'Busy', 'TransitionNotAllowed'];

let t: TestApp;
const logs: string[] = [];
beforeAll(async () => {
  // The production bounds, and a calendar that is always past its time to live: every action finds it expired.
  t = await startTestApp({ env: { CALENDAR_CACHE_TTL_MS: '1', DB_POOL_ACQUIRE_TIMEOUT_MS: '3000', DB_LOCK_TIMEOUT_MS: '2000' }, log: (m) => logs.push(m) });
  // A running server has parsed these documents before (the parse cache is not what is tested).
  await t.raw(ANONYMOUS_READ);
  await t.gql(PerformDossierActionDocument, { input: { dossierId: '00000000-0000-0000-0000-000000000000', action: 'withdraw', expectedVersion: 1 } }, await t.login('citizen.an'));
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const base = () => t.url.replace('/graphql', '');

async function submitOnline() {
  const r = await t.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, files: pdfFiles(['TP1', 'TP2', 'TP3']) } }, await t.login('citizen.an'));
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.submitDossier.dossier;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `n` copies of `send` at once while another session holds the dossier's row (a long
 * transaction elsewhere), so that they pile up on it; sends one anonymous read while they do,
 * then lets the row go. Times the read.
 */
async function burst<T>(n: number, send: () => Promise<T>, dossierId: string) {
  const holder = new Client({ connectionString: t.dbUrl });
  await holder.connect();
  // Ended whatever happens: an open session would keep the test process alive after a failure.
  try {
    await holder.query('begin');
    await holder.query('select 1 from dossier where id = $1 for update', [dossierId]);
    const started = Date.now();
    const answers = Array.from({ length: n }, () => send());
    await sleep(300);
    const readStarted = Date.now();
    const read = t.raw(ANONYMOUS_READ).then((body) => ({ status: body.status, body, ms: Date.now() - readStarted }));
    await sleep(300);
    await holder.query('rollback');
    const out = { answers: await Promise.all(answers), read: await read };
    if (process.env.POOL_TEST_FIGURES) console.log(`burst of ${n}: ${Date.now() - started} ms, unrelated read ${out.read.ms} ms`);
    return out;
  } finally {
    await holder.end();
  }
}

function typenames(answers: any[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const key = a.data?.performDossierAction?.__typename ?? `error:${a.errors?.[0]?.extensions?.code}:${a.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('one user cannot starve the pool', () => {
  it('50 concurrent withdrawals of one dossier with the calendar expired: one winner, every other answer typed, an unrelated read in under a second', async () => {
    const d = await submitOnline();
    const token = await t.login('citizen.an');
    // Cold (nothing cached) for the first action, then expired for every later one.
    t.app.services.calendar.invalidate();
    const jobRun = t.app.services.jobs.runNow('statistics.open-snapshot');
    const { answers, read } = await burst(
      50,
      () => t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'withdraw', expectedVersion: 1, note: 'Tôi muốn rút hồ sơ' } }, token),
      d.id,
    );
    const kinds = typenames(answers);
    expect(kinds.DossierPayload).toBe(1);
    expect(Object.keys(kinds).every((k) => ACTION_OUTCOMES.includes(k))).toBe(true);
    expect(answers.every((a) => a.status === 200 && !a.errors)).toBe(true);
    expect(read.status).toBe(200);
    expect(read.body.data.procedures.edges.length).toBeGreaterThan(0);
    expect(read.ms).toBeLessThan(1000);
    // The scheduled job ran during the burst, on its own connection, without a pool timeout.
    expect(await jobRun).toBe(true);
    expect(logs.filter((m) => /"component":"jobs".*"job failed"|Timeout acquiring|second pool connection/i.test(m))).toEqual([]);
    // One withdrawal, written once.
    expect(await t.sql(`select action from dossier_history where dossier_id = $1 order by at, id`, [d.id])).toEqual([{ action: 'submit' }, { action: 'withdraw' }]);
    expect(await t.sql(`select version, national_status from dossier where id = $1`, [d.id])).toEqual([{ version: 2, national_status: 7 }]);
  }, 60_000);

  it('50 concurrent receptions of one dossier by the officer: same outcome, no internal error', async () => {
    const d = await submitOnline();
    const token = await t.login('landreg.reception');
    t.app.services.calendar.invalidate();
    const { answers, read } = await burst(50, () => t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'receive', expectedVersion: 1 } }, token), d.id);
    const kinds = typenames(answers);
    expect(kinds.DossierPayload).toBe(1);
    expect(Object.keys(kinds).every((k) => ACTION_OUTCOMES.includes(k))).toBe(true);
    expect(read.ms).toBeLessThan(1000);
    expect(await t.sql(`select count(*)::int as n from dossier_history where dossier_id = $1 and action = 'receive'`, [d.id])).toEqual([{ n: 1 }]);
  }, 60_000);

  it('a row lock held longer than DB_LOCK_TIMEOUT_MS answers Busy, not a wait for ever', async () => {
    const d = await submitOnline();
    // Another session (a slow administrative script, say) holds the dossier's row.
    const holder = new Client({ connectionString: t.dbUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from dossier where id = $1 for update', [d.id]);
      const started = Date.now();
      const r = await t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'withdraw', expectedVersion: 1, note: 'Rút hồ sơ' } }, await t.login('citizen.an'));
      expect(Date.now() - started).toBeLessThan(5000);
      expect(r.data?.performDossierAction).toMatchObject({ __typename: 'Busy', code: 'BUSY' });
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    expect(await t.sql(`select version from dossier where id = $1`, [d.id])).toEqual([{ version: 1 }]);
  }, 30_000);

  it('20 concurrent valid payment callbacks: one applies, the others answer "already confirmed", never HTTP 500', async () => {
    let d = await submitOnline();
    d = await t.act('landreg.reception', d.id, d.version, 'receive');
    d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    d = await t.act('landreg.specialist', d.id, d.version, 'requestPayment');
    const started = (await t.raw({ query: PAY, variables: { id: d.id } }, await t.login('citizen.an'))).data.payDossierOnline;
    expect(started.__typename).toBe('PaymentStarted');
    const { hashSecret, tmnCode } = t.app.services.config.payments;
    const params: Record<string, string> = {
      vnp_Amount: String(started.order.amountVnd * 100), vnp_BankCode: 'NCB', vnp_BankTranNo: 'VNP12345678', vnp_CardType: 'ATM', vnp_OrderInfo: 'Thanh toan ho so',
      vnp_PayDate: '20261123100000', vnp_ResponseCode: '00', vnp_TmnCode: tmnCode, vnp_TransactionNo: '12345678', vnp_TransactionStatus: '00', vnp_TxnRef: started.order.txnRef,
    };
    const url = `${base()}/payments/vnpay/ipn?${new URLSearchParams({ ...params, vnp_SecureHash: signParams(params, hashSecret) })}`;
    t.app.services.calendar.invalidate();
    const { answers, read } = await burst(
      20,
      async () => {
        const res = await fetch(url);
        return { status: res.status, body: (await res.json()) as { RspCode: string } };
      },
      d.id,
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const codes = answers.map((a) => a.body.RspCode).sort();
    expect(codes.filter((c) => c === '00')).toHaveLength(1);
    expect(codes.every((c) => c === '00' || c === '02')).toBe(true);
    expect(read.ms).toBeLessThan(1000);
    expect(await t.sql(`select status from payment_order where txn_ref = $1`, [started.order.txnRef])).toEqual([{ status: 'PAID' }]);
    expect(await t.sql(`select count(*)::int as n from dossier_history where dossier_id = $1 and action = 'pay'`, [d.id])).toEqual([{ n: 1 }]);
  }, 60_000);

  it('an exhausted pool answers 503 with Retry-After within seconds, not after 60 s, and recovers', async () => {
    const token = await t.login('analyst');
    const citizen = await t.login('citizen.an');
    const client = t.app.services.orm.em.getConnection().getKnex().client;
    // Hold every connection of the pool (DB_POOL_MAX = 5 in the tests).
    const held: unknown[] = [];
    for (let i = 0; i < t.app.services.config.poolMax; i++) held.push(await client.acquireConnection());
    try {
      const started = Date.now();
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ dossiers(first: 5) { edges { node { id code } } } }' }) });
      const ms = Date.now() - started;
      const body = (await res.json()) as any;
      expect(ms).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toMatch(/knex|pool|timeout acquiring/i);
      // A mutation whose transaction cannot begin: the same 503, not an internal error.
      const write = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}` }, body: JSON.stringify({ query: 'mutation { performDossierAction(input: { dossierId: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", action: "withdraw", expectedVersion: 1 }) { __typename ... on ErrorResult { code } } }' }) });
      expect(write.status).toBe(503);
      expect(((await write.json()) as any).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      // The payment gateway is told to call again (99), over HTTP 200.
      const ipn = await fetch(`${base()}/payments/vnpay/ipn?${new URLSearchParams({ vnp_TxnRef: 'X', vnp_Amount: '100', vnp_SecureHash: 'ab' })}`);
      expect(ipn.status).toBeLessThan(500);
    } finally {
      for (const c of held) await client.releaseConnection(c);
    }
    const again = await t.raw({ query: '{ dossiers(first: 5) { edges { node { id code } } } }' }, token);
    expect(again.status).toBe(200);
    expect(Array.isArray(again.data.dossiers.edges)).toBe(true);
  }, 30_000);

  it('a second pool connection asked for inside a transaction is refused (tests run with DB_POOL_GUARD=throw)', async () => {
    const em = t.app.services.orm.em.fork();
    await expect(em.transactional(async () => query(em, 'select 1'))).rejects.toThrow(SecondConnectionInTransaction);
    // The transaction's own connection is fine, and so is work nobody inside it waits for.
    await expect(em.transactional(async (tx) => tx.getConnection().execute('select 1 as one', [], 'all', tx.getTransactionContext()))).resolves.toEqual([{ one: 1 }]);
    let background!: Promise<unknown>;
    await em.transactional(async () => {
      background = outsideTransaction(() => query(em, 'select 1 as one'));
    });
    await expect(background).resolves.toEqual([{ one: 1 }]);
  });
});
