import type { Account } from '../auth/account.entity';
import { DurationUnit } from '../calendar/duration';
import { atLocal, WorkingCalendar } from '../calendar/working-calendar';
import type { Agency } from '../org/agency.entity';
import type { Dossier } from './dossier.entity';
import { applyEffects, DossierRows, EffectContext, EFFECTS } from './effects';
import { ActionEffect as E } from './workflow/workflow.types';

/*
 * Each effect on a plain dossier object, its other rows (pauses, agency stints) kept in memory.
 * Mon 2026-03-16 … Fri 2026-03-20 are working days of the plain calendar.
 */
const calendar = new WorkingCalendar({ holidays: [] });
const MONDAY = atLocal('2026-03-16', '08:00');
const TUESDAY = atLocal('2026-03-17', '08:00');
const WEDNESDAY = atLocal('2026-03-18', '08:00');
const agency = (code: string) => ({ id: `id-${code}`, code }) as Agency;
const LAND = agency('LAND');
const TAX = agency('TAX');

function memoryRows(payables: { module: string; ref: string; amountVnd: number }[] = []) {
  const pauses: { reason: string; startedAt: Date; endedAt: Date | null }[] = [];
  const stints: { agency: string; startedAt: Date | null; endedAt: Date | null }[] = [{ agency: LAND.code, startedAt: null, endedAt: null }];
  const rows: DossierRows = {
    openPause: (reason, at) => void pauses.push({ reason, startedAt: at, endedAt: null }),
    endPause: async (at) => void pauses.filter((p) => !p.endedAt).forEach((p) => (p.endedAt = at)),
    endedPauses: async () => pauses.filter((p) => p.endedAt).map((p) => ({ startedAt: p.startedAt, endedAt: p.endedAt! })),
    leaveHolder: async (at) => {
      const open = stints.find((s) => !s.endedAt)!;
      open.endedAt = at;
      return open.agency;
    },
    enterHolder: async (a, at) => void stints.push({ agency: a.code, startedAt: at, endedAt: null }),
    payables: async () => payables,
  };
  return { rows, pauses, stints };
}

function context(over: Partial<EffectContext> = {}, payables?: { module: string; ref: string; amountVnd: number }[]) {
  const memory = memoryRows(payables);
  const dossier = { holdingAgency: LAND, assignee: null, pausedAt: null, dueAt: null, originalDueAt: null } as unknown as Dossier;
  const c: EffectContext = {
    dossier,
    procedure: { processingAmount: 5, processingUnit: DurationUnit.WORKING_DAYS },
    actionKey: 'someAction',
    calendar,
    now: MONDAY,
    data: {},
    assignee: null,
    target: null,
    newDueDate: null,
    rows: memory.rows,
    ...over,
  };
  return { c, d: c.dossier, ...memory };
}

/** Runs one effect as the runner does: its own phase only. */
async function run(effect: E, c: EffectContext) {
  await applyEffects([effect], 'beforeHooks', c);
  await applyEffects([effect], 'afterHooks', c);
}

