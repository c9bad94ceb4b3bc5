import { EntityManager } from '@mikro-orm/postgresql';
import type { DossierActionHook, HookDossier } from '../../../src/kernel';
import { pdfFiles, startTestApp, TestApp } from '../../../test/support/harness';
import type { CadastralData } from '../rules/cadastral-data';
import { LAND_PROCEDURE } from '../procedures';
import { LAND_DEMO, landDemoFormData } from '../seed';
import { landDossierHooks } from '../hooks';

/**
 * The land module over the API, alone on its server (MODULES=land): the register's public and
 * restricted faces, the form checks on submission (each refusal typed, nothing written), and
 * dossiers played through to approval that write the register, or are refused when the register
 * changed since submission.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['land'] });
});
afterAll(async () => {
  await t?.stop();
});

const PARCEL_FIELDS = `id communeCode commune { code name } mapSheet parcelNumber areaM2 purposeCode purposeName useTerm useUntil address hasValidCertificate mortgaged version
  certificates { serial status statusReason bookEntryNumber issuedOn issuingAgencyName dossierCode replacedBy { serial }
    holders { kind name idNumber address shareNote position } parcels { mapSheet parcelNumber } }
  history { kind at dossierCode certificateBeforeSerial certificateAfterSerial parties { role name } mortgageeName mortgageeTaxCode securedAmountVnd contractNumber contractDate note }`;

const PARCEL = `query($c: String!, $s: Int!, $n: Int!) { landParcel(communeCode: $c, mapSheet: $s, parcelNumber: $n) { ${PARCEL_FIELDS} } }`;

const RESULT = `__typename ... on DossierPayload { dossier { id code version state { key } } } ... on ErrorResult { code message } ... on ValidationFailed { fieldErrors { field message } }`;
const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { ${RESULT} } }`;
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { ${RESULT} } }`;
const PERFORM = `mutation($input: PerformDossierActionInput!) { performDossierAction(input: $input) { ${RESULT} } }`;
const DOSSIER = `query($id: String!) { dossier(id: $id) { id code version state { key }
  landParcels { communeCode mapSheet parcelNumber areaM2 hasValidCertificate mortgaged }
  certificate { serial status } issuedCertificates { serial status holders { name shareNote } parcels { parcelNumber } } } }`;

type Key = { communeCode: string; mapSheet: number; parcelNumber: number };

async function parcel(k: Key, user?: string) {
  const r = await t.raw({ query: PARCEL, variables: { c: k.communeCode, s: k.mapSheet, n: k.parcelNumber } }, user ? await t.login(user) : undefined);
  expect(r.errors).toBeUndefined();
  return r.data.landParcel;
}

const dossierCount = async () => (await t.sql('select count(*)::int as n from dossier'))[0].n as number;

const AN = LAND_DEMO.transfer.holder;
const BINH = LAND_DEMO.transfer.transferee;
const CUONG = { kind: 'PERSON', name: 'Lê Quốc Cường', idNumber: '067092007890' };

function transferForm(extra: Record<string, unknown> = {}) {
  return {
    parcels: [LAND_DEMO.transfer.parcel],
    certificateSerial: LAND_DEMO.transfer.certificateSerial,
    transferors: [AN],
    transferees: [BINH],
    declaredPriceVnd: 3_200_000_000,
    relationship: 'NONE',
    ...extra,
  };
}

/** A citizen files a transfer online with every required component. */
async function submitTransfer(formData: Record<string, unknown>, applicant: { kind: string; name: string; idNumber: string } = AN) {
  return t.raw(
    {
      query: SUBMIT,
      variables: { input: { procedureCode: LAND_PROCEDURE.TRANSFER, applicant: { kind: applicant.kind, name: applicant.name, idNumber: applicant.idNumber }, formData, files: pdfFiles(['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) } },
    },
    await t.login('citizen.an'),
  );
}

/** Expects a ValidationFailed naming exactly `field` (with `message` in its message) and no new dossier. */
async function expectRefused(submit: () => Promise<{ data?: any }>, field: string, message?: RegExp) {
  const before = await dossierCount();
  const r = await submit();
  const res = r.data?.submitDossier ?? r.data?.receiveDossier;
  expect(res).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
  expect(res.fieldErrors.map((e: { field: string }) => e.field)).toContain(field);
  if (message) expect(res.fieldErrors.find((e: { field: string }) => e.field === field).message).toMatch(message);
  expect(await dossierCount()).toBe(before);
  return res.fieldErrors as { field: string; message: string }[];
}

/** Receives a dossier at the counter of `desk` and walks it to the leader's desk. */
async function prepareApproval(desk: 'land' | 'landreg', procedureCode: string, applicant: { kind: string; name: string; idNumber: string }, formData: Record<string, unknown>) {
  const r = await t.raw({ query: RECEIVE, variables: { input: { procedureCode, channel: 'COUNTER', applicant, formData } } }, await t.login(`${desk}.reception`));
  expect(r.data?.receiveDossier).toMatchObject({ __typename: 'DossierPayload' });
  const d = r.data.receiveDossier.dossier;
  let v = (await t.act(`${desk}.reception`, d.id, d.version, 'assign', { assigneeId: await t.accountId(`${desk}.specialist`) })).version;
  v = (await t.act(`${desk}.specialist`, d.id, v, 'submitForApproval')).version;
  return { desk, id: d.id as string, code: d.code as string, version: v as number };
}

/** The leader approves; the result of the mutation is returned. */
async function approve(d: { desk: string; id: string; version: number }) {
  const r = await t.raw({ query: PERFORM, variables: { input: { dossierId: d.id, action: 'approve', expectedVersion: d.version } } }, await t.login(`${d.desk}.leader`));
  return r.data?.performDossierAction;
}

async function playToApproval(desk: 'land' | 'landreg', procedureCode: string, applicant: { kind: string; name: string; idNumber: string }, formData: Record<string, unknown>) {
  const d = await prepareApproval(desk, procedureCode, applicant, formData);
  return { ...d, approval: await approve(d) };
}

async function dossier(id: string, user: string) {
  const r = await t.raw({ query: DOSSIER, variables: { id } }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.dossier;
}

describe('the demo register', () => {
  it('holds realistic parcels in five communes, with replaced certificates and mortgages in force', async () => {
    const [s] = await t.sql(`select
      (select count(*)::int from land_parcel) as parcels,
      (select count(distinct commune_code)::int from land_parcel) as communes,
      (select count(*)::int from land_certificate where status = 'VALID') as valid,
      (select count(*)::int from land_certificate where status = 'REPLACED') as replaced,
      (select count(*)::int from land_holder where kind = 'PERSON' and id_number !~ '^0[0-9]{11}$') as bad_ids`);
    expect(s.parcels).toBeGreaterThanOrEqual(30);
    expect(s.communes).toBe(5);
    expect(s.valid).toBeGreaterThan(s.replaced);
    expect(s.replaced).toBeGreaterThanOrEqual(1);
    expect(s.bad_ids).toBe(0);
    const certs = await t.sql(`select serial, status from land_certificate where serial = any($1) order by serial`, [
      [LAND_DEMO.transfer.certificateSerial, LAND_DEMO.replaced.certificateSerial, LAND_DEMO.replaced.currentCertificateSerial, LAND_DEMO.mortgaged.certificateSerial, LAND_DEMO.revoked.certificateSerial],
    ]);
    expect(Object.fromEntries(certs.map((c) => [c.serial, c.status]))).toEqual({
      [LAND_DEMO.transfer.certificateSerial]: 'VALID',
      [LAND_DEMO.replaced.certificateSerial]: 'REPLACED',
      [LAND_DEMO.replaced.currentCertificateSerial]: 'VALID',
      [LAND_DEMO.mortgaged.certificateSerial]: 'VALID',
      [LAND_DEMO.revoked.certificateSerial]: 'REVOKED',
    });
  });

  it('keeps the registration history append-only', async () => {
    await expect(t.sql(`update land_parcel_registration set note = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from land_parcel_registration`)).rejects.toThrow(/append-only/);
  });
});

describe('the demo forms other suites may file', () => {
  it('pass the checks of every land procedure', async () => {
    for (const code of Object.values(LAND_PROCEDURE)) {
      const desk = code === LAND_PROCEDURE.FIRST_REGISTRATION ? 'land' : 'landreg';
      const r = await t.raw({ query: RECEIVE, variables: { input: { procedureCode: code, channel: 'COUNTER', applicant: CUONG, formData: landDemoFormData(code) } } }, await t.login(`${desk}.reception`));
      expect([code, r.data?.receiveDossier.__typename]).toEqual([code, 'DossierPayload']);
    }
  });
});

describe('parcel queries', () => {
  const k = LAND_DEMO.transfer.parcel;

  it('show the cadastral facts to anyone, and nothing about holders to an anonymous caller', async () => {
    const p = await parcel(k);
    expect(p).toMatchObject({
      communeCode: '24781',
      commune: { name: 'Phường Xuân Hương - Đà Lạt' },
      mapSheet: 12,
      parcelNumber: 145,
      areaM2: 152.6,
      purposeCode: 'ODT',
      purposeName: 'Đất ở tại đô thị',
      useTerm: 'Lâu dài',
      useUntil: null,
      hasValidCertificate: true,
      mortgaged: false,
      certificates: null,
      history: null,
    });
    expect((await parcel(LAND_DEMO.mortgaged.parcel)).mortgaged).toBe(true);
    expect(await parcel({ ...k, parcelNumber: 9999 })).toBeNull();
  });

  it('show certificates, holders and history to land officers', async () => {
    const p = await parcel(k, 'landreg.specialist');
    expect(p.certificates).toEqual([
      expect.objectContaining({
        serial: LAND_DEMO.transfer.certificateSerial,
        status: 'VALID',
        issuedOn: '2016-05-12',
        issuingAgencyName: 'Ủy ban nhân dân thành phố Đà Lạt',
        holders: [expect.objectContaining({ name: AN.name, idNumber: AN.idNumber, position: 1 })],
        parcels: [{ mapSheet: 12, parcelNumber: 145 }],
      }),
    ]);
    expect(p.history.map((h: { kind: string }) => h.kind)).toEqual(['FIRST_REGISTRATION', 'MORTGAGE_REGISTERED', 'MORTGAGE_RELEASED']);
    expect(p.history[1]).toMatchObject({ mortgageeTaxCode: '0100112437', securedAmountVnd: 800_000_000, contractNumber: '15/2020/HĐTC-VCB.LĐ', parties: [{ role: 'MORTGAGOR', name: AN.name }] });
  });

  it('show a holder their own parcel, but not another citizen; analysts see the register without identity numbers', async () => {
    const own = await parcel(k, 'citizen.an');
    expect(own.certificates[0].holders[0]).toMatchObject({ name: AN.name, idNumber: AN.idNumber });
    expect(own.history).toHaveLength(3);
    const other = await parcel(k, 'citizen.binh');
    expect(other).toMatchObject({ areaM2: 152.6, certificates: null, history: null });
    const analyst = await parcel(k, 'analyst');
    expect(analyst.certificates[0].holders[0]).toMatchObject({ name: AN.name, idNumber: null, address: null });
  });

  it('follow a replaced certificate to the one that replaced it', async () => {
    const p = await parcel(LAND_DEMO.replaced.parcel, 'landreg.specialist');
    expect(p.certificates.map((c: { serial: string; status: string }) => [c.serial, c.status])).toEqual([
      [LAND_DEMO.replaced.currentCertificateSerial, 'VALID'],
      [LAND_DEMO.replaced.certificateSerial, 'REPLACED'],
    ]);
    expect(p.certificates[1].replacedBy).toEqual({ serial: LAND_DEMO.replaced.currentCertificateSerial });
    expect(p.history.map((h: { kind: string }) => h.kind)).toEqual(['FIRST_REGISTRATION', 'TRANSFER']);
    expect(p.history[1].parties).toEqual([
      { role: 'TRANSFEROR', name: LAND_DEMO.replaced.formerHolder.name },
      { role: 'TRANSFEREE', name: LAND_DEMO.replaced.holder.name },
    ]);
  });

  it('page through a commune in map order, loading nested fields in batches', async () => {
    const q = `query($first: Int, $after: String) { landParcels(filter: { communeCode: "24781" }, first: $first, after: $after) {
      edges { cursor node { mapSheet parcelNumber certificates { serial holders { name } } history { kind } } }
      pageInfo { hasNextPage endCursor } } }`;
    const token = await t.login('landreg.specialist');
    // Reading holders' names writes the personal-data access log: one insert per request when the
    // page shows any person holder, whatever their number; counted apart from the page's reads.
    const logRows = async () => (await t.sql<{ n: number }>('select count(*)::int as n from personal_data_access'))[0].n;
    const reads = async (variables: Record<string, unknown>) => {
      const before = await logRows();
      const r = await t.raw({ query: q, variables }, token);
      return { ...r, pageStatements: (r.extensions?.sqlStatements ?? 0) - ((await logRows()) > before ? 1 : 0) };
    };
    const first = await reads({ first: 3 });
    expect(first.errors).toBeUndefined();
    const next = await t.raw({ query: q, variables: { first: 3, after: first.data.landParcels.pageInfo.endCursor } }, token);
    const keys = [...first.data.landParcels.edges, ...next.data.landParcels.edges].map((e: any) => [e.node.mapSheet, e.node.parcelNumber]);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((x) => x.join('/'))).size).toBe(6);
    expect(first.data.landParcels.pageInfo.hasNextPage).toBe(true);
    const all = await reads({ first: 100 });
    expect(all.data.landParcels.edges.length).toBeGreaterThanOrEqual(8);
    // One statement for the page and one per relation, however many parcels.
    expect(all.pageStatements).toBeLessThanOrEqual(first.pageStatements);
    expect(all.pageStatements).toBeLessThanOrEqual(8);
    const tooMany = await t.raw({ query: q, variables: { first: 101 } }, token);
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('a holder’s parcels', () => {
  const q = `query($id: String!) { landHolderParcels(idNumber: $id) { __typename
    ... on LandHolderParcels { holder { name idNumber } certificates { serial } parcels { communeCode mapSheet parcelNumber } }
    ... on ErrorResult { code } ... on ValidationFailed { fieldErrors { field } } } }`;

  it('are for land officers', async () => {
    const r = await t.raw({ query: q, variables: { id: LAND_DEMO.multiParcel.holder.idNumber } }, await t.login('landreg.specialist'));
    expect(r.data.landHolderParcels).toMatchObject({
      __typename: 'LandHolderParcels',
      holder: { name: LAND_DEMO.multiParcel.holder.name },
      certificates: [{ serial: LAND_DEMO.multiParcel.certificateSerial }],
      parcels: LAND_DEMO.multiParcel.parcels,
    });
  });

  it('are refused to a citizen, even about themselves, and to officers of other agencies', async () => {
    for (const user of ['citizen.an', 'xuanhuong.specialist']) {
      const r = await t.raw({ query: q, variables: { id: AN.idNumber } }, await t.login(user));
      expect(r.data.landHolderParcels).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
  });

  it('need a valid identity number', async () => {
    const r = await t.raw({ query: q, variables: { id: '12345' } }, await t.login('landreg.specialist'));
    expect(r.data.landHolderParcels).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'idNumber' }] });
  });
});

describe('a transfer filed online', () => {
  it('is refused, with nothing written, for a parcel that does not exist', async () => {
    await expectRefused(() => submitTransfer(transferForm({ parcels: [{ ...LAND_DEMO.transfer.parcel, parcelNumber: 9999 }] })), 'formData.parcels[0].parcelNumber', /Không có thửa đất/);
  });

  it('is filed without a word about a replaced certificate when the applicant does not hold it', async () => {
    const form = transferForm({ parcels: [LAND_DEMO.replaced.parcel], certificateSerial: LAND_DEMO.replaced.certificateSerial, transferors: [LAND_DEMO.replaced.formerHolder] });
    // Told to a holder of the certificate (a land officer checks everyone else's at the first
    // step that uses the register: issue 13 #10, nothing of the register reaches a non-holder).
    const r = await submitTransfer(form);
    expect(r.data.submitDossier.__typename).toBe('DossierPayload');
    expect(JSON.stringify(r.data)).not.toMatch(/thay thế|replaced/);
  });

  it('is refused for an absurd or negative price and an invalid CCCD', async () => {
    await expectRefused(() => submitTransfer(transferForm({ declaredPriceVnd: 5e15 })), 'formData.declaredPriceVnd', /không hợp lý/);
    await expectRefused(() => submitTransfer(transferForm({ declaredPriceVnd: -1 })), 'formData.declaredPriceVnd');
    await expectRefused(() => submitTransfer(transferForm({ transferees: [{ ...BINH, idNumber: '068190004' }] })), 'formData.transferees[0].idNumber', /12 chữ số/);
  });

  it('is refused for a mortgaged parcel, a transferor not on the certificate, and a co-holder left out', async () => {
    const m = LAND_DEMO.mortgaged;
    // That the parcel is mortgaged is public (LandParcel.mortgaged); the bank and the contract are not.
    const mortgaged = await expectRefused(() => submitTransfer(transferForm({ parcels: [m.parcel], certificateSerial: m.certificateSerial, transferors: [m.holder] })), 'formData.parcels[0]', /thế chấp/);
    expect(JSON.stringify(mortgaged)).not.toContain(m.contractNumber);
    // citizen.an holds CS 000001: she is told what is wrong with it.
    await expectRefused(() => submitTransfer(transferForm({ transferors: [CUONG] })), 'formData.transferors', /không khớp với người đứng tên/);
    // She holds nothing of the co-held certificate: the register says nothing to her (no count of
    // holders); the land officer is told at the first step that uses the register.
    const c = LAND_DEMO.coHeld;
    const coHeld = await submitTransfer(transferForm({ parcels: [c.parcel], certificateSerial: c.certificateSerial, transferors: [c.holders[0]] }));
    expect(coHeld.data.submitDossier.__typename).toBe('DossierPayload');
  });

  it('is refused without its form', async () => {
    await expectRefused(() => submitTransfer(undefined as never), 'formData.parcels');
  });

  it('is accepted when the register agrees, shows its parcels and certificate, and cannot reach tax without the tax module', async () => {
    const r = await submitTransfer(transferForm());
    expect(r.data.submitDossier).toMatchObject({ __typename: 'DossierPayload' });
    const { id, version } = r.data.submitDossier.dossier;
    const seen = await dossier(id, 'citizen.an');
    expect(seen.landParcels).toEqual([{ ...LAND_DEMO.transfer.parcel, areaM2: 152.6, hasValidCertificate: true, mortgaged: false }]);
    expect(seen.certificate).toEqual({ serial: LAND_DEMO.transfer.certificateSerial, status: 'VALID' });
    expect(seen.issuedCertificates).toEqual([]);

    let v = (await t.act('landreg.reception', id, version, 'receive')).version;
    v = (await t.act('landreg.reception', id, v, 'assign', { assigneeId: await t.accountId('landreg.specialist') })).version;
    const send = await t.raw({ query: PERFORM, variables: { input: { dossierId: id, action: 'sendToTax', expectedVersion: v } } }, await t.login('landreg.specialist'));
    expect(send.data.performDossierAction).toMatchObject({ __typename: 'ServiceUnavailable', code: 'SERVICE_UNAVAILABLE' });
    expect(await t.sql(`select 1 from dossier_record where dossier_id = $1`, [id])).toHaveLength(0);

    // Nor can the land office register it without the tax authority’s assessment.
    v = (await t.act('landreg.specialist', id, v, 'submitForApproval')).version;
    const approve = await t.raw({ query: PERFORM, variables: { input: { dossierId: id, action: 'approve', expectedVersion: v } } }, await t.login('landreg.leader'));
    expect(approve.data.performDossierAction).toMatchObject({ __typename: 'ValidationFailed' });
    const [cert] = await t.sql(`select status, version from land_certificate where serial = $1`, [LAND_DEMO.transfer.certificateSerial]);
    expect(cert).toEqual({ status: 'VALID', version: 1 });
    expect((await dossier(id, 'landreg.leader')).state.key).toBe('AWAITING_APPROVAL');
  });
});

describe('dossiers played through to approval', () => {
  it('a first registration creates the parcel, its holders and a certificate of this year’s series', async () => {
    const k = LAND_DEMO.unregisteredParcel;
    const holders = [
      { ...CUONG, address: 'Thôn Phú Thạnh, Xã Đức Trọng, tỉnh Lâm Đồng', shareNote: 'Sử dụng chung (vợ chồng)' },
      { kind: 'PERSON', name: 'Võ Thị Kim Oanh', idNumber: '068188004411', shareNote: 'Sử dụng chung (vợ chồng)' },
    ];
    const form = { parcel: { ...k, areaM2: 462.3, purposeCode: 'ONT', address: 'Thôn Phú Thạnh, Xã Đức Trọng, tỉnh Lâm Đồng' }, holders };
    // The applicant’s negative area is refused at the counter, and nothing is written.
    const token = await t.login('land.reception');
    const negative = { ...form, parcel: { ...form.parcel, areaM2: -462.3 } };
    await expectRefused(() => t.raw({ query: RECEIVE, variables: { input: { procedureCode: LAND_PROCEDURE.FIRST_REGISTRATION, channel: 'COUNTER', applicant: CUONG, formData: negative } } }, token), 'formData.parcel.areaM2');

    // Two dossiers for the same parcel reach the leader; once the first is approved the register has changed, so the second is refused.
    const first = await prepareApproval('land', LAND_PROCEDURE.FIRST_REGISTRATION, CUONG, form);
    const second = await prepareApproval('land', LAND_PROCEDURE.FIRST_REGISTRATION, CUONG, form);
    expect(await approve(first)).toMatchObject({ __typename: 'DossierPayload', dossier: { state: { key: 'RESULT_READY' } } });
    expect(await approve(second)).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'parcel' }] });
    expect((await dossier(second.id, 'land.leader')).state.key).toBe('AWAITING_APPROVAL');

    const [p] = await t.sql(`select id, area_m2::float8 as area, purpose_code from land_parcel where commune_code = $1 and map_sheet = $2 and parcel_number = $3`, [k.communeCode, k.mapSheet, k.parcelNumber]);
    expect(p).toMatchObject({ area: 462.3, purpose_code: 'ONT' });
    const certs = await t.sql(`select c.serial, c.status, c.dossier_code, c.issuing_agency_code, c.book_entry_number from land_certificate c join land_certificate_parcel cp on cp.certificate_id = c.id where cp.parcel_id = $1`, [p.id]);
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ status: 'VALID', dossier_code: first.code, issuing_agency_code: '000.00.13.H37' });
    expect(certs[0].serial).toMatch(/^DE \d{6}$/);
    expect(certs[0].book_entry_number).toMatch(/^CS\d{5,}$/);
    const [h] = await t.sql(`select data from dossier_history where dossier_id = $1 and action = 'approve'`, [first.id]);
    expect(h.data.newCertificateSerial).toBe(certs[0].serial);
    expect(await t.sql(`select 1 from dossier_history where dossier_id = $1 and action = 'approve'`, [second.id])).toHaveLength(0);

    const seen = await dossier(first.id, 'land.specialist');
    expect(seen.landParcels).toEqual([{ ...k, areaM2: 462.3, hasValidCertificate: true, mortgaged: false }]);
    expect(seen.certificate).toEqual({ serial: certs[0].serial, status: 'VALID' });
    expect(seen.issuedCertificates[0].holders).toEqual([
      { name: CUONG.name, shareNote: 'Sử dụng chung (vợ chồng)' },
      { name: 'Võ Thị Kim Oanh', shareNote: 'Sử dụng chung (vợ chồng)' },
    ]);
    const history = (await parcel(k, 'land.specialist')).history;
    expect(history).toEqual([expect.objectContaining({ kind: 'FIRST_REGISTRATION', dossierCode: first.code, certificateAfterSerial: certs[0].serial })]);
  });

  it('a mortgage is registered on every parcel of the certificate, then released', async () => {
    const c = LAND_DEMO.multiParcel;
    const mortgage = { certificateSerial: c.certificateSerial, mortgagee: { name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam – Chi nhánh Đức Trọng', taxCode: '0100686174' }, securedAmountVnd: 1_500_000_000, contractNumber: '5402/2026/HĐTC-AGR', contractDate: '2026-11-20' };
    const registered = await playToApproval('landreg', LAND_PROCEDURE.MORTGAGE, c.holder, mortgage);
    expect(registered.approval).toMatchObject({ __typename: 'DossierPayload' });
    for (const k of c.parcels) {
      const p = await parcel(k, 'landreg.specialist');
      expect(p.mortgaged).toBe(true);
      expect(p.history.at(-1)).toMatchObject({ kind: 'MORTGAGE_REGISTERED', securedAmountVnd: 1_500_000_000, contractNumber: '5402/2026/HĐTC-AGR', contractDate: '2026-11-20', dossierCode: registered.code });
    }
    // The same contract cannot be registered twice; a transfer is refused while the mortgage is in force.
    const token = await t.login('landreg.reception');
    await expectRefused(() => t.raw({ query: RECEIVE, variables: { input: { procedureCode: LAND_PROCEDURE.MORTGAGE, channel: 'COUNTER', applicant: c.holder, formData: mortgage } } }, token), 'formData.contractNumber');
    await expectRefused(() => submitTransfer(transferForm({ parcels: c.parcels, certificateSerial: c.certificateSerial, transferors: [c.holder] })), 'formData.parcels[0]', /thế chấp/);
    // A release names a contract in force.
    await expectRefused(
      () => t.raw({ query: RECEIVE, variables: { input: { procedureCode: LAND_PROCEDURE.MORTGAGE_RELEASE, channel: 'COUNTER', applicant: c.holder, formData: { certificateSerial: c.certificateSerial, contractNumber: 'KHONG-CO' } } } }, token),
      'formData.contractNumber',
    );
    const released = await playToApproval('landreg', LAND_PROCEDURE.MORTGAGE_RELEASE, c.holder, { certificateSerial: c.certificateSerial, contractNumber: mortgage.contractNumber });
    expect(released.approval).toMatchObject({ __typename: 'DossierPayload' });
    for (const k of c.parcels) {
      const p = await parcel(k);
      expect(p.mortgaged).toBe(false);
    }
    const kinds = await t.sql(`select kind, count(*)::int as n from land_parcel_registration where dossier_code = any($1) group by kind order by kind`, [[registered.code, released.code]]);
    expect(kinds).toEqual([{ kind: 'MORTGAGE_REGISTERED', n: 2 }, { kind: 'MORTGAGE_RELEASED', n: 2 }]);
  });

  it('a lost certificate is revoked and re-issued to the same holders over the same parcels', async () => {
    const c = LAND_DEMO.coHeld;
    const form = { certificateSerial: c.certificateSerial, lossReportedAt: '2026-10-05', lossNoticeRef: 'Giấy xác nhận niêm yết thông báo mất GCN số 41/XN-UBND ngày 21/10/2026' };
    const r = await playToApproval('landreg', LAND_PROCEDURE.REISSUE_LOST, c.holders[0], form);
    expect(r.approval).toMatchObject({ __typename: 'DossierPayload' });
    const p = await parcel(c.parcel, 'landreg.specialist');
    expect(p.certificates.map((x: { status: string }) => x.status)).toEqual(['VALID', 'REVOKED']);
    expect(p.certificates[1]).toMatchObject({ serial: c.certificateSerial, replacedBy: { serial: p.certificates[0].serial }, statusReason: expect.stringContaining('Mất Giấy chứng nhận') });
    expect(p.certificates[0].holders.map((h: { name: string }) => h.name)).toEqual(c.holders.map((h) => h.name));
    expect(p.history.at(-1)).toMatchObject({ kind: 'CERTIFICATE_REISSUED', certificateBeforeSerial: c.certificateSerial, certificateAfterSerial: p.certificates[0].serial });
    // The lost certificate can no longer be used (told to the land officer at the counter; citizen.an,
    // who never held it, would be told nothing of it: issue 13 #10).
    const formData = transferForm({ parcels: [c.parcel], certificateSerial: c.certificateSerial, transferors: c.holders });
    await expectRefused(
      async () => t.raw({ query: RECEIVE, variables: { input: { procedureCode: LAND_PROCEDURE.TRANSFER, channel: 'COUNTER', applicant: c.holders[0], formData } } }, await t.login('landreg.reception')),
      'formData.certificateSerial',
      /thu hồi/,
    );
  });
});

