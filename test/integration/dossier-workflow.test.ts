import {
  EstimateDueDateDocument,
  EvaluateDossierDocument,
  GetDossierDocument,
  PerformDossierActionDocument,
  ReceiveDossierDocument,
  SetCalendarDayDocument,
  SubmitDossierDocument,
  TrackDossierDocument,
  TrackDossierWithSecretDocument,
} from '../generated/graphql';
import { CITIZEN_AN, pdf, pdfFiles, startTestApp, TestApp, landForm } from '../support/harness';

const MORTGAGE = '1.011543'; // 3 working days, land registration office, with fees
const LANDREG = '000.13.01.H37';
const TAX = '000.00.30.H37';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const files = pdfFiles;
const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone };

async function submitOnline() {
  const token = await t.login('citizen.an');
  const r = await t.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, files: files(['TP1', 'TP2', 'TP3']) } }, token);
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.submitDossier.dossier;
}



describe('a citizen’s online journey', () => {
  it('goes from submission to evaluation with the clock, history and statuses right', async () => {
    t.clock.set('2026-11-23T01:30:00Z'); // Mon 08:30
    const d0 = await submitOnline();
    expect(d0.code).toMatch(/^000\.13\.01\.H37-261123-\d{4}$/);
    expect(d0.nationalStatus).toEqual({ code: 1, name: 'Mới đăng ký' });
    expect(d0.dueAt).toBeNull();
    expect(d0.files).toHaveLength(3);
    expect(d0.files[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    t.clock.set('2026-11-23T02:00:00Z'); // Mon 09:00
    let d = await t.act('landreg.reception', d0.id, 1, 'receive');
    expect(d.nationalStatus.code).toBe(2);
    // 3 working days of 8 h from Mon 09:00 → Thu 09:00 local
    expect(d.dueAt).toBe('2026-11-26T02:00:00.000Z');
    d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    expect(d.assignee?.fullName).toBe('Đặng Quốc Bảo');
    expect(d.nationalStatus.code).toBe(4);
    d = await t.act('landreg.specialist', d.id, d.version, 'requestPayment');
    expect(d.nationalStatus.code).toBe(6);
    t.clock.set('2026-11-24T02:00:00Z'); // paid a working day later
    d = await t.act('landreg.reception', d.id, d.version, 'pay');
    expect(d.dueAt).toBe('2026-11-27T02:00:00.000Z'); // pushed by the 8 working hours of the pause
    d = await t.act('landreg.leader', d.id, d.version, 'approve');
    expect(d.nationalStatus).toEqual({ code: 9, name: 'Đã xử lý xong' });
    expect(d.timeliness).toBe('EARLY');
    d = await t.act('landreg.reception', d.id, d.version, 'returnResult');
    expect(d.nationalStatus.code).toBe(10);

    const ev = await t.gql(EvaluateDossierDocument, { input: { dossierId: d.id, level: 'VERY_SATISFIED', comment: 'Nhanh, đúng hẹn' } }, await t.login('citizen.an'));
    expect(ev.data?.evaluateDossier.__typename).toBe('DossierPayload');
    const again = await t.gql(EvaluateDossierDocument, { input: { dossierId: d.id, level: 'NEUTRAL' } }, await t.login('citizen.an'));
    expect(again.data?.evaluateDossier.__typename).toBe('TransitionNotAllowed');

    const full = await t.gql(GetDossierDocument, { id: d.id }, await t.login('citizen.an'));
    const dossier = full.data!.dossier!;
    expect(dossier.evaluation).toEqual({ level: 'VERY_SATISFIED', label: 'Rất hài lòng', comment: 'Nhanh, đúng hẹn' });
    expect(dossier.history.map((h) => h.action)).toEqual(['evaluate', 'returnResult', 'approve', 'pay', 'requestPayment', 'assign', 'receive', 'submit']);
    expect(dossier.pauses).toEqual([{ reason: 'requestPayment', startedAt: expect.any(String), endedAt: '2026-11-24T02:00:00.000Z' }]);
    expect(dossier.applicant.idNumber).toBe(CITIZEN_AN.identityNumber);

    const track = await t.gql(TrackDossierDocument, { code: d.code, applicantIdNumber: CITIZEN_AN.identityNumber });
    expect(track.data?.trackDossier).toMatchObject({ code: d.code, status: { code: 10 }, holdingAgencyName: 'Văn phòng đăng ký đất đai tỉnh Lâm Đồng' });
    const wrong = await t.gql(TrackDossierDocument, { code: d.code, applicantIdNumber: '068085009999' });
    expect(wrong.data?.trackDossier).toBeNull();
    // Or with the secret printed on the receipt (Mẫu 01), which only the applicant and officers see.
    expect(d0.lookupSecret).toMatch(/^[A-HJ-KM-NP-Z2-9]{10}$/);
    const bySecret = await t.gql(TrackDossierWithSecretDocument, { code: d.code, lookupSecret: d0.lookupSecret!.toLowerCase() });
    expect(bySecret.data?.trackDossierWithSecret).toMatchObject({ code: d.code, status: { code: 10 } });
    const badSecret = await t.gql(TrackDossierWithSecretDocument, { code: d.code, lookupSecret: 'AAAAAAAAAA' });
    expect(badSecret.data?.trackDossierWithSecret).toBeNull();
    const asAnalyst = await t.gql(GetDossierDocument, { id: d.id }, await t.login('analyst'));
    expect(asAnalyst.data!.dossier!.lookupSecret).toBeNull();
    // Public tracking can show nothing more than status, holding agency and dates.
    const shape = await t.raw({ query: '{ __type(name: "DossierTracking") { fields { name } } }' });
    expect(shape.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(['code', 'dueAt', 'holdingAgencyName', 'receivedAt', 'status']);
  });
});

describe('workflow paths', () => {
  it('a supplement request pauses the clock and pushes the due date by the working time paused', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    const d0 = await submitOnline();
    let d = await t.act('landreg.reception', d0.id, 1, 'receive');
    const due = d.dueAt!;
    d = await t.act('landreg.reception', d.id, d.version, 'requestSupplement', { note: 'Thiếu bản sao hợp đồng thế chấp có công chứng' });
    expect(d.nationalStatus.code).toBe(5);
    expect(d.availableActions.map((a) => a.key)).not.toContain('approve');
    t.clock.set('2026-11-25T02:00:00Z'); // two working days later
    const token = await t.login('citizen.an');
    const r = await t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'submitSupplement', expectedVersion: d.version, files: files(['TP2']) } }, token);
    if (r.data?.performDossierAction.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    d = r.data.performDossierAction.dossier;
    // Paused Mon 09:00 → Wed 09:00 = 16 working hours: due moves from Thu 09:00 over the weekend to Mon 09:00.
    expect(due).toBe('2026-11-26T02:00:00.000Z');
    expect(d.dueAt).toBe('2026-11-30T02:00:00.000Z');
    expect(d.pauses[0].endedAt).toBe('2026-11-25T02:00:00.000Z');
    expect(d.files).toHaveLength(4);
  });

  it('refusal and withdrawal close the dossier with the reason in the history', async () => {
    const a = await submitOnline();
    const refused = await t.act('landreg.reception', a.id, 1, 'refuse', { note: 'Không thuộc thẩm quyền (Mẫu 03)' });
    expect(refused.nationalStatus).toEqual({ code: 3, name: 'Không được tiếp nhận' });
    expect(refused.timeliness).toBe('CLOSED');
    expect(refused.availableActions).toEqual([]);
    const b = await submitOnline();
    const w = await t.gql(PerformDossierActionDocument, { input: { dossierId: b.id, action: 'withdraw', expectedVersion: 1, note: 'Tôi muốn rút hồ sơ' } }, await t.login('citizen.an'));
    expect(w.data?.performDossierAction).toMatchObject({ __typename: 'DossierPayload', dossier: { nationalStatus: { code: 7 } } });
  });

  it('an apology with a new appointment comes before the due date, and the dossier stays late in the record', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = await t.act('landreg.reception', (await submitOnline()).id, 1, 'receive');
    d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    t.clock.set('2026-11-25T02:00:00Z'); // Wed, a day before the Thu due date
    d = await t.act('landreg.leader', d.id, d.version, 'apologize', { note: 'Xin lỗi vì phải xác minh thực địa', newDueDate: '2026-12-02T09:00:00.000Z' });
    expect(d.dueAt).toBe('2026-12-02T09:00:00.000Z');
    expect(d.originalDueAt).toBe('2026-11-26T02:00:00.000Z');
    expect(d.overdue).toBe(false);
    t.clock.set('2026-11-27T02:00:00Z'); // Fri, a day after the original due date, before the new appointment
    const late = await t.gql(GetDossierDocument, { id: d.id }, await t.login('landreg.leader'));
    expect(late.data!.dossier!.timeliness).toBe('IN_PROGRESS_LATE');
    expect(late.data!.dossier!.overdue).toBe(true);
    d = await t.act('landreg.specialist', d.id, d.version, 'submitForApproval');
    d = await t.act('landreg.leader', d.id, d.version, 'approve');
    expect(d.timeliness).toBe('LATE');
  });

  it('refuses an apology once the due date has passed, and the late dossier stays overdue everywhere (issue 19 #1)', async () => {
    t.clock.set('2027-03-08T08:00:00Z'); // Mon 08/03/2027 15:00 Vietnam time
    let d = await t.act('landreg.reception', (await submitOnline()).id, 1, 'receive');
    expect(d.dueAt).toBe('2027-03-11T08:00:00.000Z'); // Thu 11/03 15:00
    d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    t.clock.set('2027-03-16T03:00:00Z'); // Tue 16/03 10:00: already late
    const leader = await t.login('landreg.leader');
    const r = await t.gql(PerformDossierActionDocument, {
      input: { dossierId: d.id, action: 'apologize', expectedVersion: d.version, note: 'Xin lỗi', newDueDate: '2027-03-19T08:00:00.000Z' },
    }, leader);
    // The engine's one rule decides both: not offered, and refused as not allowed now.
    const res = r.data!.performDossierAction as { __typename: string; message: string; availableActions?: string[] };
    expect(res.__typename).toBe('TransitionNotAllowed');
    expect(res.message).toMatch(/Mẫu 04/);
    expect(res.availableActions).not.toContain('apologize');
    const after = (await t.gql(GetDossierDocument, { id: d.id }, leader)).data!.dossier!;
    expect(after.dueAt).toBe('2027-03-11T08:00:00.000Z');
    expect(after.version).toBe(d.version);
    expect(after.overdue).toBe(true);
    expect(after.timeliness).toBe('IN_PROGRESS_LATE');
    // The dashboard counts it overdue.
    const agency = (await t.sql('select holding_agency_id as id from dossier where id = $1', [d.id]))[0].id;
    const before = await t.app.services.dashboards.counts(agency);
    expect(before.overdue).toBeGreaterThanOrEqual(1);
    // A dossier apologised for in time and then past its ORIGINAL due date is overdue on the dashboard too:
    // late stays late whatever was promised afterwards.
    t.clock.set('2027-03-08T08:00:00Z');
    let e = await t.act('landreg.reception', (await submitOnline()).id, 1, 'receive');
    t.clock.set('2027-03-10T08:00:00Z');
    e = await t.act('landreg.leader', e.id, e.version, 'apologize', { note: 'Xin lỗi vì phải xác minh thực địa', newDueDate: '2027-03-25T08:00:00.000Z' });
    t.clock.set('2027-03-16T03:00:00Z');
    const withApology = await t.app.services.dashboards.counts(agency);
    expect(withApology.overdue).toBe(before.overdue + 1);
    expect((await t.gql(GetDossierDocument, { id: e.id }, leader)).data!.dossier!.overdue).toBe(true);
  });

  it('a transfer hands the dossier to another agency and records how long each held it', async () => {
    t.clock.set('2026-11-23T02:00:00Z');
    let d = await t.act('landreg.reception', (await submitOnline()).id, 1, 'receive');
    d = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    t.clock.set('2026-11-23T06:00:00Z'); // 13:00 local: 3.5 working hours later (lunch excluded)
    d = await t.act('landreg.specialist', d.id, d.version, 'transfer', { targetAgencyCode: TAX, note: 'Chuyển cơ quan thuế xác định nghĩa vụ tài chính' });
    expect(d.holdingAgency.code).toBe(TAX);
    expect(d.assignee).toBeNull();
    expect(d.agencyStints.map((s) => [s.agency.code, s.workingHours])).toEqual([[LANDREG, 2.5], [TAX, 0]]);
    // The tax office now sees it and may act; the land office still sees its history.
    const taxView = await t.gql(GetDossierDocument, { id: d.id }, await t.login('tax.leader'));
    expect(taxView.data!.dossier!.availableActions.map((a) => a.key)).toContain('assign');
    const landView = await t.gql(GetDossierDocument, { id: d.id }, await t.login('landreg.reception'));
    expect(landView.data!.dossier!.availableActions).toEqual([]);
  });

  it('counter reception by an officer starts the clock at once', async () => {
    t.clock.set('2026-11-23T11:00:00Z'); // Mon 18:00 local: after hours
    const r = await t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, channel: 'COUNTER', note: 'Nhận tại quầy số 3' } }, await t.login('landreg.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const d = r.data.receiveDossier.dossier;
    expect(d.channel).toBe('COUNTER');
    expect(d.nationalStatus.code).toBe(2);
    expect(d.code).toMatch(/^000\.13\.01\.H37-261123-\d{4}$/);
    // Received after closing: counts from Tue 07:00, 3 working days → Thu 17:00 local
    expect(d.dueAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('a stale expectedVersion returns VersionConflict and changes nothing', async () => {
    const d = await submitOnline();
    await t.act('landreg.reception', d.id, 1, 'receive');
    const r = await t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'refuse', expectedVersion: 1, note: 'x' } }, await t.login('landreg.reception'));
    expect(r.data?.performDossierAction).toMatchObject({ __typename: 'VersionConflict', expectedVersion: 1, actualVersion: 2 });
    const rows = await t.sql('select state, version from dossier where id = $1', [d.id]);
    expect(rows[0]).toEqual({ state: 'RECEIVED', version: 2 });
  });
});

