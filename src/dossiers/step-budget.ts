import { Role } from '../auth/roles';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { WorkflowDefinition, WorkflowStateDefinition } from './workflow/workflow.types';

/**
 * Per-step deadlines (issue 19; DIGIT's SLA per state): the one place that says what a step's
 * budget is, when it runs out, how much of it was used and whether the step was on time. All
 * in working time of the province's calendar (DOMAIN §3 "Deadlines": 07:00–11:30, 13:30–17:00,
 * Monday–Friday, minus holidays), standing still while the dossier's clock is paused.
 */

/** Warn at 80 % of the budget unless configured (`STEP_WARNING_PERCENT`). */
export const DEFAULT_STEP_WARNING_PERCENT = 80;

/** What a share-based budget reads of the dossier: its reception, the due date reception set, and the clock's pauses. */
export interface DossierWindow {
  receivedAt: Date | null;
  /** The due date reception set, moved by each pause of the clock (`effects.ts`, resumeClock). */
  originalDueAt: Date | null;
  /** The pauses of the clock so far; an open one is left out. */
  pauses: { startedAt: Date; endedAt?: Date | null }[];
}

/**
 * A state's budget in working minutes for a dossier, or null when it has none: its fixed
 * working hours, or its share of the dossier's own processing time, which is the working time
 * from its reception to the due date that reception set, less the pauses that moved that date
 * (so half-day, calendar-day and same-day procedures all have one, and a later edit of the
 * procedure's processing time does not rescale the steps of dossiers already received). A share
 * needs the dossier received. For a calendar-day procedure a pause moved the date by calendar
 * time, so the pause's working minutes taken off are close to, not exactly, what it added.
 */
export function stepBudgetMinutes(state: WorkflowStateDefinition, d: DossierWindow, calendar: WorkingCalendar): number | null {
  if (state.slaWorkingHours !== undefined) return Math.round(state.slaWorkingHours * 60);
  if (state.slaShareOfProcessingTime === undefined || !d.receivedAt || !d.originalDueAt) return null;
  const paused = d.pauses.reduce((sum, p) => sum + (p.endedAt ? calendar.workingMinutesBetween(p.startedAt, p.endedAt) : 0), 0);
  const window = Math.max(0, calendar.workingMinutesBetween(d.receivedAt, d.originalDueAt) - paused);
  return Math.max(1, Math.round(state.slaShareOfProcessingTime * window));
}

/**
 * When a step that starts at `startedAt` with `budget` working minutes, `carried` of them used
 * before a pause, warns its holder and runs out.
 */
export function stepDeadlines(startedAt: Date, budget: number, carried: number, warningPercent: number, calendar: WorkingCalendar): { warnAt: Date; deadlineAt: Date } {
  const left = (share: number) => Math.max(0, Math.round((budget * share) / 100) - carried);
  return { warnAt: calendar.addWorkingMinutes(startedAt, left(warningPercent)), deadlineAt: calendar.addWorkingMinutes(startedAt, left(100)) };
}

/** What the rules below read of a step and its dossier. */
export interface StepTimes {
  startedAt: Date;
  endedAt: Date | null;
  carriedMinutes: number;
  deadlineAt: Date | null;
  /** The dossier's open pause, if any (only an open step is paused). */
  dossierPausedAt: Date | null;
}

/** Where the step's clock stands: its end, the start of a running pause, or now. */
const clockAt = (s: StepTimes, now: Date): Date => s.endedAt ?? s.dossierPausedAt ?? now;

/** Working minutes the step used: before a pause, plus since it (re)started. */
export function stepMinutesUsed(s: StepTimes, now: Date, calendar: WorkingCalendar): number {
  return s.carriedMinutes + calendar.workingMinutesBetween(s.startedAt, clockAt(s, now));
}

/** A step's result on the process-control slip (Mẫu 02: trước hạn / đúng hạn / quá hạn). */
export enum StepOutcome {
  /** The state has no budget. */
  UNTIMED = 'UNTIMED',
  IN_PROGRESS = 'IN_PROGRESS',
  /** Still open, its budget used up. */
  IN_PROGRESS_LATE = 'IN_PROGRESS_LATE',
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
}

/** The one rule of a step's lateness: its clock (end, start of a pause, or now) past its deadline. {@link stepLateSql} is its SQL twin. */
export function stepOutcome(s: StepTimes, now: Date): StepOutcome {
  if (!s.deadlineAt) return StepOutcome.UNTIMED;
  const late = clockAt(s, now) > s.deadlineAt;
  if (s.endedAt) return late ? StepOutcome.LATE : StepOutcome.ON_TIME;
  return late ? StepOutcome.IN_PROGRESS_LATE : StepOutcome.IN_PROGRESS;
}

/**
 * SQL twins over an open step `s` of dossier `d`, `now` an SQL expression: late (past its
 * deadline, the clock standing at a running pause's start), and at risk (past the warning
 * time, not late yet). The dashboard counts with them and the job selects with them.
 */
export function stepLateSql(s: string, d: string, now: string): string {
  return `(${s}.deadline_at is not null and date_trunc('milliseconds', coalesce(${d}.paused_at, ${now}::timestamptz)) > date_trunc('milliseconds', ${s}.deadline_at))`;
}

export function stepAtRiskSql(s: string, d: string, now: string): string {
  return `(${s}.warn_at is not null and date_trunc('milliseconds', coalesce(${d}.paused_at, ${now}::timestamptz)) >= date_trunc('milliseconds', ${s}.warn_at) and not ${stepLateSql(s, d, now)})`;
}

/**
 * Who holds a dossier in a state (warned before the budget runs out): the state's `heldBy`
 * roles; else the assignee (returned as null: the caller knows the account); else the roles of
 * the officers who may act in that state.
 */
export function holderRoles(w: WorkflowDefinition, state: WorkflowStateDefinition, hasAssignee: boolean): Role[] | null {
  if (state.heldBy?.length) return state.heldBy;
  if (hasAssignee) return null;
  return [...new Set(w.actions.filter((a) => a.from.includes(state.key) && !a.platform).flatMap((a) => a.roles))];
}

/** Who is told when a step's budget runs out: the state's `escalateTo` roles, else the agency's leaders. */
export function escalationRoles(state: WorkflowStateDefinition): Role[] {
  return state.escalateTo?.length ? state.escalateTo : [Role.LEADER];
}
