import { DossierStatisticsDocument, EvaluateDossierDocument, Index766Document, ModuleMeasureDocument, ModuleMeasuresDocument, GetDossierDocument, ReceiveDossierDocument, StatisticsRowFieldsFragment } from '../generated/graphql';
import { Client } from 'pg';
import { seedHistory } from '../../src/db/seed/history-seed';
import { CITIZEN_AN, receiveLandAtCounter, startTestApp, submitLandOnline, TestApp, landForm } from '../support/harness';

/**
 * Statistics from the daily rollups: a hand-built set whose answers are written here by hand,
 * the same figures by month and by year, typed errors, and rollups equal to a recount from the
 * raw tables after a random sequence of transitions.
 */

const MORTGAGE = '1.011543'; // 3 working days, land registration office
const LANDREG = '000.13.01.H37';
const TAX = '000.00.30.H37';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { STATISTICS_MAX_CELLS: '5' } });
});
afterAll(async () => {
  await t?.stop();
});

const applicant = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber };

const atCounter = () => receiveLandAtCounter(t, MORTGAGE);
const online = () => submitLandOnline(t, MORTGAGE);

async function stats(filter: Record<string, unknown>, groupBy: string[], user = 'analyst', app = t) {
  await t.settled();
  return (await app.gql(DossierStatisticsDocument, { filter: { from: '2026-01-01', to: '2026-12-31', ...filter } as never, groupBy: groupBy as never }, await app.login(user))).data!.dossierStatistics;
}

