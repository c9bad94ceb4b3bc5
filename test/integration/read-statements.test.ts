import { ApproveDocumentDocument, DraftDocumentDocument, IssueDocumentDocument, ReceiveDossierDocument, SignDocumentDocument, SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';

/**
 * Every read of the peer benchmark's suite (issue 16) costs at most 4 SQL statements whatever its
 * page size (ARCHITECTURE rule 5: a list that grows with its page is an N+1). The shapes are the
 * suite's own (`bench/peer/operations.ts`). `dossier(id)` reads its history, files, stints and
 * pauses in its own statement (`findDossierWith`): its answer must equal what the per-relation
 * loaders give the same dossiers through the list.
 */

const MORTGAGE = '1.011543';
const PROVINCE = '000.00.00.H37';
const LAND_DEPT = '000.00.13.H37';
const MAX = 4;

let t: TestApp;
let resolvers: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  resolvers = await startTestApp({ sameDatabaseAs: t, env: { SQL_FAST_PATH: 'false' } });
});
afterAll(async () => {
  await resolvers?.stop();
  await t?.stop();
});

interface Answer {
  data: any;
  errors?: unknown[];
  statements: number;
}

async function post(query: string, variables: Record<string, unknown>, user: string | null, app = t): Promise<Answer> {
  const token = user ? await t.login(user) : undefined;
  const res = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as any;
  expect(json.errors).toBeUndefined();
  expect(typeof json.extensions?.sqlStatements).toBe('number');
  return { data: json.data, statements: json.extensions.sqlStatements };
}

const DETAILS = `query DossierDetails($id: String!) { dossier(id: $id) { id code state { key label } submittedAt receivedAt dueAt
  applicant { kind name idNumber phone email address } procedure { code name } holdingAgency { code name } receivingAgency { code name }
  history { action actorName at fromState toState note } files { id name componentCode sha256 size mediaType uploadedAt }
  payments { txnRef amountVnd status createdAt paidAt items { module ref amountVnd } } agencyStints { agency { code name } startedAt endedAt workingHours } pauses { reason startedAt endedAt } } }`;

/** The same relations through the list (each by its loader, batched per page). */
const RELATIONS_BY_LOADERS = `query Relations { dossiers(first: 20) { edges { node { id history { action actorName at fromState toState note } files { id name componentCode sha256 size mediaType uploadedAt }
  agencyStints { agency { code name } startedAt endedAt workingHours } pauses { reason startedAt endedAt } } } } }`;

const CATALOGUE = (first: number) => `query Catalogue { procedures(first: ${first}) { edges { node { code name field agency { code name } processingTime { amount unit label }
  components { code name copies required formCode note } fees { kind name amountVnd applicantKinds note } totalFeeVnd } } pageInfo { hasNextPage } } }`;

const INCOMING = `query Incoming($agency: String!, $first: Int) { incomingDocuments(agencyCode: $agency, first: $first) { edges { node { id entry { arrivalNumber arrivalYear status deliveredAt handlingDueAt note }
  document { id number notation numberAndSymbol typeCode typeName subject urgency issuedAt dueAt issuerCode issuerName } } } pageInfo { hasNextPage endCursor } } }`;

const PARCELS = `query Parcels($commune: String!, $first: Int) { landParcels(filter: { communeCode: $commune }, first: $first) { edges { node { id communeCode mapSheet parcelNumber areaM2 purposeCode purposeName useUntil useTerm address } } pageInfo { hasNextPage endCursor } } }`;

const TRACK = `query Track($code: String!, $idNumber: String!) { trackDossier(code: $code, applicantIdNumber: $idNumber) { code status { code name } receivedAt dueAt holdingAgencyName } }`;

