import { SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, landTransferForm, pdfFiles, startTestApp, TestApp, transferableCertificate } from '../support/harness';

/**
 * Issue 13, personal-data access log, for the dossier applicant: an officer's read of the
 * applicant's unmasked identity number or contacts is logged for the applicant, in the same
 * statement on the SQL-compiled list and before the answer on the resolvers, with the same rows
 * either way; an observer (who sees them masked) and the applicant themself leave none.
 */

const MORTGAGE = '1.011543'; // land registration office 000.13.01.H37
const LANDREG = '000.13.01.H37';
const INBOX = `query Inbox { dossiers(first: 20) { edges { node { code applicant { name idNumber phone } } } } }`;
const NAMES_ONLY = `query Names { dossiers(first: 20) { edges { node { code applicant { name } } } } }`;
const FORM = `query Form($id: String!) { dossier(id: $id) { code formData } }`;

let fast: TestApp;
let slow: TestApp;
let code: string;
let id: string;
beforeAll(async () => {
  fast = await startTestApp({ env: { SQL_FAST_PATH: 'true' } });
  slow = await startTestApp({ sameDatabaseAs: fast, env: { SQL_FAST_PATH: 'false' } });
  const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone, address: '12 Trần Phú, Đà Lạt' };
  const r = await fast.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, files: pdfFiles(['TP1', 'TP2', 'TP3']) } }, await fast.login('citizen.an'));
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  code = r.data.submitDossier.dossier.code;
  id = r.data.submitDossier.dossier.id;
});
afterAll(async () => {
  await slow?.stop();
  await fast?.stop();
});

const rows = () => fast.sql<{ account_name: string; agency_id: string | null; record_label: string; fields: string[]; purpose: string }>(
  `select account_name, agency_id::text, record_label, fields, purpose from personal_data_access where subject_id_number = $1 and record_type = 'dossier' order by id`,
  [CITIZEN_AN.identityNumber],
);

describe('an officer reads the applicant’s identity number and phone in the inbox', () => {
  it('leaves the same row on the compiled list and on the resolvers, written with the read', async () => {
    const before = (await rows()).length;
    const token = await fast.login('landreg.specialist');
    const a = await fast.raw({ query: INBOX }, token);
    expect(a.errors).toBeUndefined();
    expect(a.extensions?.sqlStatements).toBe(1); // the log row is written by the list's own statement
    const mine = a.data.dossiers.edges.find((e: { node: { code: string } }) => e.node.code === code);
    expect(mine.node.applicant.idNumber).toBe(CITIZEN_AN.identityNumber);
    const afterFast = await rows();
    expect(afterFast.length).toBe(before + 1);

    const b = await slow.raw({ query: INBOX }, await slow.login('landreg.specialist'));
    expect(b.data).toEqual(a.data);
    const afterSlow = await rows();
    expect(afterSlow.length).toBe(before + 2);
    const [x, y] = afterSlow.slice(-2);
    const agency = (await fast.sql<{ id: string }>('select id::text from agency where code = $1', [LANDREG]))[0].id;
    for (const r of [x, y]) {
      expect(r).toMatchObject({ record_label: code, fields: ['idNumber', 'name', 'phone'], purpose: 'query Inbox › dossiers.edges.node.applicant', agency_id: agency });
    }
    // Both paths write the same row.
    expect(x).toEqual(y);
  });

  it('is in the applicant’s myDataAccessLog', async () => {
    const r = await fast.raw({ query: `{ myDataAccessLog(first: 50) { ... on PersonalDataAccessConnection { edges { node { recordType recordLabel fields readerName } } } } }` }, await fast.login('citizen.an'));
    expect(r.data.myDataAccessLog.edges.map((e: { node: unknown }) => e.node)).toContainEqual(expect.objectContaining({ recordType: 'dossier', recordLabel: code, fields: ['idNumber', 'name', 'phone'] }));
  });

  it('reading the form is logged too (resolvers)', async () => {
    const before = (await rows()).length;
    const r = await fast.raw({ query: FORM, variables: { id } }, await fast.login('landreg.specialist'));
    expect(r.errors).toBeUndefined();
    expect(r.data.dossier.formData).toBeTruthy();
    const after = await rows();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ fields: ['formData'], purpose: 'query Form › dossier.formData' });
  });
});

describe('reads that show nothing masked leave no row', () => {
  it('an analyst sees the number masked: no row, on either path', async () => {
    const before = (await rows()).length;
    for (const app of [fast, slow]) {
      const r = await app.raw({ query: INBOX }, await app.login('analyst'));
      const mine = r.data.dossiers.edges.find((e: { node: { code: string } }) => e.node.code === code);
      expect(mine.node.applicant.idNumber).not.toBe(CITIZEN_AN.identityNumber);
    }
    expect((await rows()).length).toBe(before);
  });

  it('the applicant reading their own dossier, or an officer selecting the name only: no row', async () => {
    const before = (await rows()).length;
    for (const app of [fast, slow]) {
      // Both reads answer, with the dossier: they were read and left no row, not refused.
      const own = await app.raw({ query: INBOX }, await app.login('citizen.an'));
      const names = await app.raw({ query: NAMES_ONLY }, await app.login('landreg.specialist'));
      for (const r of [own, names]) {
        expect(r.errors).toBeUndefined();
        expect(r.data.dossiers.edges.map((e: { node: { code: string } }) => e.node.code)).toContain(code);
      }
    }
    expect((await rows()).length).toBe(before);
  });
});