function rowsOf(r: Awaited<ReturnType<typeof stats>>): StatisticsRowFieldsFragment[] {
  if (r.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
  return r.rows;
}

const zero = { received: 0, receivedOnline: 0, receivedCounter: 0, receivedPost: 0, refused: 0, resolved: 0, resolvedEarly: 0, resolvedOnTime: 0, resolvedLate: 0, paused: 0, withdrawn: 0, stopped: 0, returned: 0, paid: 0, paidOnline: 0, paidOnlineVnd: 0, resultsIssuedElectronically: 0 };

describe('a small hand-built set', () => {
  beforeAll(async () => {
    const specialist = await t.accountId('landreg.specialist');
    // D1: counter, Mon 23 Nov 08:30, due Thu 26; resolved Tue 24 (early), returned Wed 25, rated satisfied.
    t.clock.set('2026-11-23T01:30:00Z');
    let d1 = await atCounter();
    t.clock.set('2026-11-24T02:00:00Z');
    d1 = await t.act('landreg.reception', d1.id, d1.version, 'assign', { assigneeId: specialist });
    d1 = await t.act('landreg.specialist', d1.id, d1.version, 'submitForApproval');
    d1 = await t.act('landreg.leader', d1.id, d1.version, 'approve');
    t.clock.set('2026-11-25T02:00:00Z');
    d1 = await t.act('landreg.reception', d1.id, d1.version, 'returnResult');
    const ev = await t.gql(EvaluateDossierDocument, { input: { dossierId: d1.id, level: 'SATISFIED' } }, await t.login('citizen.an'));
    expect(ev.data?.evaluateDossier.__typename).toBe('DossierPayload');

    // D2: online, received Mon 23 09:00, paused an hour for a supplement, resolved on 2 Dec: late, across the month's end.
    t.clock.set('2026-11-23T01:45:00Z');
    let d2 = await online();
    t.clock.set('2026-11-23T02:00:00Z');
    d2 = await t.act('landreg.reception', d2.id, d2.version, 'receive');
    t.clock.set('2026-11-23T03:00:00Z');
    d2 = await t.act('landreg.reception', d2.id, d2.version, 'requestSupplement', { note: 'Thiếu hợp đồng' });
    t.clock.set('2026-11-23T04:00:00Z');
    d2 = await t.act('landreg.reception', d2.id, d2.version, 'submitSupplement');
    t.clock.set('2026-12-02T02:00:00Z');
    d2 = await t.act('landreg.leader', d2.id, d2.version, 'assign', { assigneeId: specialist });
    d2 = await t.act('landreg.specialist', d2.id, d2.version, 'submitForApproval');
    d2 = await t.act('landreg.leader', d2.id, d2.version, 'approve');

    // D3: counter Tue 24, withdrawn Wed 25. D4: online, refused Mon 23.
    t.clock.set('2026-11-24T03:00:00Z');
    const d3 = await atCounter();
    t.clock.set('2026-11-25T03:00:00Z');
    await t.act('landreg.reception', d3.id, d3.version, 'withdraw', { note: 'Công dân rút hồ sơ' });
    t.clock.set('2026-11-23T06:00:00Z');
    const d4 = await online();
    await t.act('landreg.reception', d4.id, d4.version, 'refuse', { note: 'Không thuộc thẩm quyền' });

    // D5: counter Mon 30 Nov, transferred to the tax office, resolved there on 1 Dec (early: due 3 Dec).
    t.clock.set('2026-11-30T01:00:00Z');
    let d5 = await atCounter();
    d5 = await t.act('landreg.leader', d5.id, d5.version, 'transfer', { targetAgencyCode: TAX, note: 'Xác định nghĩa vụ tài chính' });
    t.clock.set('2026-12-01T02:00:00Z');
    d5 = await t.act('tax.leader', d5.id, d5.version, 'assign', { assigneeId: await t.accountId('tax.specialist') });
    d5 = await t.act('tax.specialist', d5.id, d5.version, 'submitForApproval');
    d5 = await t.act('tax.leader', d5.id, d5.version, 'approve');
    t.clock.set('2026-12-10T02:00:00Z');
  });

  it('counts each flow where and when it happened, by agency and month', async () => {
    const rows = rowsOf(await stats({}, ['AGENCY', 'MONTH']));
    const key = (r: StatisticsRowFieldsFragment) => `${r.agencyCode} ${r.period}`;
    const byKey = Object.fromEntries(rows.map((r) => [key(r), r]));
    expect(Object.keys(byKey).sort()).toEqual([`${LANDREG} 2026-11`, `${LANDREG} 2026-12`, `${TAX} 2026-11`, `${TAX} 2026-12`].sort());
    expect(byKey[`${TAX} 2026-11`]).toMatchObject({ ...zero, transferredIn: 1 });
    expect(byKey[`${LANDREG} 2026-11`]).toMatchObject({
      ...zero, received: 4, receivedOnline: 1, receivedCounter: 3, refused: 1, resolved: 1, resolvedEarly: 1, paused: 1, withdrawn: 1, returned: 1,
      transferredOut: 1, onlineShare: 0.25, onTimeRate: 1, satisfaction: { verySatisfied: 0, satisfied: 1, neutral: 0, dissatisfied: 0, veryDissatisfied: 0 },
    });
    expect(byKey[`${LANDREG} 2026-12`]).toMatchObject({ ...zero, resolved: 1, resolvedLate: 1, onTimeRate: 0 });
    expect(byKey[`${TAX} 2026-12`]).toMatchObject({ ...zero, resolved: 1, resolvedEarly: 1 });
    // Working time from reception to result, less pauses, in 8-hour days (worked out by hand in the README's terms):
    // D1 Mon 08:30 → Tue 09:00 = 390 + 120 min; D2 Mon 09:00 → Wed 2 Dec 09:00 less a one-hour pause = 3,300 min; D5 = 540 min.
    expect(byKey[`${LANDREG} 2026-11`].averageProcessingDays).toBe(1.06);
    expect(byKey[`${LANDREG} 2026-12`].averageProcessingDays).toBe(6.88);
    expect(byKey[`${TAX} 2026-12`].averageProcessingDays).toBe(1.13);
    // The median in whole working days: D1 (510 min) and D5 (540 min) within 2 days, D2 (3,300 min) within 7.
    expect([byKey[`${LANDREG} 2026-11`].medianProcessingDays, byKey[`${LANDREG} 2026-12`].medianProcessingDays, byKey[`${TAX} 2026-12`].medianProcessingDays]).toEqual([2, 7, 2]);
    const whole = await stats({ from: '2026-11-01', to: '2026-12-31', agencyCodes: [LANDREG] }, []);
    if (whole.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(whole));
    expect(whole.total.medianProcessingDays).toBe(2); // of 2 and 7: at least half within 2
  });

  it('knows what was in progress and paused at the start and the end of any period', async () => {
    const byAgency = async (from: string, to: string) => Object.fromEntries(rowsOf(await stats({ from, to }, ['AGENCY'])).map((r) => [r.agencyCode, r]));
    // 24–27 Nov: D1 and D2 carried over; D3 received and withdrawn, D1 resolved; D2 still in progress.
    const week = await byAgency('2026-11-24', '2026-11-27');
    expect(week[LANDREG]).toMatchObject({ carriedOver: 2, received: 1, resolved: 1, withdrawn: 1, inProgressAtEnd: 1, pausedAtEnd: 0 });
    // 30 Nov: D5 received and handed to the tax office the same day.
    const day = await byAgency('2026-11-30', '2026-11-30');
    expect(day[LANDREG]).toMatchObject({ carriedOver: 1, received: 1, transferredOut: 1, inProgressAtEnd: 1 });
    expect(day[TAX]).toMatchObject({ carriedOver: 0, received: 0, transferredIn: 1, inProgressAtEnd: 1 });
    // 23 Nov: D2 paused for an hour; D4 refused (never in progress).
    const first = await byAgency('2026-11-23', '2026-11-23');
    expect(first[LANDREG]).toMatchObject({ carriedOver: 0, received: 2, refused: 1, paused: 1, pausedAtEnd: 0, inProgressAtEnd: 2 });
    // Grouped by a period, each period starts where the previous one ended: D2 and D5 were in
    // progress at the end of November (D2 at the land office, D5 with tax), both resolved in December.
    const months = Object.fromEntries(rowsOf(await stats({ from: '2026-11-01', to: '2026-12-31' }, ['AGENCY', 'MONTH'])).map((r) => [`${r.agencyCode} ${r.period}`, r]));
    expect(months[`${LANDREG} 2026-11`]).toMatchObject({ carriedOver: 0, inProgressAtEnd: 1, pausedAtEnd: 0 });
    expect(months[`${LANDREG} 2026-12`]).toMatchObject({ carriedOver: 1, inProgressAtEnd: 0 });
    expect(months[`${TAX} 2026-11`]).toMatchObject({ carriedOver: 0, inProgressAtEnd: 1 });
    expect(months[`${TAX} 2026-12`]).toMatchObject({ carriedOver: 1, inProgressAtEnd: 0 });
    const all = await stats({ from: '2026-11-01', to: '2026-12-31' }, []);
    if (all.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(all));
    expect(all.total).toMatchObject({ carriedOver: 0, inProgressAtEnd: 0, transferredIn: 1, transferredOut: 1 });
  });

  it('gives a row to every day a dossier is in progress, with flows or without', async () => {
    // 25 Nov: D2 and D3 carried over, D3 withdrawn, D1 returned and rated. 26–29 Nov (a weekend
    // included): no flow, D2 in progress. The tax office has nothing then: no row.
    const days = rowsOf(await stats({ from: '2026-11-25', to: '2026-11-29' }, ['AGENCY', 'DAY']));
    expect(days.map((r) => [r.agencyCode, r.period, r.carriedOver, r.withdrawn, r.returned, r.inProgressAtEnd, r.pausedAtEnd])).toEqual([
      [LANDREG, '2026-11-25', 2, 1, 1, 1, 0],
      [LANDREG, '2026-11-26', 1, 0, 0, 1, 0],
      [LANDREG, '2026-11-27', 1, 0, 0, 1, 0],
      [LANDREG, '2026-11-28', 1, 0, 0, 1, 0],
      [LANDREG, '2026-11-29', 1, 0, 0, 1, 0],
    ]);
    for (const r of days.slice(1)) expect(r).toMatchObject(zero);
    // No snapshot was taken on those days: the split is unknown, not zero.
    expect(days.every((r) => r.inProgressOnTimeAtEnd === null && r.inProgressLateAtEnd === null)).toBe(true);
    // Those rows count against the cell limit: with 24 Nov, six rows (two days with flows) are too many.
    expect(await stats({ from: '2026-11-24', to: '2026-11-29' }, ['DAY'])).toMatchObject({ __typename: 'TooManyCells', limit: 5 });
  });

  it('gives the same figures by year as the months summed', async () => {
    const byMonth = rowsOf(await stats({}, ['MONTH']));
    const byYear = rowsOf(await stats({}, ['YEAR']));
    expect(byYear).toHaveLength(1);
    for (const k of ['received', 'refused', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'paused', 'withdrawn', 'returned'] as const) {
      expect(byYear[0][k]).toBe(byMonth.reduce((s, r) => s + r[k], 0));
    }
    expect(byYear[0]).toMatchObject({ period: '2026', received: 4, resolved: 3 });
    // Whole months read the monthly rollups, other periods the daily ones: the same figures.
    const monthlyPath = await stats({ from: '2026-11-01', to: '2026-12-31' }, []);
    const dailyA = await stats({ from: '2026-11-01', to: '2026-12-30' }, []);
    const dailyB = await stats({ from: '2026-12-31', to: '2026-12-31' }, []);
    if (monthlyPath.__typename !== 'DossierStatistics' || dailyA.__typename !== 'DossierStatistics' || dailyB.__typename !== 'DossierStatistics') throw new Error('statistics failed');
    for (const k of ['received', 'refused', 'resolvedEarly', 'resolvedOnTime', 'resolvedLate', 'paused', 'withdrawn', 'returned'] as const) {
      expect(monthlyPath.total[k]).toBe(dailyA.total[k] + dailyB.total[k]);
    }
    expect(monthlyPath.total.received).toBe(4);
    // By unit (the other rollup) the province's totals are the same.
    const byUnit = await stats({}, ['UNIT']);
    const byAgency = await stats({}, ['AGENCY']);
    if (byUnit.__typename !== 'DossierStatistics' || byAgency.__typename !== 'DossierStatistics') throw new Error('statistics failed');
    expect(byUnit.total).toEqual(byAgency.total);
    // A period boundary: only November.
    const nov = await stats({ from: '2026-11-01', to: '2026-11-30' }, []);
    if (nov.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(nov));
    expect(nov.total).toMatchObject({ received: 4, resolved: 1, resolvedLate: 0 });
    // Filters: a procedure and a channel.
    const online = await stats({ procedureCodes: [MORTGAGE], channel: 'ONLINE' }, []);
    if (online.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(online));
    expect(online.total).toMatchObject({ received: 1, refused: 1, resolvedLate: 1 });
  });

  it('gives the same figures whatever else is selected (only the selected sums are read)', async () => {
    const full = rowsOf(await stats({ from: '2026-11-01', to: '2026-12-31' }, ['AGENCY', 'WEEK']));
    const narrow = await t.raw({ query: `query($f: StatisticsFilter!) { dossierStatistics(filter: $f, groupBy: [AGENCY, WEEK]) {
      ... on DossierStatistics { rows { agencyCode period resolvedLate carriedOver inProgressAtEnd averageProcessingDays satisfaction { satisfied } } } } }`,
      variables: { f: { from: '2026-11-01', to: '2026-12-31' } } }, await t.login('analyst'));
    expect(narrow.data.dossierStatistics.rows).toEqual(full.map(({ agencyCode, period, resolvedLate, carriedOver, inProgressAtEnd, averageProcessingDays, satisfaction }) =>
      ({ agencyCode, period, resolvedLate, carriedOver, inProgressAtEnd, averageProcessingDays, satisfaction: { satisfied: satisfaction.satisfied } })));
    // ISO weeks, labelled from each group's Monday: D2 (received in week 48, resolved on Wed 2 Dec in week 49) carried across.
    expect(narrow.data.dossierStatistics.rows.filter((r: { agencyCode: string }) => r.agencyCode === LANDREG).map((r: { period: string; carriedOver: number }) => [r.period, r.carriedOver]))
      .toEqual([['2026-W48', 0], ['2026-W49', 1]]);
  });

  it('derives the 766 index from the same counters, with what it cannot measure said so', async () => {
    await t.settled();
    const r = await t.gql(Index766Document, { filter: { from: '2026-11-01', to: '2026-12-31', agencyCodes: [LANDREG] }, groupBy: ['AGENCY'] }, await t.login('analyst'));
    if (r.data?.index766.__typename !== 'Index766') throw new Error(JSON.stringify(r));
    const [row] = r.data.index766.rows;
    const c = Object.fromEntries(row.components.map((x) => [x.key, x]));
    // Land registration, Nov–Dec: 1 early + 1 late of 2 resolved; 1 of 4 received online; 1 of 1 rating satisfied.
    expect(c.timeliness).toMatchObject({ maxPoints: 20, score: 10, basis: '1 of 2 resolved early or on time (no snapshot of those in progress)' });
    expect(c.online).toMatchObject({ maxPoints: 12, score: 3 });
    expect(c.satisfaction).toMatchObject({ maxPoints: 18, score: 18 });
    // The land registration office publishes 6 procedures (with the 0.5- and 15-working-day ones of issue 19), each with every required element.
    expect(c.transparency).toMatchObject({ maxPoints: 18, score: 18, basis: expect.stringMatching(/^6 of 6 published procedures state every required element/) });
    // No result was issued as an electronic document here.
    expect(c.digitisation).toMatchObject({ maxPoints: 22, score: 0, basis: '0 of 2 results issued electronically (digitised dossier components not measured)' });
    expect(row).toMatchObject({ agencyCode: LANDREG, score: 49, measuredOutOf: 90 });
    expect(row.components.reduce((a, x) => a + x.maxPoints, 0)).toBe(100);
  });

  it('shows an officer their own agencies only', async () => {
    const own = rowsOf(await stats({}, ['AGENCY'], 'tax.leader'));
    expect(own.map((r) => r.agencyCode)).toEqual([TAX]);
    const other = await stats({ agencyCodes: [LANDREG] }, [], 'tax.leader');
    expect(other.__typename).toBe('NotAuthorized');
    const citizen = await stats({}, [], 'citizen.an');
    expect(citizen.__typename).toBe('NotAuthorized');
  });

  it('answers bad input with typed errors', async () => {
    expect(await stats({ from: '2026-12-31', to: '2026-01-01' }, [])).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'filter.to' }] });
    expect(await stats({ agencyCodes: ['000.99.99.H37'], procedureCodes: ['9.999999'] }, [])).toMatchObject({
      __typename: 'ValidationFailed', fieldErrors: [{ field: 'filter.agencyCodes[0]' }, { field: 'filter.procedureCodes[0]' }],
    });
    expect(await stats({ from: '2026-13-01' }, [])).toMatchObject({ __typename: 'ValidationFailed' });
    expect(await stats({}, ['MONTH', 'YEAR'])).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'groupBy' }] });
    expect(await stats({ unitCodes: ['24781'] }, ['PROCEDURE'])).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'groupBy' }] });
    // Six days with events, at most five cells allowed here.
    expect(await stats({}, ['DAY'])).toMatchObject({ __typename: 'TooManyCells', limit: 5 });
  });
});

