import { DossierFieldsFragment, DossierStatisticsDocument, Index766Document, ReceiveDossierDocument, StatisticsRowFieldsFragment } from '../generated/graphql';
import { CITIZEN_AN, landForm, startTestApp, TestApp } from '../support/harness';

/**
 * Dossiers in progress on time and late at the end of a day: lateness comes with time, so a
 * snapshot is taken once a day after 17:00 (Vietnam time) and the statistics read it.
 */
const LAND_OFFICE = '000.13.01.H37';
const MORTGAGE = '1.011543'; // 3 working days

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

async function receive(at: string, channel: 'COUNTER' | 'POST' = 'COUNTER'): Promise<DossierFieldsFragment> {
  t.clock.set(at);
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.receiveDossier.dossier;
}

async function endOfDay(to: string) {
  const r = await t.gql(DossierStatisticsDocument, { filter: { from: '2026-11-01', to, agencyCodes: [LAND_OFFICE] }, groupBy: [] }, await t.login('analyst'));
  if (r.data?.dossierStatistics.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
  const { inProgressAtEnd, inProgressOnTimeAtEnd, inProgressLateAtEnd } = r.data.dossierStatistics.total;
  return { inProgressAtEnd, inProgressOnTimeAtEnd, inProgressLateAtEnd };
}

describe('the daily snapshot of dossiers in progress', () => {
  it('splits those in progress into on time and late at the end of the working day', async () => {
    await receive('2026-11-23T02:00:00Z'); // Mon 09:00, due Thu 26 Nov 09:00
    await receive('2026-11-26T02:00:00Z'); // Thu 09:00, due Tue 1 Dec 09:00
    await t.settled();
    const job = 'statistics.open-snapshot';

    // Before 17:00 nothing is taken, and the day's split is unknown, not zero.
    t.clock.set('2026-11-30T08:00:00Z'); // Mon 15:00
    expect(await t.app.services.jobs.runNow(job)).toBe(true);
    expect(await endOfDay('2026-11-30')).toEqual({ inProgressAtEnd: 2, inProgressOnTimeAtEnd: null, inProgressLateAtEnd: null });

    // After closing time: the first is past its due date, the second is not.
    t.clock.set('2026-11-30T11:00:00Z'); // Mon 18:00
    expect(await t.app.services.jobs.runNow(job)).toBe(true);
    expect(await endOfDay('2026-11-30')).toEqual({ inProgressAtEnd: 2, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 });

    // Taken once: a later run the same evening changes nothing, even after a new reception.
    await receive('2026-11-30T12:00:00Z');
    t.clock.set('2026-11-30T13:00:00Z');
    await t.app.services.jobs.runNow(job);
    const rows = await t.sql(`select sum(in_progress_on_time)::int as on_time, sum(in_progress_late)::int as late from dossier_open_snapshot where day = '2026-11-30'`);
    expect(rows).toEqual([{ on_time: 1, late: 1 }]);

    // A day without a snapshot (the server was down that evening) stays unknown.
    expect(await endOfDay('2026-11-27')).toMatchObject({ inProgressOnTimeAtEnd: null, inProgressLateAtEnd: null });

    // The 766 timeliness now counts those in progress within their deadline too.
    const index = await t.raw({ query: `query { index766(filter: { from: "2026-11-01", to: "2026-11-30", agencyCodes: ["${LAND_OFFICE}"] }) {
      ... on Index766 { rows { components { key basis } } } } }` }, await t.login('analyst'));
    const timeliness = index.data.index766.rows[0].components.find((c: { key: string }) => c.key === 'timeliness');
    expect(timeliness.basis).toBe('0 of 0 resolved early or on time, 1 of 2 in progress within the deadline');
  });
});

describe('stocks and the snapshot per period', () => {
  // Dossiers by post only: the counter dossiers above stay in progress and are not counted here.
  const byPost = { agencyCodes: [LAND_OFFICE], channel: 'POST' as const };
  const job = 'statistics.open-snapshot';
  let dossiers: DossierFieldsFragment[] = [];

  async function periods(from: string, to: string, groupBy: string[]) {
    const r = await t.gql(DossierStatisticsDocument, { filter: { from, to, ...byPost }, groupBy: groupBy as never }, await t.login('analyst'));
    if (r.data?.dossierStatistics.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
    return r.data.dossierStatistics;
  }
  const stocksOf = (r: StatisticsRowFieldsFragment) => ({
    period: r.period, received: r.received, resolved: r.resolved, resolvedLate: r.resolvedLate, carriedOver: r.carriedOver,
    inProgressAtEnd: r.inProgressAtEnd, pausedAtEnd: r.pausedAtEnd, inProgressOnTimeAtEnd: r.inProgressOnTimeAtEnd, inProgressLateAtEnd: r.inProgressLateAtEnd,
  });

  beforeAll(async () => {
    // 2027 has no holidays in the calendar: working days are Monday to Friday.
    // A: Mon 11 Jan 09:00, due Thu 14 Jan 09:00 (3 working days); never resolved.
    const a = await receive('2027-01-11T02:00:00Z', 'POST');
    // B: Thu 28 Jan 09:00, due Tue 2 Feb 09:00; resolved (late) on Wed 3 Mar.
    let b = await receive('2027-01-28T02:00:00Z', 'POST');
    expect([a.dueAt, b.dueAt]).toEqual(['2027-01-14T02:00:00.000Z', '2027-02-02T02:00:00.000Z']);
    await t.settled();
    // Snapshots on Sun 31 Jan and Sun 14 Feb after 18:00; none on Sun 28 Feb (the server was down).
    for (const evening of ['2027-01-31T11:00:00Z', '2027-02-14T11:00:00Z']) {
      t.clock.set(evening);
      expect(await t.app.services.jobs.runNow(job)).toBe(true);
    }
    // No flow at all in February. B resolved on Wed 3 Mar; C received Tue 30 Mar, due Fri 2 Apr.
    t.clock.set('2027-03-03T02:00:00Z');
    b = await t.act('landreg.reception', b.id, b.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    b = await t.act('landreg.specialist', b.id, b.version, 'submitForApproval');
    b = await t.act('landreg.leader', b.id, b.version, 'approve');
    const c = await receive('2027-03-30T02:00:00Z', 'POST');
    await t.settled();
    t.clock.set('2027-03-31T11:00:00Z'); // Wed 18:00
    expect(await t.app.services.jobs.runNow(job)).toBe(true);
    dossiers = [a, b, c];
  });

  it('gives every month a row while dossiers are in progress, with flows or without', async () => {
    // December 2026 has neither flows nor dossiers in progress: no row.
    const months = await periods('2026-12-01', '2027-03-31', ['AGENCY', 'MONTH']);
    expect(months.rows.map((r) => r.agencyCode)).toEqual([LAND_OFFICE, LAND_OFFICE, LAND_OFFICE]);
    expect(months.rows.map(stocksOf)).toEqual([
      // 31 Jan: A past its due date (14 Jan), B within it (2 Feb).
      { period: '2027-01', received: 2, resolved: 0, resolvedLate: 0, carriedOver: 0, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 },
      // No flow in February, both still in progress; no snapshot on 28 Feb: the split is unknown.
      { period: '2027-02', received: 0, resolved: 0, resolvedLate: 0, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: null, inProgressLateAtEnd: null },
      // 31 Mar: B resolved late, C received; A late, C within its due date (2 Apr).
      { period: '2027-03', received: 1, resolved: 1, resolvedLate: 1, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 },
    ]);
    expect(stocksOf(months.total)).toEqual({ period: null, received: 3, resolved: 1, resolvedLate: 1, carriedOver: 0, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 });
    // The last month ends where the whole range ends.
    const whole = await periods('2026-12-01', '2027-03-31', []);
    expect(stocksOf(whole.total)).toEqual(stocksOf(months.total));
    expect(months.rows.at(-1)!.inProgressAtEnd).toBe(whole.total.inProgressAtEnd);
    // Each month starts where the previous one ended.
    for (let i = 1; i < months.rows.length; i++) expect(months.rows[i].carriedOver).toBe(months.rows[i - 1].inProgressAtEnd);
  });

  it('reads the snapshot of each period’s last day within the range, whatever the period', async () => {
    // ISO weeks 5 (1–7 Feb) and 6 (8–14 Feb): no flows; a snapshot on 14 Feb only, both past due by then.
    const weeks = await periods('2027-02-01', '2027-02-14', ['WEEK']);
    expect(weeks.rows.map(stocksOf)).toEqual([
      { period: '2027-W05', received: 0, resolved: 0, resolvedLate: 0, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: null, inProgressLateAtEnd: null },
      { period: '2027-W06', received: 0, resolved: 0, resolvedLate: 0, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 0, inProgressLateAtEnd: 2 },
    ]);
    expect(stocksOf(weeks.total)).toMatchObject({ carriedOver: 2, inProgressAtEnd: 2, inProgressOnTimeAtEnd: 0, inProgressLateAtEnd: 2 });
    // A range ending mid-month: January's row ends on the 31st, February's on the 14th (the range's end).
    const partial = await periods('2027-01-15', '2027-02-14', ['MONTH']);
    expect(partial.rows.map(stocksOf)).toEqual([
      { period: '2027-01', received: 1, resolved: 0, resolvedLate: 0, carriedOver: 1, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 },
      { period: '2027-02', received: 0, resolved: 0, resolvedLate: 0, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 0, inProgressLateAtEnd: 2 },
    ]);
    // Quarters: 2026-Q4 had nothing (no row); 2027-Q1 ends on 31 Mar.
    const quarters = await periods('2026-10-01', '2027-03-31', ['QUARTER']);
    expect(quarters.rows.map(stocksOf)).toEqual([
      { period: '2027-Q1', received: 3, resolved: 1, resolvedLate: 1, carriedOver: 0, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 1, inProgressLateAtEnd: 1 },
    ]);
  });

  it('scores the 766 timeliness per period with those in progress at its end', async () => {
    const r = await t.gql(Index766Document, { filter: { from: '2027-01-01', to: '2027-03-31', ...byPost }, groupBy: ['MONTH'] }, await t.login('analyst'));
    if (r.data?.index766.__typename !== 'Index766') throw new Error(JSON.stringify(r));
    const timeliness = r.data.index766.rows.map((row) => ({ period: row.period, ...row.components.find((c) => c.key === 'timeliness') }));
    expect(timeliness.map(({ period, score, basis }) => ({ period, score, basis }))).toEqual([
      { period: '2027-01', score: 10, basis: '0 of 0 resolved early or on time, 1 of 2 in progress within the deadline' },
      { period: '2027-02', score: null, basis: '0 of 0 resolved early or on time (no snapshot of those in progress)' },
      // (0 + 1) / (1 resolved + 2 in progress) of 20 points.
      { period: '2027-03', score: 6.67, basis: '0 of 1 resolved early or on time, 1 of 2 in progress within the deadline' },
    ]);
  });

  it('adds a dissolved unit’s snapshot into the unit it became, on request', async () => {
    // Read back from rows written by hand for 30 Apr: Phường 1 (24778) and Phường 2 (24787) became Xuân Hương (24781).
    const [{ unit }] = await t.sql(`select u.code as unit from dossier d join admin_unit u on u.id = d.admin_unit_id where d.id = $1`, [dossiers[0].id]);
    expect(['24778', '24787', '24781']).not.toContain(unit);
    await t.sql(`insert into dossier_snapshot_day (day, taken_at) values ('2027-04-30', '2027-04-30T11:00:00Z')`);
    await t.sql(`insert into dossier_open_snapshot (day, agency_id, procedure_id, unit_id, channel, in_progress_on_time, in_progress_late, paused)
      select '2027-04-30', a.id, p.id, u.id, 'POST', x.on_time, x.late, 0
      from (values ('24778', 2, 1), ('24787', 0, 4)) x(unit, on_time, late)
      join admin_unit u on u.code = x.unit, agency a, procedure p where a.code = $1 and p.code = $2`, [LAND_OFFICE, MORTGAGE]);
    const april = async (mapToCurrentUnits: boolean) => {
      const r = await t.gql(DossierStatisticsDocument, { filter: { from: '2027-04-01', to: '2027-04-30', ...byPost, mapToCurrentUnits }, groupBy: ['UNIT', 'MONTH'] }, await t.login('analyst'));
      if (r.data?.dossierStatistics.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
      return Object.fromEntries(r.data.dossierStatistics.rows.map((row) => [row.unitCode, stocksOf(row)]));
    };
    // A and C are in progress through April without a flow; the hand-written snapshot has no row for their unit: 0, not null (the day is known).
    const filed = { period: '2027-04', received: 0, resolved: 0, resolvedLate: 0, carriedOver: 2, inProgressAtEnd: 2, pausedAtEnd: 0, inProgressOnTimeAtEnd: 0, inProgressLateAtEnd: 0 };
    const only = (onTime: number, late: number) => ({ ...filed, carriedOver: 0, inProgressAtEnd: 0, inProgressOnTimeAtEnd: onTime, inProgressLateAtEnd: late });
    expect(await april(false)).toEqual({ [unit]: filed, 24778: only(2, 1), 24787: only(0, 4) });
    expect(await april(true)).toEqual({ [unit]: filed, 24781: only(2, 5) });
  });
});
