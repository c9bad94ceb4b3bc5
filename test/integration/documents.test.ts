import {
  AcknowledgeDocumentDocument,
  ApproveDocumentDocument,
  AssignDocumentDocument,
  DocumentChangedDocument,
  DocumentPackageDocument,
  DocumentReceivedDocument,
  DocumentResultFieldsFragment,
  DossierResultsDocument,
  DossierResultsDeepDocument,
  DraftDocumentDocument,
  DraftDocumentInput,
  GetDocumentDocument,
  ImportDocumentPackageDocument,
  IncomingDocumentsDocument,
  IssueDocumentDocument,
  OutgoingDocumentsDocument,
  OutgoingRegisterDeepDocument,
  ReceiveDossierDocument,
  RecallDocumentDocument,
  ReportDocumentDocument,
  SearchDocumentsDocument,
  SignDocumentDocument,
  UpdateDocumentDocument, DossierStatisticsDocument } from '../generated/graphql';
import { CITIZEN_AN, pdf, startTestApp, TestApp, landForm } from '../support/harness';
import { sleep, subscribe, Subscriber } from '../support/ws';

/**
 * The electronic office over the API: drafting to issue, delivery and the national-axis
 * statuses at each recipient, recall and corrections, numbering under concurrency and at the
 * year's turn, secrecy, search, edXML, and bad input that writes nothing.
 */

const PROVINCE = '000.00.00.H37';
const LAND = '000.00.13.H37';
const EDUCATION = '000.00.09.H37';
const INSPECTORATE = '000.00.07.H37';
const XUAN_HUONG = '000.31.22.H37';
const LAM_VIEN = '000.32.22.H37';
const TAX = '000.00.30.H37';

let t: TestApp;
const open: Subscriber<unknown>[] = [];
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await t?.stop();
});

type Doc = NonNullable<Extract<DocumentResultFieldsFragment, { __typename: 'DocumentPayload' }>['document']>;

function ok(r: { data?: Record<string, any> | null; errors?: unknown }, field: string): Doc {
  const res = r.data?.[field];
  if (res?.__typename !== 'DocumentPayload' || !res.document) throw new Error(`${field}: ${JSON.stringify(r)}`);
  return res.document;
}

async function as(user: string) {
  return t.login(user);
}

const decision = (extra: Partial<DraftDocumentInput> = {}): DraftDocumentInput => ({
  issuerCode: PROVINCE,
  typeCode: 'QĐ',
  subject: 'Quyết định ban hành Kế hoạch cải cách hành chính năm 2027 của tỉnh Lâm Đồng',
  pageCount: 3,
  recipients: [LAND, EDUCATION, INSPECTORATE, XUAN_HUONG, LAM_VIEN].map((agencyCode) => ({ agencyCode })),
  ...extra,
});

/** Draft (specialist), approve and sign (leader), issue (clerk) at the provincial committee. */
async function issueNew(input: DraftDocumentInput, users = { drafter: 'ubnd.specialist', leader: 'ubnd.leader', clerk: 'ubnd.reception' }): Promise<Doc> {
  let d = ok(await t.gql(DraftDocumentDocument, { input }, await as(users.drafter)), 'draftDocument');
  d = ok(await t.gql(ApproveDocumentDocument, { id: d.id, v: d.version }, await as(users.leader)), 'approveDocument');
  d = ok(await t.gql(SignDocumentDocument, { id: d.id, v: d.version, position: 'Chủ tịch' }, await as(users.leader)), 'signDocument');
  return ok(await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await as(users.clerk)), 'issueDocument');
}

async function entryVersion(user: string, agencyCode: string, documentId: string): Promise<number> {
  const r = await t.gql(IncomingDocumentsDocument, { agencyCode, first: 100 }, await as(user));
  const e = r.data!.incomingDocuments.edges.find((x) => x.node.document.id === documentId);
  if (!e) throw new Error(`${documentId} not in ${agencyCode}'s register: ${JSON.stringify(r)}`);
  return e.node.entry.version;
}

async function acknowledge(user: string, agencyCode: string, documentId: string, accept = true, reason?: string) {
  return t.gql(AcknowledgeDocumentDocument, { input: { documentId, expectedVersion: await entryVersion(user, agencyCode, documentId), accept, reason } }, await as(user));
}

async function finish(prefix: string, agencyCode: string, documentId: string, status: 'DONE' | 'FAIL' = 'DONE', note?: string) {
  ok(await t.gql(AssignDocumentDocument, { input: { documentId, expectedVersion: await entryVersion(`${prefix}.leader`, agencyCode, documentId), assigneeId: await t.accountId(`${prefix}.specialist`) } }, await as(`${prefix}.leader`)), 'assignDocument');
  return ok(await t.gql(ReportDocumentDocument, { input: { documentId, expectedVersion: await entryVersion(`${prefix}.specialist`, agencyCode, documentId), status, note } }, await as(`${prefix}.specialist`)), 'reportDocument');
}