describe('statements per read of the peer suite', () => {
  const dossiers: { id: string; code: string }[] = [];

  beforeAll(async () => {
    const reception = await t.login('landreg.reception');
    const specialist = await t.accountId('landreg.specialist');
    for (let i = 0; i < 3; i++) {
      const r = await t.gql(SubmitDossierDocument, {
        input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, phone: CITIZEN_AN.phone }, files: pdfFiles(i ? ['TP1', 'TP2', 'TP3', 'TP2'] : ['TP1', 'TP2', 'TP3']) },
      }, await t.login('citizen.an'));
      if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      dossiers.push(r.data.submitDossier.dossier);
    }
    const received = await t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, channel: 'COUNTER', note: 'Tại quầy' } }, reception);
    if (received.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(received));
    // A long history, a pause and a transfer (two stints) on one of them.
    let z: { id: string; version: number } = received.data.receiveDossier.dossier;
    dossiers.push(received.data.receiveDossier.dossier);
    z = await t.act('landreg.reception', z.id, z.version, 'assign', { assigneeId: specialist });
    z = await t.act('landreg.specialist', z.id, z.version, 'requestSupplement', { note: 'Bổ sung' });
    z = await t.act('landreg.reception', z.id, z.version, 'submitSupplement');
    await t.act('landreg.leader', z.id, z.version, 'transfer', { targetAgencyCode: '000.00.30.H37', note: 'Chuyển thuế' });
    // Three documents issued to the land department's register.
    for (let i = 0; i < 3; i++) {
      const ok = (r: any, f: string) => {
        if (r.data?.[f]?.__typename !== 'DocumentPayload') throw new Error(JSON.stringify(r));
        return r.data[f].document;
      };
      let d = ok(await t.gql(DraftDocumentDocument, { input: { issuerCode: PROVINCE, typeCode: 'QĐ', subject: `Quyết định số ${i}`, pageCount: 1, recipients: [{ agencyCode: LAND_DEPT }] } }, await t.login('ubnd.specialist')), 'draftDocument');
      d = ok(await t.gql(ApproveDocumentDocument, { id: d.id, v: d.version }, await t.login('ubnd.leader')), 'approveDocument');
      d = ok(await t.gql(SignDocumentDocument, { id: d.id, v: d.version, position: 'Chủ tịch' }, await t.login('ubnd.leader')), 'signDocument');
      ok(await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await t.login('ubnd.reception')), 'issueDocument');
    }
  });

  it('dossier(id) with history, files, payments, stints and pauses: at most 4, the same for 3 or 4 files and 1 or 5 history entries', async () => {
    // Per caller, the same count for every dossier (what differs between callers: observers get
    // no payments, an officer's read of the applicant writes its access-log row).
    const counts: Record<string, number[]> = {};
    for (const user of ['landreg.reception', 'landreg.leader', 'analyst', 'citizen.an']) {
      for (const { id } of dossiers) {
        const a = await post(DETAILS, { id }, user);
        expect(a.data.dossier?.id).toBe(id);
        (counts[user] ??= []).push(a.statements);
      }
    }
    for (const [user, n] of Object.entries(counts)) {
      expect([user, new Set(n).size]).toEqual([user, 1]);
      expect([user, n[0]]).toEqual([user, expect.any(Number)]);
      expect(n[0]).toBeLessThanOrEqual(MAX);
    }
    // Before: one statement per relation (row, history, files, stints, pauses, payments, log): 7 for an officer.
    expect(counts['landreg.reception'][0]).toBeLessThanOrEqual(3);
    // The details carry real relations (not vacuous): files, a long history, two stints, a pause.
    const long = (await post(DETAILS, { id: dossiers[3].id }, 'landreg.reception')).data.dossier;
    expect(long.history.length).toBeGreaterThanOrEqual(5);
    expect(long.agencyStints.map((s: any) => s.agency.code)).toEqual(['000.13.01.H37', '000.00.30.H37']);
    expect(long.pauses).toHaveLength(1);
    expect((await post(DETAILS, { id: dossiers[1].id }, 'landreg.reception')).data.dossier.files).toHaveLength(4);
  });

  it('dossier(id) reads its relations in its own statement exactly as the loaders read them', async () => {
    for (const user of ['landreg.reception', 'analyst', 'citizen.an', 'tax.leader']) {
      const list = await post(RELATIONS_BY_LOADERS, {}, user, resolvers);
      const byId = new Map(list.data.dossiers.edges.map((e: any) => [e.node.id, e.node]));
      let compared = 0;
      for (const { id } of dossiers) {
        const one = (await post(DETAILS, { id }, user)).data.dossier;
        const other = byId.get(id) as any;
        if (!one) {
          expect(other).toBeUndefined();
          continue;
        }
        for (const k of ['history', 'files', 'agencyStints', 'pauses']) expect(JSON.stringify(one[k])).toBe(JSON.stringify(other[k]));
        compared++;
      }
      if (user !== 'tax.leader') expect(compared).toBe(dossiers.length);
    }
  });

  it('the procedures catalogue page with components and fees: at most 4, whatever the page size', async () => {
    const one = await post(CATALOGUE(1), {}, null);
    const fifty = await post(CATALOGUE(50), {}, null);
    expect(fifty.data.procedures.edges.length).toBeGreaterThan(10);
    expect(fifty.data.procedures.edges.some((e: any) => e.node.components.length && e.node.fees.length)).toBe(true);
    expect(fifty.statements).toBe(one.statements);
    expect(fifty.statements).toBeLessThanOrEqual(MAX);
  });

  it('the incoming-documents register page: at most 4, whatever the page size', async () => {
    const one = await post(INCOMING, { agency: LAND_DEPT, first: 1 }, 'land.reception');
    const all = await post(INCOMING, { agency: LAND_DEPT, first: 50 }, 'land.reception');
    expect(all.data.incomingDocuments.edges.length).toBeGreaterThanOrEqual(3);
    expect(all.statements).toBe(one.statements);
    expect(all.statements).toBeLessThanOrEqual(MAX);
  });

  it('a landParcels page: at most 4, whatever the page size', async () => {
    const [commune] = await t.sql(`select commune_code as c from land_parcel group by 1 order by count(*) desc, 1 limit 1`);
    const one = await post(PARCELS, { commune: commune.c, first: 1 }, 'landreg.reception');
    const all = await post(PARCELS, { commune: commune.c, first: 50 }, 'landreg.reception');
    expect(all.data.landParcels.edges.length).toBeGreaterThan(1);
    expect(all.statements).toBe(one.statements);
    expect(all.statements).toBeLessThanOrEqual(MAX);
  });

  it('trackDossier: at most 4 statements', async () => {
    const a = await post(TRACK, { code: dossiers[3].code, idNumber: CITIZEN_AN.identityNumber }, null);
    expect(a.data.trackDossier.code).toBe(dossiers[3].code);
    expect(a.statements).toBeLessThanOrEqual(MAX);
  });
});
