import { GetDossierDocument, SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landTransferForm, startTestApp, TestApp, TransferableCertificate, transferableCertificate as certificateOf } from '../support/harness';
import { signParams } from '../../src/payments/vnpay.protocol';

/**
 * The textbook inter-agency dossier (một cửa liên thông), played over the API with the real
 * roles of both agencies: a land-use right transfer filed online, appraised by the land
 * registration office, handed to the tax department with the cadastral data, assessed (with a
 * corrected price), paid through the VNPay-protocol sandbox gateway, handed back and approved,
 * which replaces the certificate and writes the parcel's history.
 */
const LAND_OFFICE = '000.13.01.H37';
const TAX = '000.00.30.H37';
const TRANSFER = '1.013831';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const pdf = (code: string) => ({ name: `${code}.pdf`, mediaType: 'application/pdf', componentCode: code, contentBase64: Buffer.from(`%PDF-1.4 ${code}`).toString('base64') });

async function fileTransfer(c: TransferableCertificate, declaredPriceVnd: number, components = ['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) {
  const r = await t.gql(SubmitDossierDocument, {
    input: {
      procedureCode: TRANSFER,
      applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: 'an.nguyen@example.vn' },
      files: components.map(pdf),
      formData: landTransferForm(c, declaredPriceVnd),
    },
  } as never, await t.login('citizen.an'));
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.submitDossier.dossier;
}

const dossier = async (id: string, user: string) => (await t.gql(GetDossierDocument, { id }, await t.login(user))).data?.dossier ?? null;

const ASSESS = `mutation($input: AssessLandTransferObligationsInput!) { assessLandTransferObligations(input: $input) {
  __typename ... on ErrorResult { code message } ... on ValidationFailed { fieldErrors { field message } }
  ... on TaxAssessmentPayload { dossier { version } obligations { kind baseAmountVnd amountVnd payerName } } } }`;
const ISSUE = `mutation($input: IssueTaxNoticeInput!) { issueTaxNotice(input: $input) {
  __typename ... on ErrorResult { code message } ... on TaxAssessmentPayload { dossier { version } notice { numberAndSymbol amountVnd status } } } }`;
const PAY = `mutation($id: ID!) { payDossierOnline(dossierId: $id) { __typename ... on ErrorResult { code message }
  ... on PaymentStarted { paymentUrl order { id txnRef amountVnd status items { module label amountVnd } } } } }`;
const LAND_FIELDS = `query($id: String!) { dossier(id: $id) { version holdingAgency { code } state { key } nationalStatus { code }
  landParcels { communeCode mapSheet parcelNumber } certificate { serial status }
  taxNotices { numberAndSymbol amountVnd status } payments { status amountVnd gatewayTransactionNo }
  applicant { name idNumber } agencyStints { agency { code } startedAt endedAt workingHours } availableActions { key } } }`;

async function landView(id: string, user: string) {
  const r = await t.raw({ query: LAND_FIELDS, variables: { id } }, await t.login(user));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.dossier;
}