/** Row counts of tables, in one statement (the test's connection runs one query at a time). */
const counts = async (tables: string[]) => Object.values((await t.sql(`select ${tables.map((x) => `(select count(*)::int from ${x}) as "${x}"`).join(', ')}`))[0]);

describe('a provincial decision to three departments and two communes', () => {
  it('is numbered at issue, delivered to each inbox, and each unit’s steps reach the sender live', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = ok(await t.gql(DraftDocumentDocument, { input: decision({ urgency: 'KHAN', dueAt: '2026-12-15T10:00:00Z' }) }, await as('ubnd.specialist')), 'draftDocument');
    expect(d).toMatchObject({ status: 'DRAFT', number: null, notation: 'QĐ-UBND', typeName: 'Quyết định' });
    expect(d.recipients.every((r) => r.deliveredAt === null)).toBe(true);
    // A commune watches its inbox; the sender will watch the document.
    const inbox = track(subscribe(t.url, await as('xuanhuong.reception'), DocumentReceivedDocument, { unitCode: XUAN_HUONG }));
    await until(() => t.app.services.realtime.feed.subscriberCount >= 1);
    // Nothing reaches the inbox before issue.
    d = ok(await t.gql(ApproveDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.leader')), 'approveDocument');
    d = ok(await t.gql(SignDocumentDocument, { id: d.id, v: d.version, position: 'Chủ tịch' }, await as('ubnd.leader')), 'signDocument');
    const specialistIssue = await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.specialist'));
    expect(specialistIssue.data?.issueDocument).toMatchObject({ __typename: 'NotAuthorized' });
    d = ok(await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.reception')), 'issueDocument');
    expect(d).toMatchObject({ status: 'ISSUED', year: 2026, signerName: 'Trần Quốc Tỉnh', signerPosition: 'Chủ tịch' });
    expect(d.numberAndSymbol).toMatch(/^\d{2,}\/QĐ-UBND$/);
    expect(d.recipients.map((r) => r.status)).toEqual(['INBOX', 'INBOX', 'INBOX', 'INBOX', 'INBOX']);
    const [delivered] = await inbox.waitFor(1);
    expect(delivered.documentReceived).toMatchObject({ entry: { status: 'INBOX' }, document: { id: d.id, numberAndSymbol: d.numberAndSymbol } });

    await t.settled(); // the issue event itself is behind us
    const before = t.app.services.realtime.feed.subscriberCount;
    const live = track(subscribe(t.url, await as('ubnd.leader'), DocumentChangedDocument, { documentId: d.id }));
    await until(() => t.app.services.realtime.feed.subscriberCount > before);

    // Each unit at its own pace: accept, assign, report; one rejects, one fails.
    ok(await acknowledge('land.reception', LAND, d.id), 'acknowledgeDocument');
    ok(await acknowledge('xuanhuong.reception', XUAN_HUONG, d.id), 'acknowledgeDocument');
    await finish('land', LAND, d.id);
    ok(await acknowledge('edu.reception', EDUCATION, d.id), 'acknowledgeDocument');
    ok(await acknowledge('lamvien.reception', LAM_VIEN, d.id, false, 'Không thuộc thẩm quyền của phường'), 'acknowledgeDocument');
    await finish('xuanhuong', XUAN_HUONG, d.id);
    ok(await acknowledge('insp.reception', INSPECTORATE, d.id), 'acknowledgeDocument');
    await finish('edu', EDUCATION, d.id, 'FAIL', 'Thiếu kinh phí thực hiện');

    const changes = (await live.waitFor(11)).map((c) => [c.documentChanged.recipientAgencyCode, c.documentChanged.recipientStatus]);
    expect(changes).toEqual([
      [LAND, 'ACCEPTED'],
      [XUAN_HUONG, 'ACCEPTED'],
      [LAND, 'PROCESSING'],
      [LAND, 'DONE'],
      [EDUCATION, 'ACCEPTED'],
      [LAM_VIEN, 'REJECTED'],
      [XUAN_HUONG, 'PROCESSING'],
      [XUAN_HUONG, 'DONE'],
      [INSPECTORATE, 'ACCEPTED'],
      [EDUCATION, 'PROCESSING'],
      [EDUCATION, 'FAIL'],
    ]);
    const final = (await t.gql(GetDocumentDocument, { id: d.id }, await as('ubnd.leader'))).data!.document!;
    const byUnit = Object.fromEntries(final.recipients.map((r) => [r.agency.code, r]));
    expect(byUnit[LAND]).toMatchObject({ status: 'DONE', arrivalYear: 2026, assigneeName: 'Trần Văn Phúc' });
    expect(byUnit[LAM_VIEN]).toMatchObject({ status: 'REJECTED', note: 'Không thuộc thẩm quyền của phường', arrivalNumber: null });
    expect(byUnit[EDUCATION]).toMatchObject({ status: 'FAIL', note: 'Thiếu kinh phí thực hiện' });
    expect(byUnit[INSPECTORATE].status).toBe('ACCEPTED');
    expect(byUnit[LAND].arrivalNumber).toBeGreaterThanOrEqual(1);
    expect(final.trace.map((x) => x.action).slice(0, 4)).toEqual(['draft', 'approve', 'sign', 'issue']);
    // The sender's overdue view: past the due date, not every recipient finished.
    t.clock.set('2026-12-16T02:00:00Z');
    const overdue = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, filter: { overdue: true } }, await as('ubnd.leader'));
    expect(overdue.data!.outgoingDocuments.edges.map((e) => e.node.id)).toContain(d.id);
    const notice = await issueNew(decision({ typeCode: 'TB', subject: 'Thông báo không có hạn xử lý', recipients: [{ agencyCode: LAND }] }));
    const notOverdue = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, filter: { overdue: false }, first: 100 }, await as('ubnd.leader'));
    const ids = notOverdue.data!.outgoingDocuments.edges.map((e) => e.node.id);
    expect(ids).not.toContain(d.id);
    expect(ids).toContain(notice.id); // a document without a due date is not overdue, and is listed
    t.clock.set('2026-11-23T02:00:00Z');
  });

  it('a recall reaches the recipients, who can no longer act on it', async () => {
    const d = await issueNew(decision({ recipients: [{ agencyCode: LAND }, { agencyCode: XUAN_HUONG }] }));
    ok(await acknowledge('land.reception', LAND, d.id), 'acknowledgeDocument');
    const recalled = ok(await t.gql(RecallDocumentDocument, { id: d.id, v: d.version, reason: 'Ban hành nhầm' }, await as('ubnd.leader')), 'recallDocument');
    expect(recalled).toMatchObject({ status: 'RECALLED' });
    const seen = (await t.gql(GetDocumentDocument, { id: d.id }, await as('xuanhuong.reception'))).data!.document!;
    expect(seen.status).toBe('RECALLED');
    expect(seen.trace.at(-1)).toMatchObject({ action: 'recall', note: 'Ban hành nhầm' });
    const late = await acknowledge('xuanhuong.reception', XUAN_HUONG, d.id);
    expect(late.data?.acknowledgeDocument).toMatchObject({ __typename: 'TransitionNotAllowed' });
  });

  it('a correction by the sender is in every recipient’s trace', async () => {
    const d = await issueNew(decision({ recipients: [{ agencyCode: LAND }] }));
    const u = ok(await t.gql(UpdateDocumentDocument, { input: { documentId: d.id, expectedVersion: d.version, dueAt: '2027-01-20T10:00:00Z', note: 'Gia hạn thời gian thực hiện' } }, await as('ubnd.leader')), 'updateDocument');
    expect(u.dueAt).toBe('2027-01-20T10:00:00.000Z');
    const seen = (await t.gql(GetDocumentDocument, { id: d.id }, await as('land.reception'))).data!.document!;
    expect(seen.trace.at(-1)).toMatchObject({ action: 'update', note: 'Gia hạn thời gian thực hiện (dueAt)' });
    // A stale version is caught.
    const stale = await t.gql(UpdateDocumentDocument, { input: { documentId: d.id, expectedVersion: d.version, urgency: 'HOA_TOC', note: 'x' } }, await as('ubnd.leader'));
    expect(stale.data?.updateDocument).toMatchObject({ __typename: 'VersionConflict' });
  });
});