describe('rollups against a recount', () => {
  it('equal a recount from the raw tables after a random sequence of transitions', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const users = ['landreg.reception', 'landreg.specialist', 'landreg.leader'];
    const specialist = await t.accountId('landreg.specialist');
    const skip = new Set(['transfer', 'apologize', 'extendDeadline']);
    t.clock.set('2026-06-01T01:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((random() < 0.5 ? await atCounter() : await online()).id);
    for (let step = 0; step < 250; step++) {
      t.clock.set(new Date(t.clock.now().getTime() + Math.floor(random() * 8) * 3600_000).toISOString());
      const id = ids[Math.floor(random() * ids.length)];
      const user = users[Math.floor(random() * users.length)];
      const d = (await t.gql(GetDossierDocument, { id }, await t.login(user))).data!.dossier!;
      const all = d.availableActions.filter((a) => !skip.has(a.key));
      // Forward steps are likelier than detours and endings, or few dossiers would get far.
      const forward = all.filter((a) => ['receive', 'assign', 'submitForApproval', 'approve', 'returnResult', 'pay', 'submitSupplement'].includes(a.key));
      const actions = forward.length && random() < 0.7 ? forward : all;
      if (!actions.length) continue;
      const a = actions[Math.floor(random() * actions.length)];
      await t.act(user, id, d.version, a.key, { note: 'Ghi chú', assigneeId: a.inputs.includes('ASSIGNEE') ? specialist : undefined });
    }
    await t.settled();
    // The recount: from dossier history and the dossiers themselves, by local day, for this period.
    const recount = await t.sql(`
      select to_char(h.at + interval '7 hours', 'YYYY-MM-DD') as day,
        count(*) filter (where h.action = 'receive')::int as received,
        count(*) filter (where h.action = 'refuse')::int as refused,
        count(*) filter (where h.action in ('requestSupplement', 'requestPayment'))::int as paused,
        count(*) filter (where h.action = 'withdraw' and d.received_at is not null)::int as withdrawn, -- never received: never in progress (issue 19 #2)
        count(*) filter (where h.action = 'stop')::int as stopped,
        count(*) filter (where h.action = 'returnResult')::int as returned,
        count(*) filter (where h.action = 'pay')::int as paid,
        count(*) filter (where h.action = 'approve' and d.finished_at > d.original_due_at)::int as resolved_late,
        count(*) filter (where h.action = 'approve' and d.finished_at <= d.original_due_at
          and (d.finished_at + interval '7 hours')::date < (d.original_due_at + interval '7 hours')::date)::int as resolved_early,
        count(*) filter (where h.action = 'approve' and d.finished_at <= d.original_due_at
          and (d.finished_at + interval '7 hours')::date = (d.original_due_at + interval '7 hours')::date)::int as resolved_on_time
      from dossier_history h join dossier d on d.id = h.dossier_id
      where h.dossier_id = any($1::uuid[]) group by 1 order by 1`, [ids]);
    expect(recount.length).toBeGreaterThan(3);
    expect(recount.at(-1)!.day < '2026-11-01').toBe(true); // clear of the hand-built set
    const sum = (k: string) => recount.reduce((a, r) => a + r[k], 0);
    // The walk went through the interesting flows, not only receptions.
    expect(sum('received')).toBeGreaterThan(5);
    expect(sum('paused') + sum('refused') + sum('withdrawn') + sum('stopped')).toBeGreaterThan(0);
    expect(sum('resolved_early') + sum('resolved_on_time') + sum('resolved_late')).toBeGreaterThan(0);
    // Day by day (this server allows five cells per query).
    const rolled: StatisticsRowFieldsFragment[] = [];
    for (const r of recount) {
      const one = await stats({ from: r.day, to: r.day }, []);
      if (one.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(one));
      const got = one.total;
      rolled.push(got);
      expect({ day: r.day, received: got.received, refused: got.refused, paused: got.paused, withdrawn: got.withdrawn, stopped: got.stopped, returned: got.returned, paid: got.paid, paidOnline: got.paidOnline, early: got.resolvedEarly, onTime: got.resolvedOnTime, late: got.resolvedLate })
        .toEqual({ day: r.day, received: r.received, refused: r.refused, paused: r.paused, withdrawn: r.withdrawn, stopped: r.stopped, returned: r.returned, paid: r.paid, paidOnline: 0, early: r.resolved_early, onTime: r.resolved_on_time, late: r.resolved_late });
    }
    const period = await stats({ from: '2026-06-01', to: '2026-10-31' }, []);
    if (period.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(period));
    // In progress at the end: exactly the walked dossiers received and not resolved, withdrawn or stopped.
    const [open] = await t.sql(`select count(*)::int as n from dossier where id = any($1::uuid[]) and received_at is not null and finished_at is null and closed_at is null`, [ids]);
    expect(period.total.inProgressAtEnd).toBe(open.n);
    const [paused] = await t.sql(`select count(*)::int as n from dossier where id = any($1::uuid[]) and paused_at is not null`, [ids]);
    expect(period.total.pausedAtEnd).toBe(paused.n);
    expect(period.total.received).toBe(recount.reduce((s, r) => s + r.received, 0));
    expect(period.total.resolved).toBe(rolled.reduce((s, r) => s + r.resolved, 0));
  });
});

