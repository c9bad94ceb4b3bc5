import { startTestApp, TestApp } from '../support/harness';
import type { ReadinessBody } from '../../src/server/readiness';

/**
 * Issue 19, defect 10: the holidays were known for 2025–2026 only, and a due date in 2027
 * silently ignored Tết. The calendar now knows which years an admin confirmed (the seeds of 2025
 * and 2026 count), warns in /readyz and in the log when fewer than 90 days are confirmed ahead,
 * and `dueDateEstimate` says when its answer rests on an unconfirmed year.
 */
let t: TestApp;
const lines: { level: number; component?: string; msg: string; confirmedThrough?: string | null }[] = [];

beforeAll(async () => {
  t = await startTestApp({ logLines: (line) => lines.push(JSON.parse(line)) });
});
afterAll(() => t.stop());

const PROCEDURE = '1.011543';
const ESTIMATE = `query ($code: String!, $at: DateTime) { dueDateEstimate(procedureCode: $code, receivedAt: $at) { dueDate calendarConfirmed unconfirmedFrom confirmedThrough } }`;
const estimate = async (at: string) => (await t.raw({ query: ESTIMATE, variables: { code: PROCEDURE, at } })).data.dueDateEstimate;
const confirm = (year: number, token?: string) =>
  t.raw({ query: `mutation ($year: Int!) { confirmCalendarYear(year: $year) { __typename ... on CalendarYearPayload { year confirmedThrough } ... on ErrorResult { code message } } }`, variables: { year } }, token);

async function readyz(): Promise<{ status: number; body: ReadinessBody }> {
  const res = await fetch(t.url.replace(/\/graphql$/, '/readyz'));
  return { status: res.status, body: (await res.json()) as ReadinessBody };
}

const horizonWarnings = () => lines.filter((l) => l.component === 'calendar' && l.level === 40 && l.msg.includes('confirmed through'));

describe('calendar horizon', () => {
  it('flags a 2027 estimate, warns (ready all the same) and logs at start and daily; confirming 2027 clears it', async () => {
    // The clock set by hand: Mon 23/11/2026, 38 days before the last confirmed day.
    t.clock.set('2026-11-23T01:30:00Z');
    const atStart = horizonWarnings();
    expect(atStart.length).toBeGreaterThanOrEqual(1);
    expect(atStart[0].confirmedThrough).toBe('2026-12-31');

    // Received Mon 08/03/2027 15:00: 2027's holidays (Tết among them) are not confirmed.
    const late = await estimate('2027-03-08T08:00:00.000Z');
    expect(late).toMatchObject({ calendarConfirmed: false, unconfirmedFrom: '2027-01-01', confirmedThrough: '2026-12-31' });
    expect(late.dueDate.startsWith('2027-')).toBe(true);
    // Within a confirmed year the answer stands.
    expect(await estimate('2026-11-23T01:30:00.000Z')).toMatchObject({ calendarConfirmed: true, unconfirmedFrom: null });
    // The old query is unchanged and agrees.
    const old = await t.raw({ query: `{ estimateDueDate(procedureCode: "${PROCEDURE}", receivedAt: "2027-03-08T08:00:00.000Z") }` });
    expect(old.data.estimateDueDate).toBe(late.dueDate);

    // A warning, not a failure.
    const before = await readyz();
    expect(before.status).toBe(200);
    expect(before.body.status).toBe('ready');
    expect(before.body.warnings).toEqual([expect.stringContaining('confirmed through 2026-12-31 only (38 days ahead')]);

    // The daily job logs it again, naming the last confirmed day.
    const logged = horizonWarnings().length;
    expect(await t.app.services.jobs.runNow('calendar.horizon')).toBe(true);
    expect(horizonWarnings().length).toBe(logged + 1);
    expect(horizonWarnings().at(-1)!.confirmedThrough).toBe('2026-12-31');

    // Only a system admin confirms, and only a year whose holidays are entered.
    expect((await confirm(2027, await t.login('landreg.leader'))).data.confirmCalendarYear.__typename).toBe('NotAuthorized');
    const admin = await t.login('admin');
    expect((await confirm(2027, admin)).data.confirmCalendarYear.__typename).toBe('ValidationFailed');
    // Test data, not the 2027 notice: only 1 January, fixed by Labour Code 2019 art. 112(1)(a).
    const set = await t.raw({ query: `mutation { setCalendarDay(date: "2027-01-01", kind: HOLIDAY, name: "Tết Dương lịch") { __typename } }` }, admin);
    expect(set.data.setCalendarDay.__typename).toBe('CalendarDayPayload');
    expect((await confirm(2027, admin)).data.confirmCalendarYear).toEqual({ __typename: 'CalendarYearPayload', year: 2027, confirmedThrough: '2027-12-31' });
    expect((await t.sql(`select count(*)::int as n from outbox_event where aggregate_type = 'Calendar' and type = 'CalendarYearConfirmed' and aggregate_id = '2027'`))[0].n).toBe(1);

    expect(await estimate('2027-03-08T08:00:00.000Z')).toMatchObject({ calendarConfirmed: true, unconfirmedFrom: null, confirmedThrough: '2027-12-31' });
    const after = await readyz();
    expect(after.status).toBe(200);
    expect(after.body.warnings).toBeUndefined();
    const quiet = horizonWarnings().length;
    expect(await t.app.services.jobs.runNow('calendar.horizon')).toBe(true);
    expect(horizonWarnings().length).toBe(quiet);
  });
});
