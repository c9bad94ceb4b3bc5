import { startTestApp, TestApp } from '../support/harness';

/**
 * Issue 19 #11, documents' own deadlines (Decree 30/2020/NĐ-CP): an outgoing document is issued
 * the day it is signed or at the latest the next working day (an urgent one the same day), and a
 * recipient unit acknowledges a delivered document the day it arrives. The deadlines follow the
 * working calendar (weekend, the 30/4–1/5 holidays), late ones are flagged in the document, in
 * both registers (flag and filter) and in the counts, with a clock set by hand.
 */

const PROVINCE = '000.00.00.H37';
const LAND = '000.00.13.H37';
const EDUCATION = '000.00.09.H37';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

/** Local time (UTC+7) as an instant. */
const local = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();

const DOC = `id version status urgency signedAt issueDueAt issuedAt issueLate
  recipients { agency { code } version deliveredAt acknowledgeDueAt acknowledgedAt acknowledgeLate }`;
const RESULT = `__typename ... on DocumentPayload { document { ${DOC} } } ... on ErrorResult { code message }`;

async function call(user: string, query: string, variables: Record<string, unknown>) {
  const r = await t.raw({ query, variables }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data;
}

async function step(user: string, mutation: string, args: string, variables: Record<string, unknown>) {
  const data = await call(user, `mutation(${args}) { r: ${mutation} { ${RESULT} } }`, variables);
  expect(data.r.__typename).toBe('DocumentPayload');
  return data.r.document;
}

/** Drafted and approved on Monday; signed at `signedAt` (the clock is moved there). */
async function signed(signedAt: string, urgency = 'NORMAL', subject = 'Công văn về việc kiểm tra hạn phát hành') {
  t.clock.set(local('2026-03-02', '08:00'));
  let d = await step('ubnd.specialist', 'draftDocument(input: $input)', '$input: DraftDocumentInput!', {
    input: { issuerCode: PROVINCE, typeCode: 'CV', subject, pageCount: 1, urgency, recipients: [{ agencyCode: LAND }, { agencyCode: EDUCATION }] },
  });
  d = await step('ubnd.leader', 'approveDocument(id: $id, expectedVersion: $v)', '$id: ID!, $v: Int!', { id: d.id, v: d.version });
  t.clock.set(signedAt);
  return step('ubnd.leader', 'signDocument(id: $id, expectedVersion: $v, signerPosition: $p)', '$id: ID!, $v: Int!, $p: String!', { id: d.id, v: d.version, p: 'Chủ tịch' });
}

async function issue(d: { id: string; version: number }, at: string) {
  t.clock.set(at);
  return step('ubnd.reception', 'issueDocument(id: $id, expectedVersion: $v)', '$id: ID!, $v: Int!', { id: d.id, v: d.version });
}

async function acknowledge(d: { id: string }, agencyCode: string, user: string, at: string) {
  t.clock.set(at);
  const entry = (await get(d.id, user)).recipients.find((r: { agency: { code: string } }) => r.agency.code === agencyCode);
  return step(user, 'acknowledgeDocument(input: $input)', '$input: AcknowledgeDocumentInput!', { input: { documentId: d.id, expectedVersion: entry.version, accept: true, agencyCode } });
}

async function get(id: string, user = 'ubnd.reception') {
  return (await call(user, `query($id: ID!) { document(id: $id) { ${DOC} } }`, { id })).document;
}

async function counts(agencyCode: string, user: string, from?: string, to?: string) {
  const q = 'query($a: String!, $from: DateTime, $to: DateTime) { c: documentDeadlineCounts(agencyCode: $a, from: $from, to: $to) { outgoingTracked outgoingAwaitingIssue outgoingLate incomingTracked incomingAwaitingAcknowledgement incomingLate } }';
  return (await call(user, q, { a: agencyCode, from, to })).c;
}

async function register(kind: 'outgoingDocuments' | 'incomingDocuments', agencyCode: string, user: string, late: boolean) {
  const node = kind === 'outgoingDocuments' ? 'id issueLate' : 'entry { acknowledgeLate } document { id }';
  const data = await call(user, `query($a: String!, $f: DocumentRegisterFilter) { r: ${kind}(agencyCode: $a, filter: $f, first: 100) { edges { node { ${node} } } } }`, { a: agencyCode, f: { late } });
  return data.r.edges.map((e: { node: any }) => e.node);
}

describe('issue after signing: the same or the next working day', () => {
  it('signed on Friday: due Monday 17:00; issued Monday on time, Tuesday late', async () => {
    const friday = local('2026-03-06', '10:00');
    const a = await signed(friday);
    expect([a.signedAt, a.issueDueAt, a.issueLate]).toEqual([friday, local('2026-03-09', '17:00'), false]);
    // Over the weekend it is not late yet.
    t.clock.set(local('2026-03-08', '20:00'));
    expect((await get(a.id)).issueLate).toBe(false);
    const onTime = await issue(a, local('2026-03-09', '16:59'));
    expect([onTime.status, onTime.issueLate]).toEqual(['ISSUED', false]);

    const b = await signed(friday);
    const late = await issue(b, local('2026-03-10', '08:00'));
    expect([late.issueDueAt, late.issueLate]).toEqual([local('2026-03-09', '17:00'), true]);
  });

  it('signed on a Saturday: due Monday; signed before the 30/4 and 1/5 holidays: due the Monday after', async () => {
    expect((await signed(local('2026-03-07', '09:00'))).issueDueAt).toBe(local('2026-03-09', '17:00'));
    // Wednesday 29/4 after closing: Thursday 30/4 and Friday 1/5 are public holidays.
    const beforeHolidays = await signed(local('2026-04-29', '18:30'));
    expect(beforeHolidays.issueDueAt).toBe(local('2026-05-04', '17:00'));
    expect((await issue(beforeHolidays, local('2026-05-04', '09:00'))).issueLate).toBe(false);
  });

  it('an urgent document is due the working day it is signed (signed after closing: the next one)', async () => {
    const urgent = await signed(local('2026-03-06', '10:00'), 'HOA_TOC');
    expect(urgent.issueDueAt).toBe(local('2026-03-06', '17:00'));
    expect((await issue(urgent, local('2026-03-09', '07:30'))).issueLate).toBe(true);
    expect((await signed(local('2026-03-06', '17:30'), 'KHAN')).issueDueAt).toBe(local('2026-03-09', '17:00'));
  });

  it('still unissued past its deadline: flagged, found by the register’s filter and counted; the counts equal the flags', async () => {
    const pending = await signed(local('2026-03-12', '10:00'), 'NORMAL', 'Công văn chưa phát hành');
    t.clock.set(local('2026-03-16', '08:00'));
    expect((await get(pending.id)).issueLate).toBe(true);
    const lateNodes = await register('outgoingDocuments', PROVINCE, 'ubnd.reception', true);
    expect(lateNodes.map((n: { id: string }) => n.id)).toContain(pending.id);
    expect(lateNodes.every((n: { issueLate: boolean }) => n.issueLate)).toBe(true);
    const onTimeNodes = await register('outgoingDocuments', PROVINCE, 'ubnd.reception', false);
    expect(onTimeNodes.every((n: { issueLate: boolean }) => !n.issueLate)).toBe(true);
    const c = await counts(PROVINCE, 'ubnd.leader');
    expect(c.outgoingLate).toBe(lateNodes.length);
    expect(c.outgoingTracked).toBe(lateNodes.length + onTimeNodes.length);
    expect(c.outgoingAwaitingIssue).toBeGreaterThanOrEqual(1);
    // Seven signed: late are b (issued Tuesday), Saturday's and the KHAN one (never issued), the urgent one (issued Monday) and this one.
    expect(c).toMatchObject({ outgoingTracked: 7, outgoingAwaitingIssue: 3, outgoingLate: 5 });
    // Signed in the week of 12 March: this one only.
    expect(await counts(PROVINCE, 'ubnd.leader', local('2026-03-12', '00:00'), local('2026-03-14', '00:00'))).toMatchObject({ outgoingTracked: 1, outgoingAwaitingIssue: 1, outgoingLate: 1 });
  });
});

describe('acknowledgement on arrival: the same working day', () => {
  it('delivered Friday 16:30 is due Friday 17:00; delivered after closing, due Monday; late ones flagged in the register and counted', async () => {
    const inOfficeHours = await issue(await signed(local('2026-03-20', '09:00'), 'NORMAL', 'Văn bản đến trong giờ'), local('2026-03-20', '16:30'));
    const afterClosing = await issue(await signed(local('2026-03-20', '09:00'), 'NORMAL', 'Văn bản đến sau giờ'), local('2026-03-20', '17:30'));
    const land = (d: { recipients: { agency: { code: string } }[] }) => d.recipients.find((r) => r.agency.code === LAND) as any;
    expect(land(inOfficeHours).acknowledgeDueAt).toBe(local('2026-03-20', '17:00'));
    expect(land(afterClosing).acknowledgeDueAt).toBe(local('2026-03-23', '17:00'));
    await acknowledge(inOfficeHours, LAND, 'land.reception', local('2026-03-23', '08:00'));
    await acknowledge(afterClosing, LAND, 'land.reception', local('2026-03-23', '08:05'));
    expect(land(await get(inOfficeHours.id, 'land.reception'))).toMatchObject({ acknowledgeLate: true });
    expect(land(await get(afterClosing.id, 'land.reception'))).toMatchObject({ acknowledgeLate: false });
    // Education has not acknowledged either: both late by Monday evening.
    t.clock.set(local('2026-03-23', '17:01'));
    const eduLate = await register('incomingDocuments', EDUCATION, 'edu.reception', true);
    expect(eduLate.map((n: { document: { id: string } }) => n.document.id)).toEqual(expect.arrayContaining([inOfficeHours.id, afterClosing.id]));
    const [from, to] = [local('2026-03-20', '00:00'), local('2026-03-21', '00:00')];
    expect(await counts(EDUCATION, 'edu.reception', from, to)).toEqual({ outgoingTracked: 0, outgoingAwaitingIssue: 0, outgoingLate: 0, incomingTracked: 2, incomingAwaitingAcknowledgement: 2, incomingLate: 2 });
    expect(await counts(LAND, 'land.leader', from, to)).toMatchObject({ incomingTracked: 2, incomingAwaitingAcknowledgement: 0, incomingLate: 1 });
  });

  it('delivered the evening before the holidays: due the Monday after', async () => {
    const d = await issue(await signed(local('2026-04-29', '09:00')), local('2026-04-29', '18:00'));
    expect(d.recipients.map((r: { acknowledgeDueAt: string }) => r.acknowledgeDueAt)).toEqual([local('2026-05-04', '17:00'), local('2026-05-04', '17:00')]);
  });

  it('the counts are the agency officers’ only', async () => {
    const r = await t.raw({ query: 'query { documentDeadlineCounts(agencyCode: "000.00.00.H37") { outgoingLate } }' }, await t.login('citizen.an'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await t.raw({ query: 'query { documentDeadlineCounts(agencyCode: "000.00.00.H37") { outgoingLate } }' }, await t.login('land.leader'));
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