describe('replacement and register filters', () => {
  it('a replacement supersedes the issued document, which its recipients see; a recalled one cannot be replaced', async () => {
    const a = await issueNew(decision({ typeCode: 'KH', subject: 'Kế hoạch tập huấn một cửa điện tử', recipients: [{ agencyCode: LAND }] }));
    await t.settled(); // A's own delivery is behind us
    const before = t.app.services.realtime.feed.subscriberCount;
    const inbox = track(subscribe(t.url, await as('land.reception'), DocumentReceivedDocument, { unitCode: LAND }));
    await until(() => t.app.services.realtime.feed.subscriberCount > before);
    const b = await issueNew(decision({ typeCode: 'KH', subject: 'Kế hoạch tập huấn một cửa điện tử (thay thế)', urgency: 'HOA_TOC', recipients: [{ agencyCode: LAND }], replacesId: a.id }));
    const old = (await t.gql(GetDocumentDocument, { id: a.id }, await as('land.reception'))).data!.document!;
    expect(old.status).toBe('REPLACED');
    expect(old.trace.at(-1)).toMatchObject({ action: 'replace', note: `Thay thế bởi ${b.numberAndSymbol}` });
    // The land inbox hears of the new document and of the old one's replacement.
    const pushed = await inbox.waitFor(2);
    expect(pushed.map((x) => [x.documentReceived.document.id, x.documentReceived.document.status]).sort()).toEqual([[a.id, 'REPLACED'], [b.id, 'ISSUED']].sort());

    const c = await issueNew(decision({ typeCode: 'KH', subject: 'Kế hoạch sẽ bị thu hồi', recipients: [{ agencyCode: LAND }] }));
    ok(await t.gql(RecallDocumentDocument, { id: c.id, v: c.version, reason: 'Sai thể thức' }, await as('ubnd.leader')), 'recallDocument');
    const draft = await t.gql(DraftDocumentDocument, { input: decision({ typeCode: 'KH', subject: 'Thay thế văn bản đã thu hồi', recipients: [{ agencyCode: LAND }], replacesId: c.id }) }, await as('ubnd.specialist'));
    expect(draft.data?.draftDocument).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'replacesId' }] });

    // Filters of the registers: kind, urgency, status.
    const urgent = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, filter: { typeCodes: ['KH'], urgencies: ['HOA_TOC'] }, first: 50 }, await as('ubnd.leader'));
    expect(urgent.data!.outgoingDocuments.edges.map((e) => e.node.id)).toEqual([b.id]);
    const replaced = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, filter: { statuses: ['REPLACED', 'RECALLED'] }, first: 50 }, await as('ubnd.leader'));
    expect(replaced.data!.outgoingDocuments.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(replaced.data!.outgoingDocuments.edges.every((e) => ['REPLACED', 'RECALLED'].includes(e.node.status))).toBe(true);
    const inboxKh = await t.gql(IncomingDocumentsDocument, { agencyCode: LAND, filter: { typeCodes: ['KH'], recipientStatuses: ['INBOX'] }, first: 50 }, await as('land.reception'));
    expect(inboxKh.data!.incomingDocuments.edges.map((e) => e.node.document.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    expect(inboxKh.data!.incomingDocuments.edges.every((e) => e.node.entry.status === 'INBOX')).toBe(true);
  });
});