describe('the history seed', () => {
  it('gives the Đà Lạt desk exactly 10,069 dossiers received in 2014 and 18,095 in 2015', async () => {
    await seedHistory(t.app.services.orm.em.fork() as never, { provinceSize: 3000, fromYear: 2016, toYear: 2018 });
    const daLat = await stats({ from: '2014-01-01', to: '2015-12-31', unitCodes: ['672'] }, ['YEAR']);
    expect(rowsOf(daLat).map((r) => [r.period, r.received])).toEqual([['2014', 10069], ['2015', 18095]]);
    // Issue 19, defect 9: filtered by the desk's agency (UBND TP Đà Lạt), the same figures as by its unit.
    const byAgency = await stats({ from: '2014-01-01', to: '2015-12-31', agencyCodes: ['000.00.22.H37'] }, ['YEAR']);
    expect(rowsOf(byAgency).map((r) => [r.period, r.received])).toEqual([['2014', 10069], ['2015', 18095]]);
    const totalOf = (r: Awaited<ReturnType<typeof stats>>) => (r.__typename === 'DossierStatistics' ? r.total : null);
    expect(totalOf(byAgency)).toEqual(totalOf(daLat));
    expect(rowsOf(byAgency)).toEqual(rowsOf(daLat));
    // The same figure from the raw table, and a plausible mix.
    const [raw] = await t.sql(`select count(*)::int as n from dossier d join admin_unit u on u.id = d.admin_unit_id
      where u.code = '672' and d.received_at >= '2014-01-01T00:00:00+07' and d.received_at < '2015-01-01T00:00:00+07'`);
    expect(raw.n).toBe(10069);
    const y2015 = rowsOf(daLat)[1];
    expect(y2015.resolvedLate / y2015.resolved).toBeGreaterThan(0.03);
    expect(y2015.resolvedLate / y2015.resolved).toBeLessThan(0.1);
    expect(y2015.withdrawn).toBeGreaterThan(0);
    const month = async (from: string, to: string) => rowsOf(await stats({ from, to, unitCodes: ['672'] }, ['MONTH']))[0].received;
    const feb = await month('2015-02-01', '2015-02-28');
    const dec = await month('2015-12-01', '2015-12-31');
    expect(dec).toBeGreaterThan(feb * 1.8); // Tết against the year's end
    const province = rowsOf(await stats({ from: '2016-01-01', to: '2018-12-31' }, ['YEAR']));
    expect(province.reduce((s, r) => s + r.received, 0)).toBe(3000);

    // A snapshot of those in progress at every month's end of the seeded years, none on other days.
    const [days] = await t.sql(`select count(*)::int as n, count(*) filter (where day + 1 = date_trunc('month', day + 1))::int as month_ends
      from dossier_snapshot_day where day between '2014-01-01' and '2018-12-31'`);
    expect(days).toEqual({ n: 60, month_ends: 60 });
    // They split exactly the dossiers in progress that the rollups count, quarter by quarter and year by year.
    for (const rows of [rowsOf(await stats({ from: '2015-01-01', to: '2015-12-31', unitCodes: ['672'] }, ['QUARTER'])), province]) {
      expect(rows.length).toBeGreaterThan(2);
      for (const r of rows) expect(r.inProgressOnTimeAtEnd! + r.inProgressLateAtEnd!).toBe(r.inProgressAtEnd);
    }
    // The Đà Lạt desk at the end of 30 June 2015, recounted from the dossiers: received by then,
    // not resolved or withdrawn by then, late when the due date had passed.
    const [june] = await t.sql(`select count(*) filter (where d.original_due_at >= e.at)::int as on_time, count(*) filter (where d.original_due_at < e.at)::int as late
      from dossier d join admin_unit u on u.id = d.admin_unit_id, (select timestamptz '2015-07-01T00:00:00+07' as at) e
      where u.code = '672' and d.received_at < e.at and coalesce(d.finished_at, d.closed_at) >= e.at`);
    expect(june.on_time).toBeGreaterThan(0);
    expect(june.late).toBeGreaterThan(0);
    const q2 = rowsOf(await stats({ from: '2015-04-01', to: '2015-06-30', unitCodes: ['672'] }, []));
    expect([q2[0].inProgressOnTimeAtEnd, q2[0].inProgressLateAtEnd]).toEqual([june.on_time, june.late]);
  }, 120_000);
});

