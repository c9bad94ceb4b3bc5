import { Role } from '../auth/roles';
import { DurationUnit, ProcessingTime } from '../calendar/duration';
import { WorkingCalendar } from '../calendar/working-calendar';
import { escalationRoles, holderRoles, stepBudgetMinutes, stepDeadlines, stepMinutesUsed, StepOutcome, stepOutcome } from './step-budget';
import { S, standardWorkflow } from './workflow/standard-workflow';
import { findState } from './workflow/workflow.engine';

// A holiday on Fri 16/04/2027 (holidays are data, as in the calendar table).
const calendar = new WorkingCalendar({ holidays: ['2027-04-16'] });
const at = (iso: string) => new Date(iso);
const state = (key: string) => findState(standardWorkflow, key);

describe('step budgets in working time', () => {
  it('takes a share of the processing time, or fixed working hours', () => {
    const received = at('2027-04-12T02:00:00Z'); // Mon 09:00
    const due = (processing: ProcessingTime) => ({ receivedAt: received, originalDueAt: calendar.dueDate(received, processing), pauses: [] });
    const fiveDays = due({ amount: 5, unit: DurationUnit.WORKING_DAYS });
    expect(stepBudgetMinutes(state(S.APPRAISING), fiveDays, calendar)).toBe(0.6 * 5 * 480);
    expect(stepBudgetMinutes(state(S.RECEIVED), due({ amount: 0.5, unit: DurationUnit.WORKING_DAYS }), calendar)).toBe(24);
    const notReceived = { receivedAt: null, originalDueAt: null, pauses: [] };
    expect(stepBudgetMinutes(state(S.NEW), notReceived, calendar)).toBe(480);
    // A share needs the clock started; the applicant's time and the result waiting have none.
    expect(stepBudgetMinutes(state(S.APPRAISING), notReceived, calendar)).toBeNull();
    expect(stepBudgetMinutes(state(S.SUPPLEMENT_REQUESTED), fiveDays, calendar)).toBeNull();
    expect(stepBudgetMinutes(state(S.RESULT_READY), fiveDays, calendar)).toBeNull();
    // 30 calendar days: a share of the working time from reception to the due date.
    const thirty = due({ amount: 30, unit: DurationUnit.CALENDAR_DAYS });
    expect(stepBudgetMinutes(state(S.APPRAISING), thirty, calendar)).toBe(Math.round(0.6 * calendar.workingMinutesBetween(received, thirty.originalDueAt)));
  });

  it('takes the share of the dossier\'s own window, whatever the procedure says now, less the pauses that moved its due date', () => {
    const received = at('2027-04-12T02:00:00Z'); // Mon 09:00
    // Received when the procedure took 5 working days: due Tue 20/04 09:00 (the holiday on Fri 16/04 skipped).
    const originalDueAt = calendar.dueDate(received, { amount: 5, unit: DurationUnit.WORKING_DAYS });
    expect(originalDueAt).toEqual(at('2027-04-20T02:00:00Z'));
    // The procedure's time edited later (to 10 or 1 days) is not read: the budget stays 60 % of 5 days.
    expect(stepBudgetMinutes(state(S.APPRAISING), { receivedAt: received, originalDueAt, pauses: [] }, calendar)).toBe(1440);
    // A 2-working-hour supplement moved the due date by 2 h: the window, and the budget, stay the same.
    const pause = { startedAt: at('2027-04-13T02:00:00Z'), endedAt: at('2027-04-13T04:00:00Z') };
    const moved = calendar.extendForPause(originalDueAt, pause.startedAt, pause.endedAt, DurationUnit.WORKING_HOURS);
    expect(moved).toEqual(at('2027-04-20T04:00:00Z'));
    expect(stepBudgetMinutes(state(S.APPRAISING), { receivedAt: received, originalDueAt: moved, pauses: [pause] }, calendar)).toBe(1440);
    // A pause still open has not moved the date yet: nothing is taken off.
    expect(stepBudgetMinutes(state(S.APPRAISING), { receivedAt: received, originalDueAt, pauses: [{ startedAt: pause.startedAt, endedAt: null }] }, calendar)).toBe(1440);
    // Received without a due date (none recorded): no share.
    expect(stepBudgetMinutes(state(S.APPRAISING), { receivedAt: received, originalDueAt: null, pauses: [] }, calendar)).toBeNull();
  });

  it('warns and runs out across a weekend and a holiday, and carries the time used before a pause', () => {
    const start = at('2027-04-15T08:00:00Z'); // Thu 15/04 15:00
    // 16 working hours: Thu 2 h, Fri 16/04 holiday, Sat, Sun, Mon 8 h, Tue 6 h → Tue 20/04 15:00; 80 % (12.8 h) → Tue 09:48.
    const { warnAt, deadlineAt } = stepDeadlines(start, 16 * 60, 0, 80, calendar);
    expect(deadlineAt).toEqual(at('2027-04-20T08:00:00Z'));
    expect(warnAt).toEqual(at('2027-04-20T02:48:00Z'));
    // 10 of the 16 hours used before a pause: 6 h left from Tue 20/04 13:30 → Wed 21/04 09:30 (the 80 % mark, 2.8 h, at 16:18 the same day).
    const resumed = stepDeadlines(at('2027-04-20T06:30:00Z'), 16 * 60, 10 * 60, 80, calendar);
    expect(resumed.deadlineAt).toEqual(at('2027-04-21T02:30:00Z'));
    expect(resumed.warnAt).toEqual(at('2027-04-20T09:18:00Z'));
  });

  it('counts the time used and the outcome, the clock standing still during a pause', () => {
    const s = { startedAt: at('2027-04-15T08:00:00Z'), endedAt: null, carriedMinutes: 30, deadlineAt: at('2027-04-20T08:00:00Z'), dossierPausedAt: null };
    const monNoon = at('2027-04-19T04:30:00Z'); // Mon 19/04 11:30
    expect(stepMinutesUsed(s, monNoon, calendar)).toBe(30 + 120 + 270);
    expect(stepOutcome(s, monNoon)).toBe(StepOutcome.IN_PROGRESS);
    expect(stepOutcome(s, at('2027-04-21T02:00:00Z'))).toBe(StepOutcome.IN_PROGRESS_LATE);
    expect(stepOutcome({ ...s, dossierPausedAt: monNoon }, at('2027-04-30T02:00:00Z'))).toBe(StepOutcome.IN_PROGRESS);
    expect(stepMinutesUsed({ ...s, dossierPausedAt: monNoon }, at('2027-04-30T02:00:00Z'), calendar)).toBe(420);
    expect(stepOutcome({ ...s, endedAt: at('2027-04-20T08:00:00Z') }, monNoon)).toBe(StepOutcome.ON_TIME);
    expect(stepOutcome({ ...s, endedAt: at('2027-04-20T08:01:00Z') }, monNoon)).toBe(StepOutcome.LATE);
    expect(stepOutcome({ ...s, deadlineAt: null }, monNoon)).toBe(StepOutcome.UNTIMED);
  });

  it('names the holder and the escalation roles from the workflow data', () => {
    expect(holderRoles(standardWorkflow, state(S.AWAITING_APPROVAL), true)).toEqual([Role.LEADER]);
    expect(holderRoles(standardWorkflow, state(S.APPRAISING), true)).toBeNull();
    expect(holderRoles(standardWorkflow, state(S.APPRAISING), false)?.sort()).toEqual([Role.LEADER, Role.RECEPTION_OFFICER, Role.SPECIALIST].sort());
    expect(escalationRoles(state(S.APPRAISING))).toEqual([Role.LEADER]);
  });
});