describe('numbering', () => {
  it('50 documents issued at once by one body get 50 distinct consecutive numbers', async () => {
    const input = decision({ typeCode: 'CV', subject: 'Công văn về việc triển khai chuyển đổi số', recipients: [{ agencyCode: TAX }] });
    const signed: Doc[] = [];
    for (let i = 0; i < 50; i++) {
      let d = ok(await t.gql(DraftDocumentDocument, { input }, await as('ubnd.specialist')), 'draftDocument');
      d = ok(await t.gql(ApproveDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.leader')), 'approveDocument');
      signed.push(ok(await t.gql(SignDocumentDocument, { id: d.id, v: d.version, position: 'Phó Chủ tịch' }, await as('ubnd.leader')), 'signDocument'));
    }
    const clerk = await as('ubnd.reception');
    const issued = await Promise.all(signed.map((d) => t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, clerk).then((r) => ok(r, 'issueDocument'))));
    const numbers = issued.map((d) => d.number!).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.at(-1)! - numbers[0]).toBe(49);
    expect(issued[0].notation).toBe('UBND'); // a công văn carries the issuer only
    // The register with recipients, trace and files: a constant number of statements, not one per row.
    const page = await t.gql(OutgoingRegisterDeepDocument, { agencyCode: PROVINCE, first: 50 }, await as('ubnd.leader'));
    expect(page.data!.outgoingDocuments.edges).toHaveLength(50);
    expect(page.extensions?.sqlStatements).toBeLessThanOrEqual(5);
  });

  it('restarts at 01 on 1 January (Vietnam time), and secret documents have their own series', async () => {
    t.clock.set('2026-12-31T16:50:00Z'); // 23:50 on 31 December in Hà Nội
    const last = await issueNew(decision({ typeCode: 'TB', subject: 'Thông báo lịch nghỉ Tết Dương lịch' }));
    expect(last.year).toBe(2026);
    expect(last.number!).toBeGreaterThanOrEqual(1);
    t.clock.set('2026-12-31T17:05:00Z'); // 00:05 on 1 January 2027
    const first = await issueNew(decision({ typeCode: 'TB', subject: 'Thông báo đầu năm 2027' }));
    expect(first).toMatchObject({ year: 2027, number: 1, numberAndSymbol: '01/TB-UBND' });
    const secret = await issueNew(decision({
      typeCode: 'CV', subject: 'Về công tác bảo vệ bí mật nhà nước', secrecy: 'MAT', handlerIds: await issuerHandlers(),
      recipients: [{ agencyCode: LAND, handlerIds: [await t.accountId('land.leader')] }],
    }));
    expect(secret).toMatchObject({ year: 2027, number: 1 });
    t.clock.set('2026-11-23T02:00:00Z');
  });
});

