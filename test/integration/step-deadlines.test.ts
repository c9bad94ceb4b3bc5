import { GetDossierDocument, PerformDossierActionDocument, ProcessControlDocument, ProcessControlPageDocument, ReceiveDossierDocument, SetCalendarDayDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, startTestApp, TestApp } from '../support/harness';

/**
 * Per-step deadlines with escalation (issue 19), with a clock set by hand across a weekend and a
 * holiday. The mortgage registration takes 3 working days; the standard workflow gives reception
 * 10 %, appraisal 60 % and the leader's approval 20 % of it, in working time, and the holder is
 * warned at 80 % of a step's budget (STEP_WARNING_PERCENT's default).
 */
const MORTGAGE = '1.011543';
const LANDREG = '000.13.01.H37';
const JOB = 'dossiers.step-deadlines';

let t: TestApp;
let agencyId: string;
beforeAll(async () => {
  t = await startTestApp();
  // Fri 16/04/2027 is a holiday (Giỗ Tổ Hùng Vương, 10/3 âm lịch, (unverified) date; holidays are data an admin enters).
  const set = await t.gql(SetCalendarDayDocument, { date: '2027-04-16', kind: 'HOLIDAY', name: 'Giỗ Tổ Hùng Vương' }, await t.login('admin'));
  expect(set.data?.setCalendarDay.__typename).toBe('CalendarDayPayload');
  // Officers with an e-mail address get the notices by e-mail.
  await t.sql(`update account set email = username || '@landreg.example.vn' where username in ('landreg.specialist', 'landreg.leader')`);
  agencyId = (await t.sql('select id from agency where code = $1', [LANDREG]))[0].id;
});
afterAll(async () => {
  await t?.stop();
});

const at = (iso: string) => t.clock.set(iso);

async function receivedAndAssigned() {
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  const d = r.data.receiveDossier.dossier;
  return t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
}

const alerts = (dossierId: string) =>
  t.sql(`select action, actor_id, actor_name, note, data from dossier_history where dossier_id = $1 and action in ('stepWarning', 'stepEscalation') order by id`, [dossierId]);
const staffMails = (dossierId: string) =>
  t.sql(`select kind::text, recipient, subject from notification where dossier_id = $1 and kind::text like 'STEP_%' order by created_at, recipient`, [dossierId]);
const run = () => t.app.services.jobs.runNow(JOB);
const slip = async (id: string, user = 'landreg.leader') => (await t.gql(ProcessControlDocument, { id }, await t.login(user))).data!.dossier;