describe('notification recipients are the applicant’s contacts', () => {
  const NOTIFICATIONS = `query Sent { notifications(first: 20) { edges { node { dossierCode channel recipient } } } }`;

  it('an officer reading them unmasked leaves a row; a system admin (masked) and a selection without them leave none', async () => {
    const d = await fast.raw({ query: `query V($id: String!) { dossier(id: $id) { version } }`, variables: { id } }, await fast.login('landreg.reception'));
    await fast.act('landreg.reception', id, d.data.dossier.version, 'receive');
    await fast.settled();

    const before = (await rows()).length;
    const r = await fast.raw({ query: NOTIFICATIONS }, await fast.login('landreg.reception'));
    const mine = r.data.notifications.edges.map((e: { node: { dossierCode: string; recipient: string } }) => e.node).filter((n: { dossierCode: string }) => n.dossierCode === code);
    expect(mine.map((n: { recipient: string }) => n.recipient).sort()).toEqual([CITIZEN_AN.email, CITIZEN_AN.phone].sort());
    const after = await rows();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ record_label: code, fields: ['email', 'phone'], purpose: 'query Sent › notifications' });

    // The system admin sees the recipients masked, and a selection without them reads none: no row.
    const admin = await fast.raw({ query: NOTIFICATIONS }, await fast.login('admin'));
    const seen = admin.data.notifications.edges.map((e: { node: { dossierCode: string; recipient: string } }) => e.node).filter((n: { dossierCode: string }) => n.dossierCode === code);
    expect(seen.length).toBe(2);
    for (const n of seen) expect([CITIZEN_AN.email, CITIZEN_AN.phone]).not.toContain(n.recipient);
    const noRecipient = await fast.raw({ query: `{ notifications(first: 20) { edges { node { dossierCode kind } } } }` }, await fast.login('landreg.reception'));
    expect(noRecipient.data.notifications.edges.map((e: { node: { dossierCode: string } }) => e.node.dossierCode)).toContain(code);
    expect((await rows()).length).toBe(before + 1);
  });
});

describe('an attachment is the applicant’s data as much as the form', () => {
  it('an officer downloading it leaves a row; the applicant downloading their own leaves none', async () => {
    const token = await fast.login('landreg.specialist');
    const d = await fast.raw({ query: `query F($id: String!) { dossier(id: $id) { files { id downloadPath } } }`, variables: { id } }, token);
    const file = d.data.dossier.files[0];
    const base = fast.url.replace(/\/graphql$/, '');
    const before = (await rows()).length;
    const res = await fetch(base + file.downloadPath, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const after = await rows();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ record_label: code, fields: ['files'], purpose: `GET /files/${file.id}` });

    const own = await fetch(base + file.downloadPath, { headers: { authorization: `Bearer ${await fast.login('citizen.an')}` } });
    expect(own.status).toBe(200);
    expect((await rows()).length).toBe(before + 1);
  });
});

describe('a tax officer assessing a land transfer reads the payers’ numbers', () => {
  it('in the mutation’s own obligations list: logged for each individual payer, as on a notice', async () => {
    const c = await transferableCertificate(fast);
    const formData = landTransferForm(c, 2_000_000_000);
    const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email };
    const r = await fast.gql(SubmitDossierDocument, { input: { procedureCode: '1.013831', formData, applicant, files: pdfFiles(['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) } }, await fast.login('citizen.an'));
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const d = r.data.submitDossier.dossier;
    let v = (await fast.act('landreg.reception', d.id, d.version, 'receive')).version;
    v = (await fast.act('landreg.leader', d.id, v, 'assign', { assigneeId: await fast.accountId('landreg.specialist') })).version;
    v = (await fast.act('landreg.specialist', d.id, v, 'sendToTax')).version;
    v = (await fast.act('tax.leader', d.id, v, 'assign', { assigneeId: await fast.accountId('tax.specialist') })).version;

    const payerRows = () => fast.sql<{ subject_id_number: string; fields: string[]; purpose: string }>(
      `select subject_id_number, fields, purpose from personal_data_access where record_type = 'tax-obligation' and record_label = $1 order by id`, [`HS ${d.code}`]);
    const ASSESS = `mutation Assess($input: AssessLandTransferObligationsInput!) { assessLandTransferObligations(input: $input) {
      __typename ... on TaxAssessmentPayload { obligations { kind payerIdNumber amountVnd } } } }`;
    const a = await fast.raw({ query: ASSESS, variables: { input: { dossierId: d.id, expectedVersion: v } } }, await fast.login('tax.specialist'));
    expect(a.data.assessLandTransferObligations.obligations.map((o: { payerIdNumber: string }) => o.payerIdNumber)).toContain(c.holderId);
    const rowsNow = await payerRows();
    expect(rowsNow.map((x) => x.subject_id_number)).toContain(c.holderId);
    expect(rowsNow.find((x) => x.subject_id_number === c.holderId)).toMatchObject({ fields: ['amountVnd', 'payerIdNumber'], purpose: 'mutation Assess › assessLandTransferObligations' });
  });
});
