import { DemoSeedContext } from '../../../src/kernel';
import { principalOf, startTestApp, TestApp } from '../../../test/support/harness';
import { inspectorateModule } from '../inspectorate.module';

/** The demo reception day, walked through the module's own service. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['inspectorate'] });
});
afterAll(async () => {
  await t?.stop();
});

function seedContext(): DemoSeedContext {
  const em = t.app.services.orm.em.fork();
  let x = 42;
  return {
    em,
    random: () => ((x = (x * 16807) % 2147483647) - 1) / 2147483646,
    now: t.clock.now(),
    calendar: undefined as never,
    principal: async (username) => principalOf(em, username),
  };
}

describe('the demo seed', () => {
  beforeAll(async () => {
    const ctx = seedContext();
    ctx.calendar = await t.app.services.calendar.calendar(ctx.em);
    await inspectorateModule.seedDemoRecords!(ctx);
  });

  it('holds a reception day with petitions in every status, inspectors, an extension, a late decision, a duplicate, an anonymous letter and a second complaint', async () => {
    const statuses = (await t.sql(`select distinct status::text as s from inspectorate_petition order by 1`)).map((r) => r.s);
    expect(statuses).toEqual(['ACCEPTED', 'CONCLUDED', 'DECIDED', 'ELIGIBILITY_CHECK', 'RECEIVED', 'RECORDED_ANONYMOUS', 'REFUSED', 'TRANSFERRED', 'VERIFYING', 'WITHDRAWN']);
    const [facts] = await t.sql(`select
        (select count(*) from inspectorate_reception_session where kind = 'PERIODIC_BY_HEAD')::int as sessions,
        (select count(*) from inspectorate_petition where reception_session_id is not null)::int as "fromSession",
        (select count(*) from inspectorate_petition_extension)::int as extensions,
        (select count(*) from inspectorate_petition where duplicate_of_id is not null)::int as duplicates,
        (select count(*) from inspectorate_petition where anonymous)::int as anonymous,
        (select count(distinct account_id) from inspectorate_petition_inspector where removed_at is null)::int as inspectors,
        (select count(*) from inspectorate_petition where resolved_at > due_at)::int as late,
        (select count(*) from inspectorate_petition where resolved_at <= due_at)::int as "onTime",
        (select count(*) from inspectorate_petition p join agency a on a.id = p.agency_id where p.instance = 2 and a.code = '000.00.00.H37' and p.time_bar_last_day is not null)::int as "secondComplaints",
        (select count(*) from inspectorate_petition where classification = 'COMPLAINT' and not anonymous and time_bar_last_day is null)::int as "complaintsWithoutTimeBar"`);
    expect(facts).toEqual({ sessions: 1, fromSession: 4, extensions: 1, duplicates: 1, anonymous: 1, inspectors: 2, late: 1, onTime: 2, secondComplaints: 1, complaintsWithoutTimeBar: 0 });
  });

  it('numbers the codes in the order the petitions arrived', async () => {
    const rows = await t.sql(`select code from inspectorate_petition order by received_at, number`);
    expect(rows.map((r) => r.code)).toEqual(rows.map((_, i) => `TT-${rows[0].code.slice(3, 7)}-${String(i + 1).padStart(6, '0')}`));
  });

  it('writes no petitioner into the history or the events', async () => {
    const leaks = await t.sql(`select h.note from inspectorate_petition_history h, inspectorate_petitioner_identity i
      where h.note ilike '%' || i.full_name || '%' or h.note like '%' || i.identity_number || '%'`);
    expect(leaks).toEqual([]);
    const events = await t.sql(`select o.payload::text as p from outbox_event o, inspectorate_petitioner_identity i
      where o.aggregate_type = 'Petition' and (o.payload::text ilike '%' || i.full_name || '%' or o.payload::text like '%' || i.identity_number || '%')`);
    expect(events).toEqual([]);
  });

  it('runs once', async () => {
    const [{ n }] = await t.sql(`select count(*)::int as n from inspectorate_petition`);
    const ctx = seedContext();
    ctx.calendar = await t.app.services.calendar.calendar(ctx.em);
    await inspectorateModule.seedDemoRecords!(ctx);
    expect((await t.sql(`select count(*)::int as n from inspectorate_petition`))[0].n).toBe(n);
  });
});
