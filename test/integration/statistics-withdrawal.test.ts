import { DossierStatisticsDocument } from '../generated/graphql';
import { receiveLandAtCounter, startTestApp, submitLandOnline, TestApp } from '../support/harness';
import { Migration20261207204000WithdrawnBeforeReception } from '../../migrations/Migration20261207204000WithdrawnBeforeReception';

/**
 * Issue 19 #2: an online dossier withdrawn before reception (status 1 → 7) was never in
 * progress: it is not a "withdrawn" flow and does not reduce the in-progress stock, which stays
 * equal to a recount of the dossier table, period after period.
 */

const MORTGAGE = '1.011543';
const LANDREG = '000.13.01.H37';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const atCounter = () => receiveLandAtCounter(t, MORTGAGE);
const online = () => submitLandOnline(t, MORTGAGE);

async function landreg(from: string, to: string) {
  await t.settled();
  const r = (await t.gql(DossierStatisticsDocument, { filter: { from, to, agencyCodes: [LANDREG] } as never, groupBy: [] as never }, await t.login('analyst'))).data!.dossierStatistics;
  if (r.__typename !== 'DossierStatistics') throw new Error(JSON.stringify(r));
  return r.total;
}

/** The table's own count: dossiers the land office holds, received by `end` and neither finished nor closed by then. */
async function recount(end: string): Promise<number> {
  const [r] = await t.sql(`select count(*)::int as n from dossier d join agency a on a.id = d.holding_agency_id
    where a.code = $1 and d.received_at < $2 and (d.finished_at is null or d.finished_at >= $2) and (d.closed_at is null or d.closed_at >= $2)`, [LANDREG, end]);
  return r.n;
}

it('a dossier withdrawn before reception is neither withdrawn nor subtracted from the in-progress stock (issue 19 #2)', async () => {
  // March 2026: three received at the counter, one online and received, then withdrawn;
  // one online withdrawn by its applicant before anyone received it (status 1 → 7).
  t.clock.set('2026-03-02T02:00:00Z');
  for (let i = 0; i < 3; i++) await atCounter();
  const received = await online();
  const r = await t.act('landreg.reception', received.id, 1, 'receive');
  const early = await online();
  t.clock.set('2026-03-03T02:00:00Z');
  await t.act('citizen.an', early.id, early.version, 'withdraw', { note: 'Tôi muốn rút hồ sơ' });
  await t.act('landreg.reception', r.id, r.version, 'withdraw', { note: 'Công dân rút hồ sơ' });

  const march = await landreg('2026-03-01', '2026-03-31');
  expect(march).toMatchObject({ received: 4, withdrawn: 1 });
  expect(march.inProgressAtEnd).toBe((march.carriedOver ?? 0) + 3);
  expect(march.inProgressAtEnd).toBe(await recount('2026-03-31T17:00:00Z'));
  // The error would carry forward: April starts where March ended, and equals the table.
  const april = await landreg('2026-04-01', '2026-04-30');
  expect(april.carriedOver).toBe(march.inProgressAtEnd);
  expect(april.inProgressAtEnd).toBe(await recount('2026-04-30T17:00:00Z'));
});

it('the migration takes back what rollups written before counted for withdrawals before reception', async () => {
  const before = await landreg('2026-03-01', '2026-03-31');
  // What the old consumer wrote: one more "withdrawn" in each cell of the withdrawal before reception.
  const tables = ['dossier_daily_stat', 'dossier_monthly_stat', 'dossier_unit_daily_stat', 'dossier_unit_monthly_stat'];
  for (const table of tables) {
    const [r] = await t.sql(`update ${table} set withdrawn = withdrawn + 1 where day in ('2026-03-03', '2026-03-01') and channel = 'ONLINE' and agency_id = (select id from agency where code = $1) returning 1`, [LANDREG]);
    expect(r).toBeDefined();
  }
  expect((await landreg('2026-03-01', '2026-03-31')).inProgressAtEnd).toBe(before.inProgressAtEnd! - 1);
  const orm = t.app.services.orm;
  const m = new Migration20261207204000WithdrawnBeforeReception(orm.em.getDriver(), orm.config);
  await m.up();
  for (const q of m.getQueries()) await t.sql(String(q));
  const after = await landreg('2026-03-01', '2026-03-31');
  expect(after).toEqual(before);
});