describe('bulk export', () => {
  const exportUrl = (q: Record<string, string>) => `${t.url.replace(/\/graphql$/, '')}/exports/dossiers?${new URLSearchParams(q)}`;
  const get = async (q: Record<string, string>, user: string | null = 'analyst') =>
    fetch(exportUrl(q), { headers: user ? { authorization: `Bearer ${await t.login(user)}` } : {} });

  it('streams every dossier of the period in a stable order, resumable from any row’s cursor', async () => {
    await seedHistory(t.app.services.orm.em.fork() as never, { provinceSize: 2500, fromYear: 2020, toYear: 2020, daLat: false });
    const [{ n }] = await t.sql(`select count(*)::int as n from dossier where submitted_at >= '2020-01-01T00:00:00+07' and submitted_at < '2021-01-01T00:00:00+07'`);
    const res = await get({ format: 'csv', from: '2020-01-01', to: '2020-12-31' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\n');
    expect(lines[0]).toBe('cursor,code,procedureCode,holdingAgencyCode,receivingAgencyCode,unitCode,channel,nationalStatus,submittedAt,receivedAt,dueAt,originalDueAt,finishedAt,returnedAt,closedAt,timeliness');
    expect(lines.length - 1).toBe(n);
    expect(n).toBe(2500);
    const codes = lines.slice(1).map((l) => l.split(',')[1]);
    expect(new Set(codes).size).toBe(n);
    expect(lines.slice(1).every((l) => ['EARLY', 'ON_TIME', 'LATE', 'CLOSED'].includes(l.split(',').at(-1)!))).toBe(true);
    // Interrupted after row 1234: resume from its cursor and get exactly the rest.
    const cursor = lines[1234].split(',')[0];
    const rest = (await (await get({ format: 'jsonl', from: '2020-01-01', to: '2020-12-31', after: cursor })).text()).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rest.map((r) => r.code)).toEqual(codes.slice(1234));
    expect(rest[0]).not.toHaveProperty('applicantName');
  });

  it('is authorized like the API and answers bad input with a typed error', async () => {
    expect((await get({ from: '2016-01-01', to: '2016-12-31' }, null)).status).toBe(401);
    expect((await get({ from: '2016-01-01', to: '2016-12-31' }, 'citizen.an')).status).toBe(403);
    const other = await get({ from: '2016-01-01', to: '2016-12-31', agencyCode: LANDREG }, 'tax.leader');
    expect(other.status).toBe(403);
    const backwards = await get({ from: '2016-12-31', to: '2016-01-01' });
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toEqual({ error: { code: 'BAD_USER_INPUT', message: 'to is before from' } });
    expect((await get({ from: '2016-01-01', to: '2016-12-31', agencyCode: '000.99.99.H37' })).status).toBe(400);
    expect((await get({ from: '2016-01-01', to: '2016-12-31', after: 'garbage' })).status).toBe(400);
    // An officer's export holds their agency's dossiers only.
    const own = (await (await get({ format: 'jsonl', from: '2020-01-01', to: '2020-12-31' }, 'tax.leader')).text()).trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r.holdingAgencyCode === TAX)).toBe(true);
  });
});