describe('dossier codes', () => {
  it('50 concurrent receptions for one agency get 50 distinct consecutive codes', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const token = await t.login('landreg.reception');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, channel: 'COUNTER' } }, token)),
    );
    const codes = results.map((r) => {
      if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      return r.data.receiveDossier.dossier.code;
    });
    expect(new Set(codes).size).toBe(50);
    const seq = codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b);
    expect(seq).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(codes.every((c) => c.startsWith('000.13.01.H37-261201-'))).toBe(true);
  });

  // Issue 19, defect 7: after 9,999 receptions in a day the code became `…-10000`. The national
  // format has a 4-digit daily sequence: the 10,000th is refused, nothing written, number given back.
  it('the 10,000th reception (or online submission) of a day is refused as DailyCodeLimitReached and writes nothing', async () => {
    const [{ id: agencyId }] = await t.sql('select id from agency where code = $1', [LANDREG]);
    const count = async (day: string) => ({
      dossiers: (await t.sql("select count(*)::int as n from dossier where code like $1", [`${LANDREG}-${day}-%`]))[0].n,
      last: (await t.sql('select last from dossier_code_counter where agency_id = $1 and day = $2', [agencyId, `20${day.slice(0, 2)}-${day.slice(2, 4)}-${day.slice(4)}`]))[0]?.last,
    });

    // Days no other test receives on; the clock goes back afterwards (later tests file on its day).
    const was = t.clock.now().toISOString();
    t.clock.set('2026-10-07T02:00:00Z'); // Wed 09:00
    await t.sql("insert into dossier_code_counter (agency_id, day, last) values ($1, '2026-10-07', 9999)", [agencyId]);
    const before = await count('261007');
    const r = await t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, channel: 'COUNTER' } }, await t.login('landreg.reception'));
    expect(r.data?.receiveDossier).toMatchObject({ __typename: 'DailyCodeLimitReached', code: 'DAILY_CODE_LIMIT_REACHED' });
    expect(await count('261007')).toEqual({ dossiers: before.dossiers, last: 9999 });

    t.clock.set('2026-10-08T02:00:00Z'); // Thu 09:00: online submissions take a code too
    await t.sql("insert into dossier_code_counter (agency_id, day, last) values ($1, '2026-10-08', 9999)", [agencyId]);
    const online = await t.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant, files: files(['TP1', 'TP2', 'TP3']) } }, await t.login('citizen.an'));
    expect(online.data?.submitDossier).toMatchObject({ __typename: 'DailyCodeLimitReached', code: 'DAILY_CODE_LIMIT_REACHED' });
    expect(await count('261008')).toEqual({ dossiers: 0, last: 9999 });

    // The number before the limit is still given, with four digits.
    await t.sql("update dossier_code_counter set last = 9998 where agency_id = $1 and day = '2026-10-08'", [agencyId]);
    expect((await submitOnline()).code).toBe(`${LANDREG}-261008-9999`);
    t.clock.set(was);
  });
});

