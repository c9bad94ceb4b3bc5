import { taxCodeProblem } from '../../../src/kernel';
import { CITIZEN_AN, CITIZEN_BINH, startTestApp, TestApp } from '../../../test/support/harness';
import { taxModule } from '../tax.module';
import { LAND_TRANSFER_DECLARATION, REGISTRATION_CHANGE, REGISTRATION_ORGANISATION, TAX_AGENCY_CODE } from '../procedures';
import { TAX_DEMO } from '../seed';

/**
 * The tax module over the API with only the tax module running: taxpayers and who may see them,
 * declarations (bad input writes nothing, duplicates and stale versions are refused), a
 * registration dossier that creates a taxpayer, and a land transfer declared directly with tax
 * from assessment to notice to a counter payment.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['tax'] });
});
afterAll(async () => {
  await t?.stop();
});

const ERRORS = `__typename ... on ErrorResult { code message ... on ValidationFailed { fieldErrors { field message } } ... on VersionConflict { expectedVersion actualVersion } }`;

async function gql(user: string | null, query: string, variables: Record<string, unknown> = {}) {
  const r = await t.raw({ query, variables }, user ? await t.login(user) : undefined);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const count = async (table: string) => (await t.sql(`select count(*)::int as n from ${table}`))[0].n as number;

const TAXPAYER = `query($code: String!) { taxpayer(taxCode: $code) { ${ERRORS}
  ... on Taxpayer { id kind taxCode parentTaxCode name address status version managingAgency { code }
    declarations(first: 3) { edges { node { id formCode periodStart status } } pageInfo { hasNextPage endCursor } }
    obligations { kind amountVnd status } } } }`;

describe('taxpayers', () => {
  it('are shown to themselves and to tax officers, and to nobody else', async () => {
    const own = (await gql('citizen.an', TAXPAYER, { code: CITIZEN_AN.identityNumber })).taxpayer;
    expect(own).toMatchObject({ __typename: 'Taxpayer', kind: 'INDIVIDUAL', taxCode: CITIZEN_AN.identityNumber, name: CITIZEN_AN.fullName, managingAgency: { code: TAX_AGENCY_CODE } });
    expect(own.address).toMatch(/Xuân Hương/);

    expect((await gql('citizen.binh', TAXPAYER, { code: CITIZEN_AN.identityNumber })).taxpayer).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect((await gql('citizen.binh', TAXPAYER, { code: TAX_DEMO.organisation.taxCode })).taxpayer.__typename).toBe('NotAuthorized');
    expect((await gql('ubnd.specialist', TAXPAYER, { code: TAX_DEMO.organisation.taxCode })).taxpayer.__typename).toBe('NotAuthorized');

    const org = (await gql('org.langbiang', TAXPAYER, { code: TAX_DEMO.organisation.taxCode })).taxpayer;
    expect(org).toMatchObject({ __typename: 'Taxpayer', kind: 'ORGANIZATION', name: TAX_DEMO.organisation.name });
    expect(org.declarations.edges).toHaveLength(3);
    expect(org.declarations.pageInfo.hasNextPage).toBe(true);

    const branch = (await gql('tax.specialist', TAXPAYER, { code: TAX_DEMO.parent.branchTaxCode })).taxpayer;
    expect(branch).toMatchObject({ kind: 'BRANCH', parentTaxCode: TAX_DEMO.parent.taxCode });

    // Analysts see individuals' identity numbers masked, so they cannot look one up by it: the
    // same refusal for a taxpayer that exists and one that does not (issue 13, no oracles).
    const known = (await gql('analyst', TAXPAYER, { code: CITIZEN_AN.identityNumber })).taxpayer;
    const unknown = (await gql('analyst', TAXPAYER, { code: '068099000011' })).taxpayer;
    expect(known).toEqual(unknown);
    expect(known.__typename).toBe('NotAuthorized');
  });

  it('page their declarations with a cursor', async () => {
    const q = `query($code: String!, $after: String) { taxpayer(taxCode: $code) { ... on Taxpayer { declarations(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await gql('org.langbiang', q, { code: TAX_DEMO.organisation.taxCode, after })).taxpayer.declarations;
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const [{ n }] = await t.sql(`select count(*)::int as n from tax_declaration d join tax_taxpayer p on p.id = d.taxpayer_id where p.tax_code = $1`, [TAX_DEMO.organisation.taxCode]);
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('refuse a malformed tax code as a field error', async () => {
    const r = (await gql('tax.specialist', TAXPAYER, { code: '5800123470' })).taxpayer;
    expect(r).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'taxCode' }] });
    expect((await gql('tax.specialist', TAXPAYER, { code: '5890000017' })).taxpayer.__typename).toBe('TaxpayerNotFound');
  });
});

const FILE = `mutation($input: FileTaxDeclarationInput!) { fileTaxDeclaration(input: $input) { ${ERRORS}
  ... on AlreadyExists { existingId }
  ... on TaxDeclarationPayload { declaration { id formCode periodKind periodStart periodEnd taxableAmountVnd taxAmountVnd status version } } } }`;
const DECIDE = `mutation($input: DecideTaxDeclarationInput!) { decideTaxDeclaration(input: $input) { ${ERRORS}
  ... on TaxDeclarationPayload { declaration { id status reason decidedByName version } } } }`;

describe('declarations', () => {
  const quarterly = { taxCode: TAX_DEMO.organisation.taxCode, formCode: '05/KK-TNCN', periodKind: 'QUARTER', periodStart: '2026-07-01', taxableAmountVnd: 3_450_000_000, taxAmountVnd: 186_500_000 };

  it('write nothing on bad input, and refuse other people', async () => {
    const before = await count('tax_declaration');
    const bad = (await gql('org.langbiang', FILE, { input: { ...quarterly, taxCode: '5800123471', periodStart: '2026-08-01', taxAmountVnd: -1 } })).fileTaxDeclaration;
    expect(bad.__typename).toBe('ValidationFailed');
    expect(bad.fieldErrors.map((e: any) => e.field).sort()).toEqual(['periodStart', 'taxAmountVnd', 'taxCode']);
    const future = (await gql('org.langbiang', FILE, { input: { ...quarterly, periodStart: '2027-01-01' } })).fileTaxDeclaration;
    expect(future).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'periodStart' }] });
    const wrongForm = (await gql('org.langbiang', FILE, { input: { ...quarterly, formCode: '03/TNDN' } })).fileTaxDeclaration;
    expect(wrongForm).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'periodKind' }] });
    expect((await gql('citizen.binh', FILE, { input: quarterly })).fileTaxDeclaration.__typename).toBe('NotAuthorized');
    expect(await count('tax_declaration')).toBe(before);
  });

  it('are filed once per form and period, then accepted or rejected by the tax office with the version it saw', async () => {
    const filed = (await gql('org.langbiang', FILE, { input: quarterly })).fileTaxDeclaration;
    expect(filed.declaration).toMatchObject({ status: 'FILED', periodEnd: '2026-09-30', taxableAmountVnd: 3_450_000_000, taxAmountVnd: 186_500_000, version: 1 });
    const [row] = await t.sql(`select status, tax_amount_vnd::bigint as amount, filed_by_name from tax_declaration where id = $1`, [filed.declaration.id]);
    expect(row).toMatchObject({ status: 'FILED', amount: '186500000', filed_by_name: TAX_DEMO.organisation.name });

    const before = await count('tax_declaration');
    const again = (await gql('org.langbiang', FILE, { input: { ...quarterly, taxAmountVnd: 1 } })).fileTaxDeclaration;
    expect(again).toMatchObject({ __typename: 'AlreadyExists', existingId: filed.declaration.id });
    expect(await count('tax_declaration')).toBe(before);
    // A supplementary declaration of the same period is a separate, allowed filing.
    const supplement = (await gql('org.langbiang', FILE, { input: { ...quarterly, taxAmountVnd: 190_000_000, supplementary: true } })).fileTaxDeclaration;
    expect(supplement.__typename).toBe('TaxDeclarationPayload');

    const id = filed.declaration.id;
    expect((await gql('citizen.an', DECIDE, { input: { declarationId: id, expectedVersion: 1, accept: true } })).decideTaxDeclaration.__typename).toBe('NotAuthorized');
    const noReason = (await gql('tax.specialist', DECIDE, { input: { declarationId: id, expectedVersion: 1, accept: false } })).decideTaxDeclaration;
    expect(noReason).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'reason' }] });
    const accepted = (await gql('tax.specialist', DECIDE, { input: { declarationId: id, expectedVersion: 1, accept: true } })).decideTaxDeclaration;
    expect(accepted.declaration).toMatchObject({ status: 'ACCEPTED', decidedByName: 'Phan Văn Đức', version: 2 });
    const stale = (await gql('tax.leader', DECIDE, { input: { declarationId: id, expectedVersion: 1, accept: false, reason: 'Sai chỉ tiêu' } })).decideTaxDeclaration;
    expect(stale).toMatchObject({ __typename: 'VersionConflict', expectedVersion: 1, actualVersion: 2 });
    const [after] = await t.sql(`select status, reason, version from tax_declaration where id = $1`, [id]);
    expect(after).toEqual({ status: 'ACCEPTED', reason: null, version: 2 });
  });
});

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { ${ERRORS} ... on DossierPayload { dossier { id version state { key } } } } }`;

async function receive(procedureCode: string, applicant: Record<string, unknown>, formData: Record<string, unknown>) {
  return (await gql('tax.reception', RECEIVE, { input: { procedureCode, channel: 'COUNTER', applicant, formData } })).receiveDossier;
}

/** Reception → assignment to the specialist: the dossier in appraisal. */
async function intoAppraisal(procedureCode: string, applicant: Record<string, unknown>, formData: Record<string, unknown>) {
  const r = await receive(procedureCode, applicant, formData);
  if (r.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return t.act('tax.leader', r.dossier.id, r.dossier.version, 'assign', { assigneeId: await t.accountId('tax.specialist') });
}

describe('a registration dossier', () => {
  const founder = { kind: 'PERSON', name: 'Đoàn Minh Tuấn', idNumber: '068087002468', phone: '0918234567' };
  const form = { name: 'Công ty TNHH Dâu tây Đà Lạt Farm', address: '102 Đường Mai Anh Đào, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng', legalRepresentative: 'Đoàn Minh Tuấn', businessLines: ['0118 Trồng rau, đậu các loại và trồng hoa'] };

  it('with a bad form is refused at reception and writes nothing', async () => {
    const before = await count('dossier');
    const r = await receive(REGISTRATION_ORGANISATION, founder, { ...form, name: '', parentTaxCode: '5890000017', businessLines: [] });
    expect(r.__typename).toBe('ValidationFailed');
    expect(r.fieldErrors.map((e: any) => e.field).sort()).toEqual(['formData.businessLines', 'formData.name', 'formData.parentTaxCode']);
    expect(await count('dossier')).toBe(before);
  });

  it('approved, gives the organisation a new valid tax code, and a branch its parent’s code with a suffix', async () => {
    let d = await intoAppraisal(REGISTRATION_ORGANISATION, founder, form);
    d = await t.act('tax.specialist', d.id, d.version, 'submitForApproval');
    d = await t.act('tax.leader', d.id, d.version, 'approve');
    const [created] = await t.sql(`select kind, tax_code, name, registration_dossier_id from tax_taxpayer where registration_dossier_id = $1`, [d.id]);
    expect(created).toMatchObject({ kind: 'ORGANIZATION', name: form.name });
    expect(created.tax_code).toMatch(/^589\d{7}$/);
    expect(taxCodeProblem(created.tax_code)).toBeNull();
    const [h] = await t.sql(`select data from dossier_history where dossier_id = $1 and action = 'approve'`, [d.id]);
    expect(h.data.taxCode).toBe(created.tax_code);

    let b = await intoAppraisal(REGISTRATION_ORGANISATION, { kind: 'ORGANIZATION', name: 'Công ty Cổ phần Du lịch Đà Lạt Xanh', idNumber: TAX_DEMO.parent.taxCode }, { ...form, name: 'Chi nhánh Đà Lạt Xanh tại Đức Trọng', parentTaxCode: TAX_DEMO.parent.taxCode });
    b = await t.act('tax.specialist', b.id, b.version, 'submitForApproval');
    b = await t.act('tax.leader', b.id, b.version, 'approve');
    const [branch] = await t.sql(`select kind, tax_code from tax_taxpayer where registration_dossier_id = $1`, [b.id]);
    expect(branch).toEqual({ kind: 'BRANCH', tax_code: `${TAX_DEMO.parent.taxCode}-002` });
  });

  it('of a change updates the registration on approval', async () => {
    let d = await intoAppraisal(REGISTRATION_CHANGE, { kind: 'ORGANIZATION', name: TAX_DEMO.organisation.name, idNumber: TAX_DEMO.organisation.taxCode }, { taxCode: TAX_DEMO.organisation.taxCode, changes: { address: '7 Đường Ba Tháng Hai, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' } });
    d = await t.act('tax.specialist', d.id, d.version, 'submitForApproval');
    await t.act('tax.leader', d.id, d.version, 'approve');
    const [row] = await t.sql(`select address, version from tax_taxpayer where tax_code = $1`, [TAX_DEMO.organisation.taxCode]);
    expect(row).toEqual({ address: '7 Đường Ba Tháng Hai, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng', version: 2 });
  });
});

const ASSESS = `mutation($input: AssessLandTransferObligationsInput!) { assessLandTransferObligations(input: $input) { ${ERRORS}
  ... on TaxNoticeAlreadyIssued { noticeNumber }
  ... on TaxAssessmentPayload { dossier { id version } obligations { kind kindName payerName baseAmountVnd rate amountVnd exemptionCode status } } } }`;
const ISSUE = `mutation($input: IssueTaxNoticeInput!) { issueTaxNotice(input: $input) { ${ERRORS}
  ... on TaxAssessmentPayload { dossier { id version } notice { id numberAndSymbol amountVnd dueAt status obligations { kind amountVnd status } } } } }`;

describe('a land transfer declared with tax', () => {
  const seller = { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber };
  const buyer = { kind: 'PERSON', name: CITIZEN_BINH.fullName, idNumber: CITIZEN_BINH.identityNumber, address: '3 Nguyễn Công Trứ, Bảo Lộc' };
  const sheet = {
    certificateSerial: 'DA 123456',
    parcels: [{ communeCode: '24781', communeName: 'Phường Xuân Hương - Đà Lạt', mapSheet: 12, parcelNumber: 345, areaM2: 120, purposeCode: 'ODT', useTerm: 'Lâu dài', address: '14 Hai Bà Trưng' }],
    transferors: [seller],
    transferees: [buyer],
    declaredPriceVnd: 2_500_000_000,
    relationship: 'NONE',
  };

  it('is assessed, corrected with a note, notified, and paid at the counter against a receipt', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = await intoAppraisal(LAND_TRANSFER_DECLARATION, { ...seller, phone: '0912345678' }, sheet);

    // No notice yet: the payment cannot be requested.
    const early = await t.raw({ query: `mutation($i: PerformDossierActionInput!) { performDossierAction(input: $i) { ${ERRORS} } }`, variables: { i: { dossierId: d.id, expectedVersion: d.version, action: 'requestPayment' } } }, await t.login('tax.specialist'));
    expect(early.data.performDossierAction).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ message: expect.stringMatching(/Chưa có thông báo nộp thuế/) }] });

    // Only the holding agency's specialists and leaders assess, on the version they saw.
    expect((await gql('citizen.an', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version } })).assessLandTransferObligations.__typename).toMatch(/NotAuthorized|DossierNotFound/);
    expect((await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version - 1 } })).assessLandTransferObligations.__typename).toBe('VersionConflict');

    const first = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version } })).assessLandTransferObligations;
    expect(first.__typename).toBe('TaxAssessmentPayload');
    expect(first.dossier.version).toBe(d.version + 1);
    expect(first.obligations.map((o: any) => [o.kind, o.payerName, o.baseAmountVnd, o.rate, o.amountVnd, o.status])).toEqual([
      ['PIT_REAL_ESTATE_TRANSFER', CITIZEN_AN.fullName, 3_600_000_000, '0.020000', 72_000_000, 'ASSESSED'],
      ['REGISTRATION_FEE_LAND', CITIZEN_BINH.fullName, 3_600_000_000, '0.005000', 18_000_000, 'ASSESSED'],
    ]);

    // A corrected price needs a note; a negative one is refused; neither writes anything.
    const rows = await count('tax_obligation');
    const noNote = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: first.dossier.version, correctedDeclaredPriceVnd: 4_200_000_000 } })).assessLandTransferObligations;
    expect(noNote).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'correctionNote' }] });
    const negative = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: first.dossier.version, correctedDeclaredPriceVnd: -1, correctionNote: 'x' } })).assessLandTransferObligations;
    expect(negative).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'correctedDeclaredPriceVnd' }] });
    expect(await count('tax_obligation')).toBe(rows);

    const note = 'Giá chuyển nhượng thực tế theo hợp đồng đặt cọc số 15/2026 là 4,2 tỷ đồng';
    const corrected = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: first.dossier.version, correctedDeclaredPriceVnd: 4_200_000_000, correctionNote: note } })).assessLandTransferObligations;
    expect(corrected.obligations.map((o: any) => o.amountVnd)).toEqual([84_000_000, 21_000_000]);
    const [h] = await t.sql(`select note, data from dossier_history where dossier_id = $1 and action = 'assessTaxObligations' order by at desc, id desc limit 1`, [d.id]);
    expect(h.note).toBe(note);
    expect(h.data).toMatchObject({ declaredPriceVnd: 2_500_000_000, correctedDeclaredPriceVnd: 4_200_000_000, officialValueVnd: 3_600_000_000, totalVnd: 105_000_000, cancelledObligations: 2 });
    const statuses = await t.sql(`select status, count(*)::int as n from tax_obligation where dossier_id = $1 group by 1 order by 1`, [d.id]);
    expect(statuses).toEqual([{ status: 'ASSESSED', n: 2 }, { status: 'CANCELLED', n: 2 }]);

    const issued = (await gql('tax.specialist', ISSUE, { input: { dossierId: d.id, expectedVersion: corrected.dossier.version } })).issueTaxNotice;
    expect(issued.__typename).toBe('TaxAssessmentPayload');
    expect(issued.notice).toMatchObject({ amountVnd: 105_000_000, status: 'NOTIFIED' });
    expect(issued.notice.numberAndSymbol).toMatch(/^\d{2,}\/TB-TLĐ$/);
    expect(issued.notice.obligations.map((o: any) => o.status)).toEqual(['NOTIFIED', 'NOTIFIED']);
    // 30 calendar days from Monday 23 November 2026: Wednesday 23 December, end of the day.
    expect(new Date(issued.notice.dueAt).toISOString().slice(0, 10)).toBe('2026-12-23');

    const again = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: issued.dossier.version } })).assessLandTransferObligations;
    expect(again).toMatchObject({ __typename: 'TaxNoticeAlreadyIssued', noticeNumber: issued.notice.numberAndSymbol });

    // What the kernel's gateway would charge.
    expect(await taxModule.payables!(t.app.services.orm.em.fork() as any, d.id)).toEqual([{ ref: issued.notice.id, label: `Thông báo nộp thuế số ${issued.notice.numberAndSymbol}`, amountVnd: 105_000_000 }]);

    let v = await t.act('tax.specialist', d.id, issued.dossier.version, 'requestPayment');
    expect(v.nationalStatus.code).toBe(6);
    const noReceipt = await t.raw({ query: `mutation($i: PerformDossierActionInput!) { performDossierAction(input: $i) { ${ERRORS} } }`, variables: { i: { dossierId: d.id, expectedVersion: v.version, action: 'pay', note: 'Đã nộp tiền' } } }, await t.login('tax.reception'));
    expect(noReceipt.data.performDossierAction).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'note' }] });
    expect(await count('tax_payment')).toBe(1); // the seed's one

    v = await t.act('tax.reception', d.id, v.version, 'pay', { note: 'Thu tiền mặt tại bộ phận một cửa, biên lai số 0012345' });
    expect(v.state.key).toBe('AWAITING_APPROVAL');
    const [pay] = await t.sql(`select p.amount_vnd::bigint as amount, p.method, p.reference, p.recorded_by_name from tax_payment p where p.notice_id = $1`, [issued.notice.id]);
    expect(pay).toEqual({ amount: '105000000', method: 'COUNTER', reference: '0012345', recorded_by_name: 'Bùi Thị Ngọc Lan' });

    const view = await gql('citizen.an', `query($id: String!) { dossier(id: $id) { taxNotices { numberAndSymbol status paidAmountVnd payments { method reference } obligations { kind status payerIdNumber } } } }`, { id: d.id });
    expect(view.dossier.taxNotices).toEqual([{ numberAndSymbol: issued.notice.numberAndSymbol, status: 'PAID', paidAmountVnd: 105_000_000, payments: [{ method: 'COUNTER', reference: '0012345' }], obligations: [
      { kind: 'PIT_REAL_ESTATE_TRANSFER', status: 'PAID', payerIdNumber: CITIZEN_AN.identityNumber },
      { kind: 'REGISTRATION_FEE_LAND', status: 'PAID', payerIdNumber: CITIZEN_BINH.identityNumber },
    ] }]);
    expect(await taxModule.payables!(t.app.services.orm.em.fork() as any, d.id)).toEqual([]);
    // Another citizen sees no notices of a dossier that is not theirs.
    expect((await gql('citizen.cuong', `query($id: ID!) { taxNotices(dossierId: $id) { id } }`, { id: d.id })).taxNotices).toEqual([]);
  });

  it('records an online payment only when it covers the notices exactly', async () => {
    t.clock.set('2026-11-24T02:00:00Z');
    let d = await intoAppraisal(LAND_TRANSFER_DECLARATION, { ...seller, phone: '0912345678' }, { ...sheet, relationship: 'PARENT_CHILD' });
    const a = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version } })).assessLandTransferObligations;
    expect(a.obligations.map((o: any) => [o.amountVnd, o.exemptionCode])).toEqual([[0, 'TNCN-D4K1'], [18_000_000, null]]);
    const n = (await gql('tax.specialist', ISSUE, { input: { dossierId: d.id, expectedVersion: a.dossier.version } })).issueTaxNotice.notice;
    expect(n.amountVnd).toBe(18_000_000);
    const hook = taxModule.dossierHooks!.find((h) => h.name === 'tax.recordPayment')!;
    const settled = taxModule.dossierHooks!.find((h) => h.name === 'tax.settledBeforeReturn')!;
    const em = t.app.services.orm.em.fork();
    const back = () => settled.run({ em: em.fork() as any, dossier: { id: d.id } as any, action: 'handBackStep', targetAgencyCode: null, note: null, now: t.clock.now(), actor: { accountId: null, name: 'x', agencyCode: TAX_AGENCY_CODE, platform: false } });
    expect(await back()).toMatchObject({ issues: [{ message: expect.stringMatching(/^Người nộp thuế chưa hoàn thành nghĩa vụ tài chính/) }] });
    const ctx = (amountVnd: number) => ({
      dossier: { id: d.id } as any, action: 'pay', targetAgencyCode: null, note: null, now: t.clock.now(),
      actor: { accountId: null, name: 'VNPay', agencyCode: null, platform: true },
      payment: { txnRef: 'OD20261124A1', gatewayTransactionNo: '14612345', amountVnd, items: [{ module: 'tax', ref: n.id, amountVnd }] },
    });
    const short = await em.transactional((tx) => hook.run({ ...ctx(17_000_000), em: tx as any }));
    expect(short).toMatchObject({ issues: [{ field: 'payment.items' }] });
    // A ref to another dossier's notice (the seed's) refuses the payment; nothing is recorded.
    const seeded = (await t.sql(`select id from tax_notice where dossier_id is null`)).map((r) => r.id as string);
    const items = [n.id, ...seeded].map((ref) => ({ module: 'tax', ref, amountVnd: 18_000_000 }));
    const otherDossiers = await em.transactional((tx) => hook.run({ ...ctx(18_000_000), payment: { ...ctx(18_000_000).payment, items }, em: tx as any }));
    expect(otherDossiers).toMatchObject({ issues: [{ field: 'payment.items' }] });
    expect(await count('tax_payment')).toBe(2);
    const paid = await em.transactional((tx) => hook.run({ ...ctx(18_000_000), em: tx as any }));
    expect(paid).toMatchObject({ data: { taxPaymentReference: 'OD20261124A1/14612345' } });
    const rows = await t.sql(`select n.status, o.status as obligation, p.method from tax_notice n join tax_obligation o on o.notice_id = n.id join tax_payment p on p.notice_id = n.id where n.id = $1 order by o.kind`, [n.id]);
    expect(rows).toEqual([{ status: 'PAID', obligation: 'PAID', method: 'ONLINE' }, { status: 'PAID', obligation: 'PAID', method: 'ONLINE' }]);
    // Paid, and the exempt PIT owes nothing: the dossier may go back to the land office.
    expect(await back()).toBeUndefined();
    void d;
  });

  it('cannot be assessed on a dossier without cadastral data', async () => {
    const d = await intoAppraisal(REGISTRATION_CHANGE, { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, { taxCode: CITIZEN_AN.identityNumber, changes: { address: '5 Đường Yersin, Phường Xuân Hương - Đà Lạt' } });
    const r = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version } })).assessLandTransferObligations;
    expect(r).toMatchObject({ __typename: 'CadastralDataMissing', message: expect.stringMatching(/^Chưa nhận được thông tin địa chính từ cơ quan đất đai/) });
  });

  it('without a price for the land is a typed error, and nothing is written', async () => {
    const d = await intoAppraisal(LAND_TRANSFER_DECLARATION, { ...seller, phone: '0912345678' }, { ...sheet, parcels: [{ ...sheet.parcels[0], communeCode: '24790', purposeCode: 'SKC' }] });
    const before = await count('tax_obligation');
    const r = (await gql('tax.specialist', ASSESS, { input: { dossierId: d.id, expectedVersion: d.version } })).assessLandTransferObligations;
    expect(r).toMatchObject({ __typename: 'LandPriceNotFound', code: 'LAND_PRICE_NOT_FOUND' });
    expect(await count('tax_obligation')).toBe(before);
    const [{ version }] = await t.sql(`select version from dossier where id = $1`, [d.id]);
    expect(version).toBe(d.version);
  });
});