describe('issue 19: numbering series, secret drafts, ward symbols (Decree 30/2020)', () => {
  const secretTo = async (extra: Partial<DraftDocumentInput> = {}) => decision({
    recipients: [{ agencyCode: LAND, handlerIds: [await t.accountId('land.leader')] }], ...extra,
  });

  it('#4 a regular and a secret 01/QĐ-UBND of one year are told apart by the secret series’ mark, in the API and the database', async () => {
    t.clock.set('2028-01-04T02:00:00Z');
    const regular = await issueNew(decision({ subject: 'Quyết định ban hành kế hoạch công tác năm 2028' }));
    const secret = await issueNew(await secretTo({ subject: 'Quyết định phê duyệt phương án bảo vệ bí mật nhà nước năm 2028', secrecy: 'MAT', handlerIds: await issuerHandlers() }));
    expect(regular).toMatchObject({ year: 2028, number: 1, notation: 'QĐ-UBND', numberAndSymbol: '01/QĐ-UBND' });
    expect(secret).toMatchObject({ year: 2028, number: 1, notation: 'QĐ-UBND', numberAndSymbol: '01/QĐ-UBND (MẬT)' });
    expect(secret.trace.find((x) => x.action === 'issue')).toMatchObject({ note: '01/QĐ-UBND (MẬT)' });
    // In the database: one number + symbol per series and year.
    const second = await issueNew(decision({ subject: 'Quyết định điều chỉnh kế hoạch công tác năm 2028' }));
    expect(second.numberAndSymbol).toBe('02/QĐ-UBND');
    await expect(t.sql(`update official_document set number = 1 where id = $1`, [second.id])).rejects.toThrow(/official_document_number_unique/);
    t.clock.set('2026-11-23T02:00:00Z');
  });

  it('#5 a secret draft naming no leader is read, approved and signed by the issuing body’s leader, and read by no one else', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = ok(await t.gql(DraftDocumentDocument, { input: await secretTo({ subject: 'Quyết định phê duyệt phương án phòng thủ khu vực trọng điểm', secrecy: 'TOI_MAT' }) }, await as('ubnd.specialist')), 'draftDocument');
    const seen = await t.gql(GetDocumentDocument, { id: d.id }, await as('ubnd.leader'));
    expect(seen.data!.document!.subject).toContain('phòng thủ');
    const register = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, first: 100 }, await as('ubnd.leader'));
    expect(register.data!.outgoingDocuments.edges.find((e) => e.node.id === d.id)!.node.subject).toContain('phòng thủ');
    // Not widened: the issuing body's clerk (not named), a recipient's officers before issue, another body's leader.
    for (const user of ['ubnd.reception', 'land.reception', 'xuanhuong.leader']) {
      expect((await t.gql(GetDocumentDocument, { id: d.id }, await as(user))).data!.document).toBeNull();
    }
    const clerkRegister = await t.gql(OutgoingDocumentsDocument, { agencyCode: PROVINCE, first: 100 }, await as('ubnd.reception'));
    expect(clerkRegister.data!.outgoingDocuments.edges.find((e) => e.node.id === d.id)?.node.subject ?? null).toBeNull();
    d = ok(await t.gql(ApproveDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.leader')), 'approveDocument');
    d = ok(await t.gql(SignDocumentDocument, { id: d.id, v: d.version, position: 'Chủ tịch' }, await as('ubnd.leader')), 'signDocument');
    expect(d.status).toBe('SIGNED');
    // Signed, it is read by its named handlers only: the signer (named when acting), not the unnamed clerk.
    expect((await t.gql(GetDocumentDocument, { id: d.id }, await as('ubnd.leader'))).data!.document!.status).toBe('SIGNED');
    const clerk = await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.reception'));
    expect(clerk.data?.issueDocument).toMatchObject({ __typename: 'DocumentNotFound' });
    const issued = ok(await t.gql(IssueDocumentDocument, { id: d.id, v: d.version }, await as('ubnd.leader')), 'issueDocument');
    expect(issued.status).toBe('ISSUED');
  });

  it('#8 Xuân Hương ward numbers its decisions with its configured abbreviation: 01/QĐ-UBND, not 01/QĐ-UBNDPXH', async () => {
    t.clock.set('2028-02-01T02:00:00Z');
    const d = await issueNew(
      decision({ issuerCode: XUAN_HUONG, subject: 'Quyết định thành lập tổ công tác chuyển đổi số phường Xuân Hương', recipients: [{ agencyCode: PROVINCE }] }),
      { drafter: 'xuanhuong.specialist', leader: 'xuanhuong.leader', clerk: 'xuanhuong.reception' },
    );
    expect(d).toMatchObject({ notation: 'QĐ-UBND', year: 2028, number: 1, numberAndSymbol: '01/QĐ-UBND' });
    const [row] = await t.sql(`select abbreviation from agency where code = $1`, [XUAN_HUONG]);
    expect(row.abbreviation).toBe('UBND');
    t.clock.set('2026-11-23T02:00:00Z');
  });
});