describe('per-step deadlines with escalation', () => {
  let d1: string;

  it('warns the holder once before the budget runs out, across a weekend and a holiday, and escalates once after', async () => {
    at('2027-04-15T08:00:00Z'); // Thu 15/04 15:00: received at the counter and assigned at once
    const before = await t.app.services.dashboards.counts(agencyId);
    d1 = (await receivedAndAssigned()).id;
    // Appraisal: 60 % of 3 working days = 14.4 working hours. Thu 2 h, Fri holiday, weekend, Mon 8 h:
    // the 80 % mark (11.52 h) is Tue 20/04 08:31, the deadline Tue 11:24.
    const [step] = await t.sql(`select budget_minutes, warn_at, deadline_at from dossier_step where dossier_id = $1 and ended_at is null`, [d1]);
    expect(step).toEqual({ budget_minutes: 864, warn_at: new Date('2027-04-20T01:31:00Z'), deadline_at: new Date('2027-04-20T04:24:00Z') });

    for (const now of ['2027-04-16T03:00:00Z', '2027-04-17T03:00:00Z', '2027-04-19T09:59:00Z', '2027-04-20T01:30:00Z']) {
      at(now); // the holiday, Saturday, Mon 16:59, Tue 08:30: not yet
      expect(await run()).toBe(true);
    }
    expect(await alerts(d1)).toEqual([]);
    expect((await t.app.services.dashboards.counts(agencyId)).stepsAtRisk).toBe(before.stepsAtRisk);

    at('2027-04-20T01:31:00Z'); // Tue 08:31
    expect(await run()).toBe(true);
    expect(await run()).toBe(true); // a rerun sends nothing twice
    const warned = await alerts(d1);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ action: 'stepWarning', actor_id: null, actor_name: 'Hệ thống (theo dõi thời hạn bước xử lý)' });
    expect(warned[0].note).toContain('Đang thẩm định');
    expect(warned[0].data.notifiedAccountIds).toEqual([await t.accountId('landreg.specialist')]);
    const atRisk = await t.app.services.dashboards.counts(agencyId);
    expect(atRisk.stepsAtRisk).toBe(before.stepsAtRisk + 1);
    expect(atRisk.stepsOverdue).toBe(before.stepsOverdue);

    // Two instances run the job at the same moment past the deadline: one escalation.
    const other = await startTestApp({ sameDatabaseAs: t });
    try {
      other.clock.set('2027-04-20T04:25:00Z');
      at('2027-04-20T04:25:00Z'); // Tue 11:25
      await Promise.all([run(), other.app.services.jobs.runNow(JOB), run()]);
      expect(await run()).toBe(true);
    } finally {
      await other.stop();
    }
    const both = await alerts(d1);
    expect(both.map((h) => h.action)).toEqual(['stepWarning', 'stepEscalation']);
    expect(both[1].data.notifiedAccountIds).toEqual([await t.accountId('landreg.leader')]);
    const overdue = await t.app.services.dashboards.counts(agencyId);
    expect(overdue.stepsAtRisk).toBe(before.stepsAtRisk);
    expect(overdue.stepsOverdue).toBe(before.stepsOverdue + 1);

    // Written to the outbox and e-mailed to the officers, once each.
    const events = await t.sql(`select payload from outbox_event where aggregate_id = $1 and payload->>'action' in ('stepWarning', 'stepEscalation') order by id`, [d1]);
    expect(events.map((e) => e.payload.staffNotice.kind)).toEqual(['STEP_WARNING', 'STEP_ESCALATION']);
    await t.settled();
    expect(await staffMails(d1)).toEqual([
      { kind: 'STEP_WARNING', recipient: 'landreg.specialist@landreg.example.vn', subject: expect.stringContaining('Sắp hết thời hạn') },
      { kind: 'STEP_ESCALATION', recipient: 'landreg.leader@landreg.example.vn', subject: expect.stringContaining('Quá thời hạn') },
    ]);
    // The officers' own notices are not in the list of what reached applicants (their addresses, no false applicant-data reads).
    for (const who of ['landreg.leader', 'admin']) {
      const listed = await t.raw({ query: `query($id: ID) { notifications(first: 50, filter: { dossierId: $id }) { edges { node { kind recipient } } } }`, variables: { id: d1 } }, await t.login(who));
      expect(listed.errors).toBeUndefined();
      expect(listed.data.notifications.edges.filter((e: any) => e.node.kind.startsWith('STEP_'))).toEqual([]);
    }
    // Nothing for the applicant, and the dossier's version did not move.
    const planned = await t.sql(`select count(*)::int as n from notification n join outbox_event e on e.id = n.event_id where n.dossier_id = $1 and e.payload->>'action' like 'step%'`, [d1]);
    expect(planned[0].n).toBe(0);
    expect((await t.sql('select version from dossier where id = $1', [d1]))[0].version).toBe(2);
  });

  it('shows the process-control slip: per step, holder, budget, deadline, working time used and outcome', async () => {
    at('2027-04-20T06:30:00Z'); // Tue 13:30
    const d = (await t.gql(GetDossierDocument, { id: d1 }, await t.login('landreg.specialist'))).data!.dossier!;
    await t.act('landreg.specialist', d1, d.version, 'submitForApproval');
    at('2027-04-20T07:30:00Z'); // Tue 14:30
    const s = await slip(d1);
    expect(s!.processControl).toEqual([
      {
        stateKey: 'RECEIVED', stateLabel: 'Đã tiếp nhận, chờ phân công', agency: { code: LANDREG }, officerName: null,
        startedAt: '2027-04-15T08:00:00.000Z', endedAt: '2027-04-15T08:00:00.000Z', budgetWorkingHours: 2.4, deadlineAt: '2027-04-19T00:24:00.000Z',
        workingHoursUsed: 0, outcome: 'ON_TIME', warnedAt: null, escalatedAt: null,
      },
      {
        stateKey: 'APPRAISING', stateLabel: 'Đang thẩm định', agency: { code: LANDREG }, officerName: 'Đặng Quốc Bảo',
        startedAt: '2027-04-15T08:00:00.000Z', endedAt: '2027-04-20T06:30:00.000Z', budgetWorkingHours: 14.4, deadlineAt: '2027-04-20T04:24:00.000Z',
        workingHoursUsed: 14.5, outcome: 'LATE', warnedAt: '2027-04-20T01:31:00.000Z', escalatedAt: '2027-04-20T04:25:00.000Z',
      },
      {
        // The leader's signature: 20 % = 4.8 h from Tue 13:30 → Wed 21/04 08:18; held by the leaders, no officer named.
        stateKey: 'AWAITING_APPROVAL', stateLabel: 'Chờ lãnh đạo phê duyệt', agency: { code: LANDREG }, officerName: null,
        startedAt: '2027-04-20T06:30:00.000Z', endedAt: null, budgetWorkingHours: 4.8, deadlineAt: '2027-04-21T01:18:00.000Z',
        workingHoursUsed: 1, outcome: 'IN_PROGRESS', warnedAt: null, escalatedAt: null,
      },
    ]);
    // The applicant sees the same slip (agencies and the assigned officer's name, as on the paper form).
    const mine = await slip(d1, 'citizen.an');
    expect(mine!.processControl).toEqual(s!.processControl);
    // An officer of another agency sees nothing of it.
    expect(await slip(d1, 'tax.leader')).toBeNull();
    const page = await t.gql(ProcessControlPageDocument, { first: 100 }, await t.login('tax.leader'));
    expect(page.data!.dossiers.edges.map((e) => e.node.id)).not.toContain(d1);
  });

  it('counts nothing while the clock is paused, and resumes the step with the time it had used', async () => {
    at('2027-04-15T08:00:00Z');
    let d = await receivedAndAssigned();
    at('2027-04-19T02:00:00Z'); // Mon 19/04 09:00: 2 h on Thursday + 2 h today used
    d = await t.act('landreg.specialist', d.id, d.version, 'requestSupplement', { note: 'Bổ sung bản sao sổ đỏ' });
    for (const now of ['2027-04-20T04:30:00Z', '2027-04-21T09:00:00Z']) {
      at(now); // past the first deadline, and a day later: the applicant's time
      expect(await run()).toBe(true);
    }
    expect(await alerts(d.id)).toEqual([]);
    at('2027-04-22T00:00:00Z'); // Thu 22/04 07:00: the supplement comes in
    d = await t.act('citizen.an', d.id, d.version, 'submitSupplement');
    // 14.4 h less the 4 h used: the 80 % mark (11.52 - 4 = 7.52 h) at Thu 16:31, the deadline (10.4 h) Fri 09:24.
    const [step] = await t.sql(`select carried_minutes, warn_at, deadline_at from dossier_step where dossier_id = $1 and ended_at is null`, [d.id]);
    expect(step).toEqual({ carried_minutes: 240, warn_at: new Date('2027-04-22T09:31:00Z'), deadline_at: new Date('2027-04-23T02:24:00Z') });
    at('2027-04-22T09:30:00Z');
    await run();
    expect(await alerts(d.id)).toEqual([]);
    at('2027-04-22T09:31:00Z');
    await run();
    expect((await alerts(d.id)).map((h) => h.action)).toEqual(['stepWarning']);
    const s = await slip(d.id);
    expect(s!.processControl.map((x) => [x.stateKey, x.workingHoursUsed, x.outcome])).toEqual([
      ['RECEIVED', 0, 'ON_TIME'],
      ['APPRAISING', 4, 'ON_TIME'],
      ['SUPPLEMENT_REQUESTED', 22, 'UNTIMED'],
      ['APPRAISING', 11.52, 'IN_PROGRESS'],
    ]);
  });

  it('skips a step whose state the workflow no longer knows, and still warns the others', async () => {
    at('2027-04-15T08:00:00Z');
    const good = await receivedAndAssigned();
    const gone = await receivedAndAssigned();
    // A renamed state (or a module removed from MODULES) leaves a step the workflows do not know.
    await t.sql(`update dossier_step set state = 'GONE' where dossier_id = $1 and ended_at is null`, [gone.id]);
    at('2027-04-20T01:31:00Z'); // Tue 08:31: both past their warning time
    expect(await run()).toBe(true);
    expect((await alerts(good.id)).map((h) => h.action)).toEqual(['stepWarning']);
    expect(await alerts(gone.id)).toEqual([]);
    // Marked, so the next runs do not claim it again.
    const [bad] = await t.sql(`select warned_at, escalated_at from dossier_step where dossier_id = $1 and ended_at is null`, [gone.id]);
    expect(bad.warned_at).not.toBeNull();
    expect(bad.escalated_at).not.toBeNull();
    at('2027-04-20T04:25:00Z'); // past the deadline: the good one is escalated, the bad one is left alone
    expect(await run()).toBe(true);
    expect((await alerts(good.id)).map((h) => h.action)).toEqual(['stepWarning', 'stepEscalation']);
    expect(await alerts(gone.id)).toEqual([]);
  });

  it('offers the apology only while it is allowed, after the due date neither (issue 19 #1 follow-up)', async () => {
    at('2027-04-15T08:00:00Z');
    const d = await receivedAndAssigned(); // due Wed 21/04 15:00 (the holiday skipped)
    expect(d.dueAt).toBe('2027-04-21T08:00:00.000Z');
    at('2027-04-21T07:59:00Z');
    expect((await slip(d.id))!.availableActions.map((a) => a.key)).toContain('apologize');
    at('2027-04-21T08:00:00Z');
    expect((await slip(d.id))!.availableActions.map((a) => a.key)).not.toContain('apologize');
    const r = await t.gql(PerformDossierActionDocument, {
      input: { dossierId: d.id, action: 'apologize', expectedVersion: d.version, note: 'Xin lỗi', newDueDate: '2027-04-28T08:00:00.000Z' },
    }, await t.login('landreg.leader'));
    expect(r.data!.performDossierAction).toMatchObject({ __typename: 'TransitionNotAllowed' });
  });

  it('loads the slips of a page in a bounded number of statements', async () => {
    for (let i = 0; i < 3; i++) await receivedAndAssigned();
    const token = await t.login('landreg.leader');
    const statements = async (first: number) => {
      const r = await t.gql(ProcessControlPageDocument, { first }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.dossiers.edges.length).toBeGreaterThanOrEqual(first === 2 ? 2 : 3);
      expect(r.data!.dossiers.edges.every((e) => e.node.processControl.length >= 2)).toBe(true);
      return r.extensions?.sqlStatements as number;
    };
    const small = await statements(2);
    const large = await statements(50);
    expect(large).toBe(small);
    // The page, and one batched statement for every slip on it.
    expect(large).toBeLessThanOrEqual(2);
  });
});
