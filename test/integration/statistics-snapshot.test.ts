import { DossierStatisticsDocument, ReceiveDossierDocument } from '../generated/graphql';
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

async function receive(at: string): Promise<void> {
  t.clock.set(at);
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
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
