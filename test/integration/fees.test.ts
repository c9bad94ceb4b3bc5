import { DossierStatisticsDocument, ReceiveDossierDocument, SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';

/**
 * A procedure's own fees (the catalogue's phí and lệ phí): charged online through the gateway or
 * confirmed at the counter, once per dossier, and counted in VND by the statistics either way.
 */

const MORTGAGE = '1.011543'; // one charge of 80,000 đồng in the catalogue
const FEE = 80_000;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { PAYMENT_UNSIGNED_LOG_PER_MINUTE: '2' } });
});
afterAll(async () => {
  await t?.stop();
});

const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber };
const PAY = `mutation($id: ID!) { payDossierOnline(dossierId: $id) { __typename ... on ErrorResult { code message }
  ... on PaymentStarted { paymentUrl order { amountVnd items { module label amountVnd } } } } }`;

async function toPaymentRequested(channel: 'COUNTER' | 'ONLINE') {
  const r =
    channel === 'COUNTER'
      ? (await t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant } }, await t.login('landreg.reception'))).data?.receiveDossier
      : (await t.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, files: pdfFiles(['TP1', 'TP2', 'TP3']) } }, await t.login('citizen.an'))).data?.submitDossier;
  if (r?.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  let d = r.dossier;
  if (channel === 'ONLINE') d = await t.act('landreg.reception', d.id, d.version, 'receive');
  d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
  return t.act('landreg.specialist', d.id, d.version, 'requestPayment');
}

const paymentsOf = async (dossierId: string) =>
  (await t.sql(`select data -> 'payment' as payment from dossier_history where dossier_id = $1 and action = 'pay' order by at, id`, [dossierId])).map((r) => r.payment);

async function paidFigures() {
  await t.settled();
  const r = (await t.gql(DossierStatisticsDocument, { filter: { from: '2026-01-01', to: '2026-12-31' } as never, groupBy: [] }, await t.login('analyst'))).data!.dossierStatistics;
  if (r.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
  const { paid, paidVnd, paidOnline, paidOnlineVnd } = r.total;
  return { paid, paidVnd, paidOnline, paidOnlineVnd };
}

describe("a procedure's fees", () => {
  it('are confirmed at the counter once, with their amount in the history and the statistics', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = await toPaymentRequested('COUNTER');
    d = await t.act('landreg.reception', d.id, d.version, 'pay');
    expect(d.nationalStatus.code).toBe(4);
    expect(await paymentsOf(d.id)).toEqual([{ channel: 'COUNTER', amountVnd: FEE, items: [{ module: 'kernel', ref: `${MORTGAGE}#1`, amountVnd: FEE }] }]);
    expect(await paidFigures()).toEqual({ paid: 1, paidVnd: FEE, paidOnline: 0, paidOnlineVnd: 0 });

    // Asked to pay again (another obligation, say), the fees are not charged twice.
    d = await t.act('landreg.specialist', d.id, d.version, 'requestPayment');
    const online = (await t.raw({ query: PAY, variables: { id: d.id } }, await t.login('citizen.an'))).data.payDossierOnline;
    expect(online).toMatchObject({ __typename: 'TransitionNotAllowed', message: expect.stringContaining('nothing is payable') });
    d = await t.act('landreg.reception', d.id, d.version, 'pay');
    expect((await paymentsOf(d.id))[1]).toEqual({ channel: 'COUNTER', amountVnd: 0, items: [] });
    expect(await paidFigures()).toEqual({ paid: 2, paidVnd: FEE, paidOnline: 0, paidOnlineVnd: 0 });
  });

  it('are charged online through the gateway, for exactly the catalogue amount', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    const d = await toPaymentRequested('ONLINE');
    const started = (await t.raw({ query: PAY, variables: { id: d.id } }, await t.login('citizen.an'))).data.payDossierOnline;
    expect(started.order).toEqual({
      amountVnd: FEE,
      items: [{ module: 'kernel', label: 'Phí đăng ký thế chấp quyền sử dụng đất, tài sản gắn liền với đất (hộ gia đình, cá nhân)', amountVnd: FEE }],
    });
    expect(new URL(started.paymentUrl).searchParams.get('vnp_Amount')).toBe(String(FEE * 100));
    const back = await fetch(`${started.paymentUrl}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(back.status).toBe(302);
    await t.settled();
    const [payment] = await paymentsOf(d.id);
    expect(payment).toMatchObject({ channel: 'ONLINE', amountVnd: FEE, items: [{ module: 'kernel', ref: `${MORTGAGE}#1`, amountVnd: FEE }] });
    expect((await t.sql(`select national_status from dossier where id = $1`, [d.id]))[0].national_status).toBe(4);
    // With the counter payments of the test above: 3 payments, 2 × 80,000 đồng, one of them online.
    expect(await paidFigures()).toEqual({ paid: 3, paidVnd: 2 * FEE, paidOnline: 1, paidOnlineVnd: FEE });
  });

  it('keeps only so many unsigned callbacks a minute in the log: anyone can send them', async () => {
    t.clock.set('2026-11-25T02:00:00Z');
    const forged = new URLSearchParams({ vnp_TxnRef: 'FORGED', vnp_Amount: '100', vnp_ResponseCode: '00', vnp_SecureHash: 'ab'.repeat(64) });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await (await fetch(`${t.url.replace('/graphql', '')}/payments/vnpay/ipn?${forged}`)).json());
    expect(replies).toEqual(Array(4).fill({ RspCode: '97', Message: 'Invalid signature' }));
    expect(await t.sql(`select outcome, signature_valid from payment_callback where txn_ref = 'FORGED'`)).toEqual([{ outcome: '97', signature_valid: false }, { outcome: '97', signature_valid: false }]);
    // Malformed (a repeated field) is refused before any signature check: not signed, not kept either.
    const malformed = `${t.url.replace('/graphql', '')}/payments/vnpay/ipn?${forged}&vnp_TxnRef=AGAIN`;
    expect(await (await fetch(malformed)).json()).toMatchObject({ RspCode: '99' });
    expect(await t.sql(`select count(*)::int as n from payment_callback where signature_valid = false`)).toEqual([{ n: 2 }]);
    expect(await t.sql(`select count(*)::int as n from payment_callback where signature_valid = true`)).toEqual([{ n: 1 }]); // the genuine IPN of the test above
  });
});