describe('read routing', () => {
  it('statistics read the replica (exports use the same connection); mutations never touch it', async () => {
    const admin = new Client({ connectionString: process.env.ONEDOOR_TEST_ADMIN_URL });
    await admin.connect();
    const name = `${process.env.ONEDOOR_TEST_TEMPLATE}_replica_${Date.now() % 100000}`;
    await admin.query(`create database "${name}" template "${process.env.ONEDOOR_TEST_TEMPLATE}"`);
    const replicaUrl = new URL(process.env.ONEDOOR_TEST_ADMIN_URL!);
    replicaUrl.pathname = `/${name}`;
    const replica = new Client({ connectionString: replicaUrl.toString() });
    await replica.connect();
    const r = await startTestApp({ sameDatabaseAs: t, env: { DATABASE_REPLICA_URL: replicaUrl.toString() } });
    try {
      // A figure only the replica holds (as if replication had brought it).
      const [a] = await replica.query(`select id from agency where code = $1`, [TAX]).then((x) => x.rows);
      const [p] = await replica.query(`select id from procedure where code = $1`, ['1.007749']).then((x) => x.rows);
      await replica.query(`insert into dossier_daily_stat (agency_id, procedure_id, channel, day, received) values ($1, $2, 'ONLINE', '2030-01-15', 77)`, [a.id, p.id]);
      await replica.query(`insert into dossier_monthly_stat (agency_id, procedure_id, channel, day, received) values ($1, $2, 'ONLINE', '2030-01-01', 77)`, [a.id, p.id]);
      const token = await r.login('analyst');
      const res = await r.gql(DossierStatisticsDocument, { filter: { from: '2030-01-01', to: '2030-12-31' }, groupBy: [] }, token);
      expect(res.data!.dossierStatistics).toMatchObject({ __typename: 'DossierStatistics', total: { received: 77 } });
      // A reception through the same server is written to the primary only.
      const before = (await replica.query('select count(*)::int as n from dossier')).rows[0].n;
      const rec = await r.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant } }, await r.login('landreg.reception'));
      expect(rec.data?.receiveDossier.__typename).toBe('DossierPayload');
      expect((await replica.query('select count(*)::int as n from dossier')).rows[0].n).toBe(before);
      expect((await t.sql('select count(*)::int as n from dossier where code = $1', [(rec.data!.receiveDossier as { dossier: { code: string } }).dossier.code]))[0].n).toBe(1);
    } finally {
      await r.stop();
      await replica.end();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe('units across the 2025 merger', () => {
  it('counts dissolved units under the units they became, on request', async () => {
    await seedHistory(t.app.services.orm.em.fork() as never, { provinceSize: 1200, fromYear: 2022, toYear: 2022, daLat: false });
    // Another instance allowing more cells than this file's server.
    const wide = await startTestApp({ sameDatabaseAs: t, env: { STATISTICS_MAX_CELLS: '1000' } });
    const asFiled = rowsOf(await stats({ from: '2022-01-01', to: '2022-12-31' }, ['UNIT'], 'analyst', wide));
    const mapped = rowsOf(await stats({ from: '2022-01-01', to: '2022-12-31', mapToCurrentUnits: true }, ['UNIT'], 'analyst', wide));
    await wide.stop();
    const sum = (rows: StatisticsRowFieldsFragment[]) => rows.reduce((a, r) => a + r.received, 0);
    expect(sum(asFiled)).toBe(1200);
    expect(sum(mapped)).toBe(1200);
    // 2022's dossiers were filed under pre-merger wards; mapped, only today's units remain.
    const current = await t.sql(`select code from admin_unit where valid_to is null`);
    const currentCodes = new Set(current.map((u) => u.code));
    expect(asFiled.some((r) => !currentCodes.has(r.unitCode!) || r.unitCode === '24778')).toBe(true);
    expect(mapped.length).toBeLessThan(asFiled.length);
    // Phường 1 and Phường 2 (Đà Lạt) became Xuân Hương: filtering by the new unit finds the old ones' dossiers.
    const [{ n }] = await t.sql(`select count(*)::int as n from dossier d join admin_unit u on u.id = d.admin_unit_id
      where u.code in ('24778', '24787') and d.received_at >= '2022-01-01T00:00:00+07' and d.received_at < '2023-01-01T00:00:00+07'`);
    const xuanHuong = await stats({ from: '2022-01-01', to: '2022-12-31', unitCodes: ['24781'], mapToCurrentUnits: true }, []);
    if (xuanHuong.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(xuanHuong));
    expect(n).toBeGreaterThan(0);
    expect(xuanHuong.total.received).toBe(n);
  });
});

describe('module measures', () => {
  it('serves what the running modules declare, without the kernel knowing them', async () => {
    const list = await t.gql(ModuleMeasuresDocument, {}, await t.login('analyst'));
    expect(list.data!.moduleMeasures.map((m) => m.key).sort()).toEqual([
      'education.attendanceRate', 'education.averageGrade',
      'inspectorate.anonymousLettersRecorded', 'inspectorate.petitionsReceived', 'inspectorate.petitionsResolvedLate', 'inspectorate.petitionsResolvedOnTime', 'inspectorate.secondComplaintsReceived',
      'tax.amountCollected', 'tax.declarationsFiled', 'tax.noticesIssued', 'tax.registrationsCompleted',
    ]);
    // The modules' own dimensions, declared in their contracts.
    const dims = Object.fromEntries(list.data!.moduleMeasures.map((m) => [m.key, m.dimensions.map((d) => d.key)]));
    expect([dims['education.attendanceRate'], dims['inspectorate.petitionsReceived'], dims['tax.declarationsFiled'], dims['tax.amountCollected']]).toEqual([['school'], ['classification'], ['form'], []]);
    expect(list.data!.moduleMeasures.find((m) => m.key === 'education.averageGrade')!.combine).toBe('RATIO');
    // A personal tax registration, received and returned in March 2026.
    t.clock.set('2026-03-02T02:00:00Z');
    // Someone not yet registered for tax (the tax seed registers the demo citizens).
    const newcomer = { kind: 'PERSON' as const, name: 'Hoàng Thị Mai', idNumber: '068196012345' };
    const r = await t.gql(ReceiveDossierDocument, { input: { procedureCode: '1.007752', formData: { address: '5 Đường Yersin, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' }, channel: 'COUNTER', applicant: newcomer } }, await t.login('tax.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    let d = r.data.receiveDossier.dossier;
    const path = d.availableActions.map((a) => a.key);
    expect(path).toContain('assign');
    d = await t.act('tax.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('tax.specialist') });
    d = await t.act('tax.specialist', d.id, d.version, 'submitForApproval');
    d = await t.act('tax.leader', d.id, d.version, 'approve');
    t.clock.set('2026-03-03T02:00:00Z');
    await t.act('tax.reception', d.id, d.version, 'returnResult');
    const values = await t.gql(ModuleMeasureDocument, { key: 'tax.registrationsCompleted', filter: { from: '2026-01-01', to: '2026-12-31' } }, await t.login('analyst'));
    expect(values.data!.moduleMeasure).toEqual({ __typename: 'ModuleMeasureValues', measure: { key: 'tax.registrationsCompleted', moduleName: 'tax' }, rows: [{ agencyCode: TAX, period: '2026-03', value: 1 }] });
    const landOfficer = await t.gql(ModuleMeasureDocument, { key: 'tax.registrationsCompleted', filter: { from: '2026-01-01', to: '2026-12-31' } }, await t.login('landreg.leader'));
    expect(landOfficer.data!.moduleMeasure).toMatchObject({ rows: [] });
    const unknown = await t.gql(ModuleMeasureDocument, { key: 'land.nothing', filter: { from: '2026-01-01', to: '2026-12-31' } }, await t.login('analyst'));
    expect(unknown.data!.moduleMeasure).toMatchObject({ __typename: 'ValidationFailed' });
    // A server without the tax module does not offer its measure.
    const land = await startTestApp({ sameDatabaseAs: t, modules: ['land'] });
    try {
      const only = await land.gql(ModuleMeasuresDocument, {}, await land.login('analyst'));
      expect(only.data!.moduleMeasures).toEqual([]);
    } finally {
      await land.stop();
    }
  });
});