describe('the transfer hooks, run as the kernel runs them inside the action’s transaction', () => {
  // With MODULES=land the dossier cannot reach tax, so the hooks are called directly; the
  // whole journey through both agencies is the end-to-end suite's.
  const [sendHook, approveHook] = landDossierHooks;
  const LAND_OFFICE = '000.13.01.H37';

  async function run(hook: DossierActionHook, action: string, dossier: HookDossier): Promise<{ issues?: { field: string; message: string }[]; data?: Record<string, unknown> }> {
    const em = t.app.services.orm.em.fork() as EntityManager;
    // Issues must leave nothing behind: the kernel rolls back; here the test does.
    return em.transactional(async (tx) => {
      const out = await hook.run({ em: tx, dossier, action, actor: { accountId: null, name: 'Đặng Quốc Bảo', agencyCode: LAND_OFFICE, platform: false }, targetAgencyCode: null, note: null, now: t.clock.now() });
      if (out?.issues?.length) throw Object.assign(new Error('refused'), { issues: out.issues });
      return out ?? {};
    }).catch((e: { issues?: { field: string; message: string }[] }) => {
      if (!e.issues) throw e;
      return { issues: e.issues };
    });
  }

  it('attach the cadastral data sheet (the published contract), then register the transfer on approval unless the register changed', async () => {
    const r = await submitTransfer(transferForm({ relationship: 'NONE' }));
    expect(r.data.submitDossier.__typename).toBe('DossierPayload');
    const { id, code } = r.data.submitDossier.dossier;
    const hookDossier: HookDossier = {
      id,
      code,
      procedureCode: LAND_PROCEDURE.TRANSFER,
      state: 'APPRAISING',
      nationalStatus: 4,
      holdingAgencyCode: LAND_OFFICE,
      procedureAgencyCode: LAND_OFFICE,
      applicantKind: 'PERSON',
      applicantName: AN.name,
      applicantIdNumber: AN.idNumber,
      formData: transferForm(),
    };

    // Approval before the dossier went to tax is refused.
    expect((await run(approveHook, 'approve', hookDossier)).issues).toEqual([expect.objectContaining({ field: 'action' })]);

    const sent = await run(sendHook, 'sendToTax', hookDossier);
    expect(sent).toEqual({ data: { cadastralData: 'land.cadastral-data', certificateSerial: LAND_DEMO.transfer.certificateSerial, parcels: 1 } });
    const [record] = await t.sql(`select r.data, a.code as agency, r.created_by_name as "by" from dossier_record r join agency a on a.id = r.agency_id where r.dossier_id = $1 and r.kind = 'land.cadastral-data'`, [id]);
    const sheet: CadastralData = record.data;
    expect(record).toMatchObject({ agency: LAND_OFFICE, by: 'Đặng Quốc Bảo' });
    expect(sheet).toEqual({
      certificateSerial: LAND_DEMO.transfer.certificateSerial,
      parcels: [{ ...LAND_DEMO.transfer.parcel, communeName: 'Phường Xuân Hương - Đà Lạt', areaM2: 152.6, purposeCode: 'ODT', useTerm: 'LONG_TERM', address: 'Số 18 đường Yersin, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' }],
      transferors: [{ kind: 'PERSON', name: AN.name, idNumber: AN.idNumber }],
      transferees: [{ kind: 'PERSON', name: BINH.name, idNumber: BINH.idNumber, address: BINH.address }],
      declaredPriceVnd: 3_200_000_000,
      relationship: 'NONE',
      transferKind: 'TRANSFER',
    });
    // The dossier now shows the parcels of the data sheet.
    expect((await dossier(id, 'landreg.specialist')).landParcels).toHaveLength(1);

    // The parcel is mortgaged meanwhile: the approval is refused and nothing is written.
    const [p] = await t.sql(`select id from land_parcel where commune_code = $1 and map_sheet = $2 and parcel_number = $3`, [LAND_DEMO.transfer.parcel.communeCode, LAND_DEMO.transfer.parcel.mapSheet, LAND_DEMO.transfer.parcel.parcelNumber]);
    const mortgage = `insert into land_parcel_registration (id, parcel_id, kind, at, parties, mortgagee_name, contract_number) values (gen_random_uuid(), $1, $2, $3, '[]', 'Ngân hàng TMCP Sài Gòn Thương Tín', 'TEST-01')`;
    await t.sql(mortgage, [p.id, 'MORTGAGE_REGISTERED', new Date(t.clock.now().getTime() - 2000)]);
    expect((await run(approveHook, 'approve', hookDossier)).issues).toEqual([expect.objectContaining({ field: 'parcels[0]', message: expect.stringMatching(/thế chấp/) })]);
    expect(await t.sql(`select status from land_certificate where serial = $1`, [LAND_DEMO.transfer.certificateSerial])).toEqual([{ status: 'VALID' }]);
    await t.sql(mortgage, [p.id, 'MORTGAGE_RELEASED', new Date(t.clock.now().getTime() - 1000)]);

    const approved = await run(approveHook, 'approve', hookDossier);
    expect(approved.data).toMatchObject({ replacedCertificateSerial: LAND_DEMO.transfer.certificateSerial, newCertificateSerial: expect.stringMatching(/^DE \d{6}$/) });
    const parcelNow = await parcel(LAND_DEMO.transfer.parcel, 'landreg.specialist');
    const [current, old] = parcelNow.certificates;
    expect(current).toMatchObject({ serial: approved.data!.newCertificateSerial, status: 'VALID', dossierCode: code, issuingAgencyName: 'Văn phòng đăng ký đất đai tỉnh Lâm Đồng', holders: [expect.objectContaining({ name: BINH.name, idNumber: BINH.idNumber })] });
    expect(old).toMatchObject({ serial: LAND_DEMO.transfer.certificateSerial, status: 'REPLACED', replacedBy: { serial: current.serial } });
    expect(parcelNow.history.at(-1)).toMatchObject({
      kind: 'TRANSFER',
      dossierCode: code,
      certificateBeforeSerial: LAND_DEMO.transfer.certificateSerial,
      certificateAfterSerial: current.serial,
      parties: [{ role: 'TRANSFEROR', name: AN.name }, { role: 'TRANSFEREE', name: BINH.name }],
      note: 'Chuyển nhượng',
    });
    // Bình now holds the parcel (and sees its history); An no longer does.
    expect((await parcel(LAND_DEMO.transfer.parcel, 'citizen.binh')).history).not.toBeNull();
    expect((await parcel(LAND_DEMO.transfer.parcel, 'citizen.an')).history).toBeNull();
    // A second approval of the same transfer finds the certificate replaced.
    expect((await run(approveHook, 'approve', hookDossier)).issues).toEqual([expect.objectContaining({ field: 'certificateSerial' })]);
  });
});