describe('the effect table', () => {
  it('has a handler for every effect a workflow may name', () => {
    expect(Object.keys(EFFECTS).sort()).toEqual(Object.values(E).sort());
  });

  it('RECEIVE starts the clock: the due date is the processing time from now, and the original one with it', async () => {
    const { c, d } = context();
    await run(E.RECEIVE, c);
    const due = calendar.dueDate(MONDAY, { amount: 5, unit: DurationUnit.WORKING_DAYS });
    expect(d).toMatchObject({ receivedAt: MONDAY, dueAt: due, originalDueAt: due });
    expect(c.data).toEqual({ dueAt: due });
  });

  it('PAUSE_CLOCK stores a pause named by the action; RESUME_CLOCK ends it and moves both due dates by it', async () => {
    const { c, d, pauses } = context({ actionKey: 'requestSupplement' });
    await run(E.RECEIVE, c);
    const due = d.dueAt!;
    await run(E.PAUSE_CLOCK, c);
    expect(d.pausedAt).toEqual(MONDAY);
    expect(pauses).toEqual([{ reason: 'requestSupplement', startedAt: MONDAY, endedAt: null }]);
    await run(E.RESUME_CLOCK, { ...c, now: TUESDAY, data: {} });
    const moved = calendar.extendForPause(due, MONDAY, TUESDAY, DurationUnit.WORKING_HOURS);
    expect(moved.getTime()).toBeGreaterThan(due.getTime());
    expect(d).toMatchObject({ pausedAt: null, dueAt: moved, originalDueAt: moved });
    expect(pauses[0].endedAt).toEqual(TUESDAY);
  });

  it('RESUME_CLOCK without a pause moves nothing, and still records the due date', async () => {
    const { c, d } = context();
    d.dueAt = WEDNESDAY;
    await run(E.RESUME_CLOCK, c);
    expect(d.dueAt).toEqual(WEDNESDAY);
    expect(c.data).toEqual({ dueAt: WEDNESDAY });
  });

  it('REQUEST_PAYMENT changes nothing itself (modules hook onto it)', async () => {
    const { c, d } = context();
    const before = { ...d };
    await run(E.REQUEST_PAYMENT, c);
    expect(d).toEqual(before);
    expect(c.data).toEqual({});
  });

  it('RECORD_PAYMENT runs before the hooks and records what is settled: the verified order online, everything payable at the counter', async () => {
    expect(EFFECTS[E.RECORD_PAYMENT].beforeHooks).toBe(true);
    const items = [{ module: 'kernel', ref: 'P#1', amountVnd: 50_000 }, { module: 'tax', ref: 'n-1', amountVnd: 1_000_000 }];
    const counter = context({}, items);
    await applyEffects([E.RECORD_PAYMENT], 'afterHooks', counter.c);
    expect(counter.c.data).toEqual({});
    await applyEffects([E.RECORD_PAYMENT], 'beforeHooks', counter.c);
    expect(counter.c.data).toEqual({ payment: { channel: 'COUNTER', amountVnd: 1_050_000, items } });
    const payment = { txnRef: 'OD1', gatewayTransactionNo: '42', amountVnd: 50_000, items: [items[0]] };
    const online = context({ payment }, items);
    await run(E.RECORD_PAYMENT, online.c);
    expect(online.c.data).toEqual({ payment: { channel: 'ONLINE', txnRef: 'OD1', gatewayTransactionNo: '42', amountVnd: 50_000, items: [items[0]] } });
  });

  it('FINISH sets the result time and the working minutes since reception, less the ended pauses', async () => {
    const { c, d, pauses } = context({ now: WEDNESDAY });
    d.receivedAt = MONDAY;
    pauses.push({ reason: 'requestSupplement', startedAt: MONDAY, endedAt: TUESDAY });
    await run(E.FINISH, c);
    expect(d.finishedAt).toEqual(WEDNESDAY);
    expect(c.data.processingWorkingMinutes).toBe(calendar.workingMinutesBetween(MONDAY, WEDNESDAY) - calendar.workingMinutesBetween(MONDAY, TUESDAY));
  });

  it('FINISH on a dossier never received records no processing time', async () => {
    const { c } = context();
    await run(E.FINISH, c);
    expect(c.data).toEqual({});
  });

  it('RETURN_RESULT sets the return time', async () => {
    const { c, d } = context();
    await run(E.RETURN_RESULT, c);
    expect(d.returnedAt).toEqual(MONDAY);
  });

  it('CLOSE ends an open pause with the dossier', async () => {
    const { c, d, pauses } = context({ actionKey: 'requestPayment' });
    await run(E.PAUSE_CLOCK, c);
    await run(E.CLOSE, { ...c, now: TUESDAY });
    expect(d).toMatchObject({ pausedAt: null, closedAt: TUESDAY });
    expect(pauses[0].endedAt).toEqual(TUESDAY);
  });

  it('ASSIGN names the specialist in the dossier and the history; CLEAR_ASSIGNEE forgets them', async () => {
    const specialist = { id: 'acc-1', fullName: 'Lê Văn Thụ Lý' } as Account;
    const { c, d } = context({ assignee: specialist });
    await run(E.ASSIGN, c);
    expect(d.assignee).toBe(specialist);
    expect(c.data).toEqual({ assigneeId: 'acc-1', assigneeName: 'Lê Văn Thụ Lý' });
    await run(E.CLEAR_ASSIGNEE, c);
    expect(d.assignee).toBeNull();
  });

  it.each([E.TRANSFER, E.HAND_BACK])('%s hands the dossier to the target: the stints say who held it when', async (effect) => {
    const { c, d, stints } = context({ target: TAX });
    await run(effect, c);
    expect(d.holdingAgency).toBe(TAX);
    expect(stints).toEqual([{ agency: 'LAND', startedAt: null, endedAt: MONDAY }, { agency: 'TAX', startedAt: MONDAY, endedAt: null }]);
    expect(c.data).toEqual({ fromAgencyCode: 'LAND', toAgencyCode: 'TAX' });
  });

  it('APOLOGIZE moves the appointment but not the original due date: a late dossier stays late', async () => {
    const { c, d } = context({ now: WEDNESDAY, newDueDate: atLocal('2026-03-25', '08:00') });
    d.dueAt = TUESDAY;
    d.originalDueAt = TUESDAY;
    await run(E.APOLOGIZE, c);
    expect(d).toMatchObject({ dueAt: atLocal('2026-03-25', '08:00'), originalDueAt: TUESDAY });
    expect(c.data).toEqual({ previousDueAt: TUESDAY, lateWhenApologised: true, dueAt: atLocal('2026-03-25', '08:00') });
  });

  it('applies an action’s effects in the order the workflow lists them, each in its phase', async () => {
    const { c, d, pauses } = context({ actionKey: 'pay', now: TUESDAY }, [{ module: 'kernel', ref: 'P#1', amountVnd: 10 }]);
    d.pausedAt = MONDAY;
    pauses.push({ reason: 'requestPayment', startedAt: MONDAY, endedAt: null });
    await applyEffects([E.RESUME_CLOCK, E.RECORD_PAYMENT], 'beforeHooks', c);
    expect(Object.keys(c.data)).toEqual(['payment']);
    expect(d.pausedAt).toEqual(MONDAY);
    await applyEffects([E.RESUME_CLOCK, E.RECORD_PAYMENT], 'afterHooks', c);
    expect(d.pausedAt).toBeNull();
    expect(Object.keys(c.data)).toEqual(['payment', 'dueAt']);
  });
});