describe('a land-use right transfer across land and tax (một cửa liên thông)', () => {
  it('runs from online filing to the new certificate under one dossier code', async () => {
    const c = await certificateOf(t);
    const [price] = await t.sql<{ perM2: number }>(`select price_per_m2_vnd::float8 as "perM2" from tax_land_price
      where commune_code = $1 and purpose_code = $2 and valid_to is null order by valid_from desc limit 1`, [c.communeCode, c.purposeCode]);
    const official = Math.round(c.area * price.perM2);
    // Declared below the official price: tax must assess on the official one.
    const declared = Math.max(1_000_000, Math.round(official / 2 / 1000) * 1000);

    // 1. Filed online: status 1 at the land registration office; tax cannot see it yet.
    const filed = await fileTransfer(c, declared);
    const code = filed.code;
    expect(code.startsWith(`${LAND_OFFICE}-`)).toBe(true);
    expect(await dossier(filed.id, 'tax.specialist')).toBeNull();

    // 2. Received, assigned; the contract copy is unreadable: supplement requested (status 5), handed in.
    let v = (await t.act('landreg.reception', filed.id, filed.version, 'receive')).version;
    v = (await t.act('landreg.leader', filed.id, v, 'assign', { assigneeId: await t.accountId('landreg.specialist') })).version;
    const paused = await t.act('landreg.specialist', filed.id, v, 'requestSupplement', { note: 'Bản sao hợp đồng chuyển nhượng không đọc được, đề nghị nộp lại bản có công chứng' });
    expect(paused.nationalStatus.code).toBe(5);
    v = (await t.act('citizen.an', filed.id, paused.version, 'submitSupplement', { files: [pdf('TP3')] })).version;

    // 3. The land office hands it to tax with the cadastral data sheet.
    const sent = await t.act('landreg.specialist', filed.id, v, 'sendToTax');
    expect(sent.holdingAgency.code).toBe(TAX);
    expect(sent.nationalStatus.code).toBe(4);
    const [sheet] = await t.sql(`select data from dossier_record where dossier_id = $1 and kind = 'land.cadastral-data'`, [filed.id]);
    expect(sheet.data).toMatchObject({ certificateSerial: c.serial, declaredPriceVnd: declared, parcels: [{ communeCode: c.communeCode, mapSheet: c.mapSheet, parcelNumber: c.parcelNumber, areaM2: c.area }] });
    // The land office cannot act any more; tax now sees it.
    expect((await landView(filed.id, 'landreg.specialist')).availableActions).toEqual([]);
    expect((await dossier(filed.id, 'tax.specialist'))?.code).toBe(code);

    // 4. Tax assigns and assesses; the declared price is too low and is corrected.
    v = (await t.act('tax.leader', filed.id, sent.version, 'assign', { assigneeId: await t.accountId('tax.specialist') })).version;
    const noNote = await t.raw({ query: ASSESS, variables: { input: { dossierId: filed.id, expectedVersion: v, correctedDeclaredPriceVnd: official } } }, await t.login('tax.specialist'));
    expect(noNote.data.assessLandTransferObligations.__typename).toBe('ValidationFailed');
    expect(await t.sql(`select 1 from tax_obligation where dossier_id = $1`, [filed.id])).toHaveLength(0);
    const assessed = await t.raw({ query: ASSESS, variables: { input: { dossierId: filed.id, expectedVersion: v, correctedDeclaredPriceVnd: official, correctionNote: 'Giá ghi trên hợp đồng thấp hơn giá thực tế chuyển nhượng theo biên bản xác minh' } } }, await t.login('tax.specialist'));
    const a = assessed.data.assessLandTransferObligations;
    expect(a.__typename).toBe('TaxAssessmentPayload');
    const pit = a.obligations.find((o: any) => o.kind === 'PIT_REAL_ESTATE_TRANSFER');
    const fee = a.obligations.find((o: any) => o.kind === 'REGISTRATION_FEE_LAND');
    // 2 % of the (corrected) transfer price from the transferor; 0.5 % registration fee from the transferee.
    expect(pit).toMatchObject({ baseAmountVnd: official, amountVnd: Math.round(official * 0.02), payerName: c.holderName });
    expect(fee).toMatchObject({ amountVnd: Math.round(fee.baseAmountVnd * 0.005), payerName: CITIZEN_AN.fullName });
    const total = pit.amountVnd + fee.amountVnd;
    const history = await t.sql(`select data from dossier_history where dossier_id = $1 and action = 'assessTaxObligations'`, [filed.id]);
    expect(JSON.stringify(history[0].data)).toContain(String(official));

    // 5. The notice is issued and payment requested (status 6).
    const issued = await t.raw({ query: ISSUE, variables: { input: { dossierId: filed.id, expectedVersion: a.dossier.version } } }, await t.login('tax.specialist'));
    expect(issued.data.issueTaxNotice.__typename).toBe('TaxAssessmentPayload');
    const asking = await t.act('tax.specialist', filed.id, issued.data.issueTaxNotice.dossier.version, 'requestPayment');
    expect(asking.nationalStatus.code).toBe(6);
    // Tax cannot hand an unpaid dossier back.
    expect((await landView(filed.id, 'tax.specialist')).availableActions.map((x: any) => x.key)).not.toContain('returnToLand');

    // 6. The applicant pays online: an order for exactly what the notices say.
    const started = await t.raw({ query: PAY, variables: { id: filed.id } }, await t.login('citizen.an'));
    const order = started.data.payDossierOnline;
    expect(order.__typename).toBe('PaymentStarted');
    // Asking again gives the same order back (a second link could be paid a second time).
    const again = (await t.raw({ query: PAY, variables: { id: filed.id } }, await t.login('citizen.an'))).data.payDossierOnline;
    expect(again.order.txnRef).toBe(order.order.txnRef);
    expect(await t.sql(`select count(*)::int as n from payment_order where dossier_id = $1`, [filed.id])).toEqual([{ n: 1 }]);
    expect(order.order.amountVnd).toBe(total);
    const paymentUrl = new URL(order.paymentUrl);
    expect(paymentUrl.searchParams.get('vnp_Amount')).toBe(String(total * 100));

    // A callback with a valid signature over a tampered amount, and one with a forged signature: nothing changes.
    const { hashSecret, tmnCode } = t.app.services.config.payments;
    const genuine: Record<string, string> = {
      vnp_Amount: String(total * 100), vnp_BankCode: 'NCB', vnp_BankTranNo: 'VNP99999999', vnp_CardType: 'ATM', vnp_OrderInfo: 'Thanh toan ho so',
      vnp_PayDate: '20261123100000', vnp_ResponseCode: '00', vnp_TmnCode: tmnCode, vnp_TransactionNo: '99999999', vnp_TransactionStatus: '00', vnp_TxnRef: order.order.txnRef,
    };
    const ipn = async (params: Record<string, string>) => (await fetch(`${t.url.replace('/graphql', '')}/payments/vnpay/ipn?${new URLSearchParams(params)}`)).json();
    const tamperedAmount = { ...genuine, vnp_Amount: '100', vnp_SecureHash: signParams({ ...genuine, vnp_Amount: String(total * 100) }, hashSecret) };
    expect(await ipn(tamperedAmount)).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    const forged = { ...genuine, vnp_SecureHash: signParams(genuine, 'not-the-merchant-secret') };
    expect(await ipn(forged)).toMatchObject({ RspCode: '97' });
    const wrongAmount = { ...genuine, vnp_Amount: '100' };
    expect(await ipn({ ...wrongAmount, vnp_SecureHash: signParams(wrongAmount, hashSecret) })).toMatchObject({ RspCode: '04' });
    expect(await t.sql(`select status from payment_order where txn_ref = $1`, [order.order.txnRef])).toEqual([{ status: 'PENDING' }]);
    expect(await t.sql(`select 1 from tax_payment p join tax_notice n on n.id = p.notice_id where n.dossier_id = $1`, [filed.id])).toHaveLength(0);
    expect((await landView(filed.id, 'citizen.an')).nationalStatus.code).toBe(6);
    const rejected = await t.sql(`select outcome, signature_valid from payment_callback where txn_ref = $1 order by received_at, id`, [order.order.txnRef]);
    expect(rejected).toEqual([{ outcome: '97', signature_valid: false }, { outcome: '97', signature_valid: false }, { outcome: '04', signature_valid: true }]);

    // The sandbox gateway takes the payment, calls the IPN, then sends the browser back.
    const back = await fetch(`${order.paymentUrl}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const returned = await fetch(back.headers.get('location')!);
    expect(await returned.text()).toContain('Thanh toán thành công');
    await t.settled();
    const afterPay = await landView(filed.id, 'citizen.an');
    expect(afterPay.nationalStatus.code).toBe(4);
    expect(afterPay.holdingAgency.code).toBe(TAX);
    expect(afterPay.payments).toEqual([{ status: 'PAID', amountVnd: total, gatewayTransactionNo: expect.any(String) }]);
    expect(afterPay.taxNotices.every((n: any) => n.status === 'PAID')).toBe(true);
    const paidRows = await t.sql(`select sum(p.amount_vnd)::float8 as total, count(*)::int as n, min(p.method::text) as method from tax_payment p join tax_notice n on n.id = p.notice_id where n.dossier_id = $1`, [filed.id]);
    expect(paidRows[0]).toMatchObject({ total, method: 'ONLINE' });

    // The same genuine callback again (a replay): acknowledged, nothing changes.
    const [ipnCall] = await t.sql(`select params from payment_callback where txn_ref = $1 and kind = 'IPN' and outcome = '00'`, [order.order.txnRef]);
    const versionBefore = afterPay.version;
    expect(await ipn(ipnCall.params)).toMatchObject({ RspCode: '02' });
    expect((await landView(filed.id, 'citizen.an')).version).toBe(versionBefore);
    expect((await t.sql(`select count(*)::int as n from tax_payment p join tax_notice n on n.id = p.notice_id where n.dossier_id = $1`, [filed.id]))[0].n).toBe(paidRows[0].n);

    // 7. Tax confirms and hands it back; it no longer sees the applicant's data, only the course.
    const home = await t.act('tax.specialist', filed.id, versionBefore, 'returnToLand');
    expect(home.holdingAgency.code).toBe(LAND_OFFICE);
    const taxAfter = await landView(filed.id, 'tax.specialist');
    expect(taxAfter.applicant.idNumber).not.toBe(CITIZEN_AN.identityNumber);
    expect(taxAfter.availableActions).toEqual([]);
    // … nor the register entries behind it, nor the messages sent to the applicant.
    expect(taxAfter.certificate).toBeNull();
    expect(taxAfter.landParcels).toEqual([]);
    const messages = await t.raw({ query: `query($id: ID) { notifications(filter: { dossierId: $id }) { edges { node { recipient } } } }`, variables: { id: filed.id } }, await t.login('tax.specialist'));
    expect(messages.errors).toBeUndefined();
    expect(messages.data.notifications.edges).toEqual([]);
    const byLand = await t.raw({ query: `query($id: ID) { notifications(filter: { dossierId: $id }) { edges { node { recipient } } } }`, variables: { id: filed.id } }, await t.login('landreg.specialist'));
    expect(byLand.data.notifications.edges.length).toBeGreaterThan(0);

    // 8. Land approves: the old certificate is replaced, a new one issued to the transferee, the parcel history shows the transfer.
    v = (await t.act('landreg.leader', filed.id, home.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') })).version;
    v = (await t.act('landreg.specialist', filed.id, v, 'submitForApproval')).version;
    const approved = await t.act('landreg.leader', filed.id, v, 'approve');
    expect(approved.nationalStatus.code).toBe(9);
    const certs = await t.sql(`select c.serial, c.status, r.serial as "replacedBy", (select string_agg(h.id_number, ',') from land_certificate_holder ch join land_holder h on h.id = ch.holder_id where ch.certificate_id = r.id) as "newHolders"
      from land_certificate c left join land_certificate r on r.id = c.replaced_by_id where c.serial = $1`, [c.serial]);
    expect(certs[0]).toMatchObject({ status: 'REPLACED', newHolders: CITIZEN_AN.identityNumber });
    const parcelHistory = await t.sql(`select r.kind, r.dossier_code as "dossierCode" from land_parcel_registration r join land_parcel p on p.id = r.parcel_id
      where p.commune_code = $1 and p.map_sheet = $2 and p.parcel_number = $3 order by r.at desc, r.id desc limit 1`, [c.communeCode, c.mapSheet, c.parcelNumber]);
    expect(parcelHistory[0]).toEqual({ kind: 'TRANSFER', dossierCode: code });
    const done = await t.act('landreg.reception', filed.id, approved.version, 'returnResult');
    expect(done.nationalStatus.code).toBe(10);

    // One code from start to end; the stints show who held it and for how long.
    const final = await landView(filed.id, 'landreg.leader');
    expect(final.certificate).toMatchObject({ status: 'REPLACED', serial: c.serial });
    expect(final.agencyStints.map((s: any) => s.agency.code)).toEqual([LAND_OFFICE, TAX, LAND_OFFICE]);
    expect(final.agencyStints.every((s: any) => s.endedAt !== null || s === final.agencyStints.at(-1))).toBe(true);
    expect(final.agencyStints[1].workingHours).toBeGreaterThanOrEqual(0);
    expect(new Set((await t.sql(`select distinct d.code from dossier d join dossier_history h on h.dossier_id = d.id where d.id = $1`, [filed.id])).map((r) => r.code))).toEqual(new Set([code]));

    // The statistics count the online payment for tax.
    const stats = await t.raw({ query: `query { dossierStatistics(filter: { from: "2026-11-01", to: "2026-11-30", agencyCodes: ["${TAX}"] }) { __typename ... on DossierStatistics { total { paid paidOnline paidOnlineVnd transferredIn transferredOut } } } }` }, await t.login('analyst'));
    expect(stats.data.dossierStatistics.total).toEqual({ paid: 1, paidOnline: 1, paidOnlineVnd: total, transferredIn: 1, transferredOut: 1 });
  });

  it('files a transfer of a replaced certificate by a non-holder without a word about it, and the land office refuses to send it to tax', async () => {
    const [replaced] = await t.sql(`select c.serial, p.commune_code as "communeCode", p.map_sheet as "mapSheet", p.parcel_number as "parcelNumber", h.name as "holderName", h.id_number as "holderId"
      from land_certificate c join land_certificate_parcel cp on cp.certificate_id = c.id join land_parcel p on p.id = cp.parcel_id
      join land_certificate_holder ch on ch.certificate_id = c.id join land_holder h on h.id = ch.holder_id where c.status = 'REPLACED' limit 1`);
    const before = (await t.sql(`select count(*)::int as n from dossier`))[0].n;
    const r = await t.gql(SubmitDossierDocument, {
      input: {
        procedureCode: TRANSFER,
        applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber },
        files: ['TP1', 'TP2', 'TP3', 'TP4', 'TP5'].map(pdf),
        formData: landTransferForm({ ...replaced, area: 0, purposeCode: '' }, 2_000_000_000),
      },
    } as never, await t.login('citizen.an'));
    // citizen.an does not hold it: the register says nothing to her (issue 13 #10) …
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    expect(JSON.stringify(r.data)).not.toMatch(/thay thế|replaced/);
    expect((await t.sql(`select count(*)::int as n from dossier`))[0].n).toBe(before + 1);
    // … and the land officer, who reads the register, is told at the first step that uses it.
    const filed = r.data.submitDossier.dossier;
    let v = (await t.act('landreg.reception', filed.id, filed.version, 'receive')).version;
    v = (await t.act('landreg.leader', filed.id, v, 'assign', { assigneeId: await t.accountId('landreg.specialist') })).version;
    const sent = await t.raw({ query: `mutation($input: PerformDossierActionInput!) { performDossierAction(input: $input) { __typename ... on ValidationFailed { fieldErrors { field message } } } }`, variables: { input: { dossierId: filed.id, action: 'sendToTax', expectedVersion: v } } }, await t.login('landreg.specialist'));
    expect(sent.data.performDossierAction.__typename).toBe('ValidationFailed');
    expect(JSON.stringify(sent.data)).toMatch(/thay thế/);
  });

  it('does not show a certificate named in a form to an applicant who does not hold it', async () => {
    const c = await certificateOf(t);
    const r = await t.gql(SubmitDossierDocument, {
      input: {
        procedureCode: '1.011543',
        applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber },
        files: ['TP1', 'TP2', 'TP3'].map(pdf),
        formData: { certificateSerial: c.serial, mortgagee: { name: 'Ngân hàng TMCP Công Thương Việt Nam', taxCode: '0100111948' }, securedAmountVnd: 500_000_000, contractNumber: '99/2026/HĐTC', contractDate: '2026-11-20' },
      },
    } as never, await t.login('citizen.an'));
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const id = r.data.submitDossier.dossier.id;
    const asApplicant = await t.raw({ query: `query($id: String!) { dossier(id: $id) { certificate { serial holders { name } } } }`, variables: { id } }, await t.login('citizen.an'));
    expect(asApplicant.data.dossier.certificate).toBeNull();
    const asOfficer = await t.raw({ query: `query($id: String!) { dossier(id: $id) { certificate { serial holders { name } } } }`, variables: { id } }, await t.login('landreg.reception'));
    expect(asOfficer.data.dossier.certificate).toEqual({ serial: c.serial, holders: [{ name: c.holderName }] });
  });

  it('answers a forged parcel cursor with BAD_USER_INPUT', async () => {
    const after = Buffer.from(JSON.stringify([1e12, 1])).toString('base64url');
    const r = await t.raw({ query: `query($after: String) { landParcels(filter: { communeCode: "24781" }, after: $after) { edges { cursor } } }`, variables: { after } });
    expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a tax assessment by a land officer, and one while land still holds the dossier', async () => {
    const c = await certificateOf(t, 1);
    const filed = await fileTransfer(c, 3_000_000_000);
    const v = (await t.act('landreg.reception', filed.id, filed.version, 'receive')).version;
    const r = await t.raw({ query: ASSESS, variables: { input: { dossierId: filed.id, expectedVersion: v } } }, await t.login('landreg.specialist'));
    expect(r.data.assessLandTransferObligations.__typename).toBe('NotAuthorized');
    // Tax cannot even see it before the hand-over.
    const byTax = await t.raw({ query: ASSESS, variables: { input: { dossierId: filed.id, expectedVersion: v } } }, await t.login('tax.specialist'));
    expect(byTax.data.assessLandTransferObligations.__typename).toBe('DossierNotFound');
  });
});

describe('a land-only server', () => {
  let land: TestApp;
  beforeAll(async () => {
    land = await startTestApp({ modules: ['land'] });
  });
  afterAll(async () => {
    await land?.stop();
  });

  it('says clearly that the tax agency is not available instead of failing obscurely', async () => {
    const saved = t;
    t = land;
    try {
      const c = await certificateOf(t, 0, false);
      const filed = await fileTransfer(c, 3_000_000_000);
      let v = (await t.act('landreg.reception', filed.id, filed.version, 'receive')).version;
      v = (await t.act('landreg.leader', filed.id, v, 'assign', { assigneeId: await t.accountId('landreg.specialist') })).version;
      const r = await t.raw({ query: `mutation($input: PerformDossierActionInput!) { performDossierAction(input: $input) { __typename ... on ErrorResult { code message } } }`, variables: { input: { dossierId: filed.id, action: 'sendToTax', expectedVersion: v } } }, await t.login('landreg.specialist'));
      expect(r.data.performDossierAction).toMatchObject({ __typename: 'ServiceUnavailable', code: 'SERVICE_UNAVAILABLE' });
      expect(r.data.performDossierAction.message).toMatch(/chưa được kết nối/);
      // Nothing moved: still at the land office, same version, no cadastral sheet.
      const d = await dossier(filed.id, 'landreg.specialist');
      expect(d).toMatchObject({ version: v, holdingAgency: { code: LAND_OFFICE } });
      expect(await t.sql(`select 1 from dossier_record where dossier_id = $1`, [filed.id])).toHaveLength(0);
    } finally {
      t = saved;
    }
  });
});
