import { PerformDossierActionDocument, ReceiveDossierDocument, SubmitDossierDocument } from '../generated/graphql';
import { taxCheckDigit } from '../../src/graphql/validation';
import { CITIZEN_AN, pdfFiles, startTestApp, TestApp } from '../support/harness';

/**
 * Issue 19, defect 12: no procedure of 0.5, 1, 7, 15 or 30 working days existed, so no such
 * duration could be tried end to end. The modules now seed one of each. Each is filed, then
 * received by the desk on Friday 28/08/2026 at 15:00 (Vietnam time, the clock set by hand), with
 * the weekend and the Quốc khánh holidays (Tue 1/9 and Wed 2/9, seeded calendar) ahead.
 *
 * The rule (DOMAIN.md §3 "Deadlines"): working hours 07:00–11:30 and 13:30–17:00, 8 h = 1 day,
 * so 0.5 working day is 4 working hours; the clock starts at reception. The 15:00 cut-off
 * ("Same-day procedures received after 15:00 are due the next working day") is for same-day
 * procedures only: a 0.5-day one received at 15:00 has 2 hours that Friday and 2 hours on the
 * next working day, so it is due Monday 31/08 at 09:00.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.stop());

/** Friday 28/08/2026 in Vietnam (UTC+7) at a local time. */
const friday = (hhmm: string) => new Date(`2026-08-28T${hhmm}:00+07:00`).toISOString();
const local = (iso: string) => new Date(iso).toISOString();

const CASES: { code: string; days: number; desk: string; org?: boolean; due: string; why: string }[] = [
  { code: '1.011545', days: 0.5, desk: 'landreg', due: '2026-08-31T09:00:00+07:00', why: '2 h on Friday, 2 h on Monday' },
  { code: '1.007770', days: 1, desk: 'tax', due: '2026-08-31T15:00:00+07:00', why: '2 h on Friday, 6 h on Monday' },
  { code: '2.001915', days: 7, desk: 'edu', due: '2026-09-10T15:00:00+07:00', why: 'Tue 1/9 and Wed 2/9 are holidays' },
  { code: '1.012795', days: 15, desk: 'landreg', due: '2026-09-22T15:00:00+07:00', why: 'weekends and the two holidays skipped' },
  { code: '1.005095', days: 30, desk: 'edu', org: true, due: '2026-10-13T15:00:00+07:00', why: 'six weeks and a day of working days' },
];

describe('catalogue durations end to end', () => {
  it.each(CASES)('a $days-working-day procedure ($code) received Fri 28/08 15:00 is due $due ($why)', async ({ code, days, desk, org, due }) => {
    const listed = await t.raw({ query: `query ($s: String) { procedures(filter: { search: $s }, first: 5) { edges { node { code processingTime { amount unit label } } } } }`, variables: { s: code } });
    expect(listed.data.procedures.edges[0].node).toMatchObject({ code, processingTime: { amount: days, unit: 'WORKING_DAYS' } });
    const components = (await t.sql<{ components: { code: string; required: boolean }[] }>('select components from procedure where code = $1', [code]))[0].components;
    let dossier: { id: string; version: number; dueAt: string | null };
    if (org) {
      // An organisation files at the counter: received (and timed) at once.
      t.clock.set(friday('15:00'));
      const nine = '580000123';
      const r = await t.gql(ReceiveDossierDocument, {
        input: { procedureCode: code, channel: 'COUNTER', applicant: { kind: 'ORGANIZATION', name: 'Công ty TNHH Giáo dục Langbiang', idNumber: `${nine}${taxCheckDigit(nine)}` } },
      }, await t.login(`${desk}.reception`));
      if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      dossier = r.data.receiveDossier.dossier;
    } else {
      t.clock.set(friday('14:40'));
      const s = await t.gql(SubmitDossierDocument, {
        input: { procedureCode: code, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, files: pdfFiles(components.filter((c) => c.required).map((c) => c.code)) },
      }, await t.login('citizen.an'));
      if (s.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(s));
      expect(s.data.submitDossier.dossier.dueAt).toBeNull();
      t.clock.set(friday('15:00'));
      const r = await t.gql(PerformDossierActionDocument, { input: { dossierId: s.data.submitDossier.dossier.id, action: 'receive', expectedVersion: s.data.submitDossier.dossier.version } }, await t.login(`${desk}.reception`));
      if (r.data?.performDossierAction.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      dossier = r.data.performDossierAction.dossier;
    }
    expect(dossier.dueAt).toBe(local(due));
    // The public estimate agrees with what reception wrote.
    const estimate = await t.raw({ query: `query ($c: String!, $at: DateTime) { estimateDueDate(procedureCode: $c, receivedAt: $at) }`, variables: { c: code, at: friday('15:00') } });
    expect(estimate.data.estimateDueDate).toBe(local(due));
  });

  it('the 15:00 cut-off is the same-day rule: a same-day procedure received at 15:00 is due at the end of the next working day', async () => {
    const r = await t.raw({ query: `query ($at: DateTime) { estimateDueDate(procedureCode: "2.001914", receivedAt: $at) }`, variables: { at: friday('15:00') } });
    expect(r.data.estimateDueDate).toBe(local('2026-08-31T17:00:00+07:00'));
    const before = await t.raw({ query: `query ($at: DateTime) { estimateDueDate(procedureCode: "2.001914", receivedAt: $at) }`, variables: { at: friday('14:59') } });
    expect(before.data.estimateDueDate).toBe(local('2026-08-28T17:00:00+07:00'));
    // Half a day received in the morning stays within the day: 09:00 + 4 working hours (lunch skipped) = 15:00.
    const morning = await t.raw({ query: `query ($at: DateTime) { estimateDueDate(procedureCode: "1.011545", receivedAt: $at) }`, variables: { at: friday('09:00') } });
    expect(morning.data.estimateDueDate).toBe(local('2026-08-28T15:00:00+07:00'));
  });
});
