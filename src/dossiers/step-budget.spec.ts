import { Role } from '../auth/roles';
import { DurationUnit } from '../calendar/duration';
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
    expect(stepBudgetMinutes(state(S.APPRAISING), { amount: 5, unit: DurationUnit.WORKING_DAYS }, received, calendar)).toBe(0.6 * 5 * 480);
    expect(stepBudgetMinutes(state(S.RECEIVED), { amount: 0.5, unit: DurationUnit.WORKING_DAYS }, received, calendar)).toBe(24);
    expect(stepBudgetMinutes(state(S.NEW), { amount: 5, unit: DurationUnit.WORKING_DAYS }, null, calendar)).toBe(480);
    // A share needs the clock started; the applicant's time and the result waiting have none.
    expect(stepBudgetMinutes(state(S.APPRAISING), { amount: 5, unit: DurationUnit.WORKING_DAYS }, null, calendar)).toBeNull();
    expect(stepBudgetMinutes(state(S.SUPPLEMENT_REQUESTED), { amount: 5, unit: DurationUnit.WORKING_DAYS }, received, calendar)).toBeNull();
    expect(stepBudgetMinutes(state(S.RESULT_READY), { amount: 5, unit: DurationUnit.WORKING_DAYS }, received, calendar)).toBeNull();
    // 30 calendar days: a share of the working time from reception to the due date.
    const cal = stepBudgetMinutes(state(S.APPRAISING), { amount: 30, unit: DurationUnit.CALENDAR_DAYS }, received, calendar)!;
    expect(cal).toBe(Math.round(0.6 * calendar.workingMinutesBetween(received, calendar.dueDate(received, { amount: 30, unit: DurationUnit.CALENDAR_DAYS }))));
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