describe('attachments', () => {
  it('the applicant and handling officers download a file; observers and strangers do not', async () => {
    const d = await submitOnline();
    const file = d.files.find((f) => f.componentCode === 'TP2')!;
    const base = t.url.replace(/\/graphql$/, '');
    const get = async (user?: string) =>
      fetch(`${base}${file.downloadPath}`, { headers: user ? { authorization: `Bearer ${await t.login(user)}` } : {} });
    const mine = await get('citizen.an');
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await mine.arrayBuffer()).toString('base64')).toBe(pdf('TP2'));
    expect((await get('landreg.reception')).status).toBe(200);
    expect((await get('analyst')).status).toBe(404);
    expect((await get('citizen.binh')).status).toBe(404);
    expect((await get()).status).toBe(401);
  });
});

describe('complaints and denunciations', () => {
  it('are refused as one-stop dossiers (a denouncer would be visible to the whole agency) and nothing is written', async () => {
    const before = (await t.sql(`select count(*)::int as n from dossier`))[0].n;
    const r = await t.gql(ReceiveDossierDocument, { input: { procedureCode: '2.002189', applicant, channel: 'POST' } }, await t.login('insp.reception'));
    expect(r.data?.receiveDossier).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'formData.procedure' }] });
    expect((await t.sql(`select count(*)::int as n from dossier`))[0].n).toBe(before);
  });
});