describe('arrival numbers', () => {
  it('ten documents accepted at once by one unit get ten distinct consecutive arrival numbers', async () => {
    const docs: Doc[] = [];
    for (let i = 0; i < 10; i++) docs.push(await issueNew(decision({ typeCode: 'CV', subject: `Công văn số ${i} về việc rà soát hồ sơ`, recipients: [{ agencyCode: EDUCATION }] })));
    const clerk = await as('edu.reception');
    const versions: number[] = [];
    for (const d of docs) versions.push(await entryVersion('edu.reception', EDUCATION, d.id));
    await Promise.all(docs.map((d, i) => t.gql(AcknowledgeDocumentDocument, { input: { documentId: d.id, expectedVersion: versions[i], accept: true } }, clerk).then((r) => ok(r, 'acknowledgeDocument'))));
    const rows = await t.sql(`select arrival_number from document_recipient r join agency a on a.id = r.agency_id where a.code = $1 and r.document_id = any($2::uuid[]) order by 1`, [EDUCATION, docs.map((d) => d.id)]);
    const numbers = rows.map((r) => r.arrival_number);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9] - numbers[0]).toBe(9);
  });
});

describe('secrecy and search', () => {
  it('a secret document is invisible to a non-handler, masked in the register, absent from search', async () => {
    const secretInput = decision({
      typeCode: 'QĐ', subject: 'Quyết định phê duyệt phương án bảo vệ mục tiêu quan trọng', secrecy: 'TOI_MAT',
      recipients: [{ agencyCode: LAND, handlerIds: [await t.accountId('land.leader')] }],
    });
    // An officer of the issuing unit who is neither named nor a leader cannot act on the draft (issue 19 #5: its leaders can).
    const unnamed = ok(await t.gql(DraftDocumentDocument, { input: secretInput }, await as('ubnd.specialist')), 'draftDocument');
    const refused = await t.gql(ApproveDocumentDocument, { id: unnamed.id, v: unnamed.version }, await as('ubnd.reception'));
    expect(refused.data?.approveDocument).toMatchObject({ __typename: 'DocumentNotFound' });
    const d = await issueNew({ ...secretInput, handlerIds: await issuerHandlers() });
    const handler = await t.gql(GetDocumentDocument, { id: d.id }, await as('land.leader'));
    expect(handler.data!.document!.subject).toContain('bảo vệ mục tiêu');
    const other = await t.gql(GetDocumentDocument, { id: d.id }, await as('land.reception'));
    expect(other.errors).toBeUndefined();
    expect(other.data!.document).toBeNull();
    const register = await t.gql(IncomingDocumentsDocument, { agencyCode: LAND, first: 100 }, await as('land.reception'));
    const row = register.data!.incomingDocuments.edges.find((e) => e.node.document.id === d.id)!;
    expect(row.node.document).toMatchObject({ secrecy: 'TOI_MAT', subject: null, numberAndSymbol: d.numberAndSymbol });
    const found = await t.gql(SearchDocumentsDocument, { text: 'bao ve muc tieu' }, await as('land.reception'));
    expect(found.data!.searchDocuments).toEqual([]);
    const byHandler = await t.gql(SearchDocumentsDocument, { text: 'bao ve muc tieu' }, await as('land.leader'));
    expect(byHandler.data!.searchDocuments.map((x) => x.id)).toEqual([d.id]);
    // The non-handler cannot act on it either, and learns nothing.
    const ack = await t.gql(AcknowledgeDocumentDocument, { input: { documentId: d.id, expectedVersion: 1, accept: true } }, await as('land.reception'));
    expect(ack.data?.acknowledgeDocument).toMatchObject({ __typename: 'DocumentNotFound' });
    // Once the leader assigns a specialist, the specialist reads it; the unit's others still see no content.
    ok(await acknowledge('land.leader', LAND, d.id), 'acknowledgeDocument');
    ok(await t.gql(AssignDocumentDocument, { input: { documentId: d.id, expectedVersion: await entryVersion('land.leader', LAND, d.id), assigneeId: await t.accountId('land.specialist') } }, await as('land.leader')), 'assignDocument');
    expect((await t.gql(GetDocumentDocument, { id: d.id }, await as('land.specialist'))).data!.document!.subject).toContain('bảo vệ mục tiêu');
    ok(await t.gql(ReportDocumentDocument, { input: { documentId: d.id, expectedVersion: await entryVersion('land.specialist', LAND, d.id), status: 'DONE', note: 'Đã triển khai phương án tại mục tiêu A' } }, await as('land.specialist')), 'reportDocument');
    const masked = (await t.gql(IncomingDocumentsDocument, { agencyCode: LAND, first: 100 }, await as('land.reception'))).data!.incomingDocuments.edges.find((e) => e.node.document.id === d.id)!;
    expect(masked.node.entry).toMatchObject({ status: 'DONE', note: null, assigneeName: null });
    expect((await t.gql(DocumentPackageDocument, { id: d.id }, await as('ubnd.reception'))).data!.documentPackage).toBeNull(); // never exported
  });

  it('finds “Quyết định” when asked for “quyet dinh”', async () => {
    const d = await issueNew(decision({ subject: 'Quyết định về việc công bố danh mục thủ tục hành chính lĩnh vực đất đai' }));
    const r = await t.gql(SearchDocumentsDocument, { text: 'quyet dinh cong bo danh muc' }, await as('land.reception'));
    expect(r.data!.searchDocuments.map((x) => x.id)).toContain(d.id);
    const exact = await t.gql(SearchDocumentsDocument, { text: 'Quyết định công bố' }, await as('ubnd.leader'));
    expect(exact.data!.searchDocuments.map((x) => x.id)).toContain(d.id);
    // Another unit's officers, not recipients, do not find it.
    const tax = await t.gql(SearchDocumentsDocument, { text: 'quyet dinh cong bo danh muc' }, await as('tax.reception'));
    expect(tax.data!.searchDocuments.map((x) => x.id)).not.toContain(d.id);
  });
});

describe('dossier results', () => {
  it('an issued decision is the dossier’s result', async () => {
    const r = await t.gql(ReceiveDossierDocument, {
      input: { procedureCode: '1.011543', formData: landForm('1.011543'), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
    }, await as('landreg.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const dossierId = r.data.receiveDossier.dossier.id;
    const d = await issueNew(
      { issuerCode: '000.13.01.H37', typeCode: 'QĐ', subject: 'Quyết định xác nhận đăng ký thế chấp quyền sử dụng đất', pageCount: 1, recipients: [{ agencyCode: LAND }], dossierId, files: [{ name: 'quyet-dinh.pdf', mediaType: 'application/pdf', contentBase64: pdf('QĐ') }] },
      { drafter: 'landreg.specialist', leader: 'landreg.leader', clerk: 'landreg.reception' },
    );
    expect(d.files).toHaveLength(1);
    const seen = await t.gql(DossierResultsDocument, { id: dossierId }, await as('landreg.reception'));
    expect(seen.data!.dossier!.resultDocuments).toEqual([{ numberAndSymbol: d.numberAndSymbol, subject: d.subject, status: 'ISSUED' }]);
    // The applicant sees the decision and its file, not the offices' handling of it.
    const mine = await t.gql(DossierResultsDeepDocument, { id: dossierId }, await as('citizen.an'));
    expect(mine.data!.dossier!.resultDocuments).toEqual([{ numberAndSymbol: d.numberAndSymbol, issuerCode: '000.13.01.H37', issuerName: expect.any(String), recipients: [], trace: [], files: [{ name: 'quyet-dinh.pdf' }] }]);
    const stranger = await t.gql(DossierResultsDocument, { id: dossierId }, await as('citizen.binh'));
    expect(stranger.data!.dossier).toBeNull();
    // The statistics count it as a result issued electronically, for the issuing office.
    await t.settled();
    const stats = await t.gql(DossierStatisticsDocument, { filter: { from: '2026-01-01', to: '2026-12-31', agencyCodes: ['000.13.01.H37'] }, groupBy: [] }, await as('analyst'));
    if (stats.data?.dossierStatistics.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(stats));
    expect(stats.data.dossierStatistics.total.resultsIssuedElectronically).toBe(1);
  });
});

describe('edXML exchange', () => {
  it('exports an issued document; a package cannot speak for a OneDoor agency', async () => {
    const d = await issueNew(decision({ typeCode: 'KH', subject: 'Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2027 & “số hóa”', recipients: [{ agencyCode: TAX }] }));
    const xml = (await t.gql(DocumentPackageDocument, { id: d.id }, await as('ubnd.reception'))).data!.documentPackage!;
    expect(xml).toContain('<?xml');
    expect(xml).toContain('<edXML:OrganId>000.00.00.H37</edXML:OrganId>');
    expect((await t.gql(DocumentPackageDocument, { id: d.id }, await as('tax.reception'))).data!.documentPackage).toBeNull();
    const forged = await t.gql(ImportDocumentPackageDocument, { xml }, await as('tax.reception'));
    expect(forged.data?.importDocumentPackage).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'from' }] });
  });

  it('files a plain QCVN 102 package from outside into the caller’s own inbox, once', async () => {
    const d = await issueNew(decision({ typeCode: 'HD', subject: 'Hướng dẫn thực hiện chế độ báo cáo thống kê', recipients: [{ agencyCode: TAX }, { agencyCode: LAND }] }));
    const xml = (await t.gql(DocumentPackageDocument, { id: d.id }, await as('ubnd.reception'))).data!.documentPackage!;
    // As another system would send it: no OneDoor extension, from a ministry outside OneDoor.
    const foreign = xml
      .replace(/<od:OneDoorExtension[\s\S]*?<\/od:OneDoorExtension>/, '')
      .replace(/<edXML:From>\s*<edXML:OrganId>[^<]*<\/edXML:OrganId>\s*<edXML:OrganName>[^<]*<\/edXML:OrganName>/, '<edXML:From><edXML:OrganId>000.00.00.G09</edXML:OrganId><edXML:OrganName>Bộ Tài chính</edXML:OrganName>');
    expect(foreign).not.toContain('od:');
    expect(foreign).toContain('000.00.00.G09');
    const imported = ok(await t.gql(ImportDocumentPackageDocument, { xml: foreign }, await as('tax.reception')), 'importDocumentPackage');
    expect(imported).toMatchObject({ number: d.number, typeCode: 'HD', origin: 'EDXML', status: 'ISSUED', subject: d.subject, issuer: null });
    // Only the importing unit's inbox: the land department is not filed into by the tax office.
    expect(imported.recipients.map((r) => r.agency.code)).toEqual([TAX]);
    const found = await t.gql(SearchDocumentsDocument, { text: 'huong dan che do bao cao thong ke' }, await as('tax.reception'));
    expect(found.data!.searchDocuments.find((x) => x.id === imported.id)).toMatchObject({ issuerCode: '000.00.00.G09', issuerName: 'Bộ Tài chính' });
    const again = await t.gql(ImportDocumentPackageDocument, { xml: foreign }, await as('tax.reception'));
    expect(again.data?.importDocumentPackage).toMatchObject({ __typename: 'DuplicateDocumentNumber' });
  });
});