describe('the holiday calendar as data', () => {
  it('a holiday set by an admin moves estimated due dates at once and is announced in the outbox; removing it moves them back', async () => {
    const estimate = async () => (await t.gql(EstimateDueDateDocument, { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), receivedAt: '2026-12-07T02:00:00.000Z' })).data!.estimateDueDate;
    // Mon 7 Dec 09:00 + 3 working days → Thu 10 Dec 09:00
    expect(await estimate()).toBe('2026-12-10T02:00:00.000Z');
    const admin = await t.login('admin');
    const set = await t.gql(SetCalendarDayDocument, { date: '2026-12-08', kind: 'HOLIDAY', name: 'Ngày nghỉ thử nghiệm' }, admin);
    expect(set.data?.setCalendarDay.__typename).toBe('CalendarDayPayload');
    expect(await estimate()).toBe('2026-12-11T02:00:00.000Z');
    const events = await t.sql(`select payload from outbox_event where aggregate_type = 'Calendar' and aggregate_id = '2026-12-08' order by id`);
    expect(events.map((e) => e.payload.change)).toEqual(['set']);
    const removed = await t.raw({ query: 'mutation { removeCalendarDay(date: "2026-12-08") }' }, admin);
    expect(removed.data.removeCalendarDay).toBe(true);
    expect(await estimate()).toBe('2026-12-10T02:00:00.000Z');
    expect((await t.sql(`select count(*)::int as n from outbox_event where aggregate_type = 'Calendar' and aggregate_id = '2026-12-08'`))[0].n).toBe(2);
  });
});