describe('bad input writes nothing', () => {
  it('answers each with a typed error', async () => {
    const before = await counts(['official_document', 'document_recipient', 'document_trace', 'document_handler', 'document_file', 'document_counter', 'outbox_event']);
    const tooLong = await t.gql(DraftDocumentDocument, { input: decision({ subject: 'Đ'.repeat(501) }) }, await as('ubnd.specialist'));
    expect(tooLong.data?.draftDocument).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'subject' }] });
    const unknown = await t.gql(DraftDocumentDocument, { input: decision({ recipients: [{ agencyCode: '000.99.99.H37' }] }) }, await as('ubnd.specialist'));
    expect(unknown.data?.draftDocument).toMatchObject({ __typename: 'AgencyNotFound' });
    const secretWithoutHandlers = await t.gql(DraftDocumentDocument, { input: decision({ secrecy: 'MAT' }) }, await as('ubnd.specialist'));
    expect(secretWithoutHandlers.data?.draftDocument).toMatchObject({ __typename: 'ValidationFailed' });
    const otherAgency = await t.gql(DraftDocumentDocument, { input: decision() }, await as('land.specialist'));
    expect(otherAgency.data?.draftDocument).toMatchObject({ __typename: 'NotAuthorized' });
    const malformed = await t.gql(ImportDocumentPackageDocument, { xml: '<edXMLEnvelope><broken>' }, await as('tax.reception'));
    expect(malformed.data?.importDocumentPackage).toMatchObject({ __typename: 'MalformedPackage' });
    expect(await counts(['official_document', 'document_recipient', 'document_trace', 'document_handler', 'document_file', 'document_counter', 'outbox_event'])).toEqual(before);

    const d = await issueNew(decision({ recipients: [{ agencyCode: LAND }] }));
    const after = await counts(['document_recipient', 'document_trace']);
    const notRecipient = await t.gql(AcknowledgeDocumentDocument, { input: { documentId: d.id, expectedVersion: 1, accept: true } }, await as('tax.reception'));
    expect(notRecipient.data?.acknowledgeDocument).toMatchObject({ __typename: 'NotARecipient' });
    const rejectWithoutReason = await t.gql(AcknowledgeDocumentDocument, { input: { documentId: d.id, expectedVersion: 1, accept: false } }, await as('land.reception'));
    expect(rejectWithoutReason.data?.acknowledgeDocument).toMatchObject({ __typename: 'ValidationFailed' });
    expect(await counts(['document_recipient', 'document_trace'])).toEqual(after);
    const [{ n }] = await t.sql(`select count(*)::int as n from document_recipient where status <> 'INBOX' and document_id = $1`, [d.id]);
    expect(n).toBe(0);
  });
});

/** A secret document's readers in the issuing unit besides the drafter: the leader who approves and signs, the clerk who issues. */
async function issuerHandlers(): Promise<string[]> {
  return [await t.accountId('ubnd.leader'), await t.accountId('ubnd.reception')];
}

function track<T>(s: Subscriber<T>): Subscriber<T> {
  open.push(s as Subscriber<unknown>);
  return s;
}

async function until(f: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!f()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}
