import type { EntityManager } from '@mikro-orm/postgresql';
import type { WorkingCalendar } from '../calendar/working-calendar';
import { Agency } from '../org/agency.entity';
import { DossierPause } from './dossier-parts.entity';
import { DossierStep } from './dossier-step.entity';
import type { Dossier } from './dossier.entity';
import { stepBudgetMinutes, stepDeadlines } from './step-budget';
import { findState } from './workflow/workflow.engine';
import type { WorkflowDefinition } from './workflow/workflow.types';

/** What makes a step: its state, the agency holding the dossier, the holder, and whether the clock is paused. */
export interface StepKey {
  state: string;
  agencyId: string;
  assigneeId: string | null;
  paused: boolean;
}

/** The dossier's step as it stands (taken before a change, compared after it). */
export function stepKeyOf(d: Dossier): StepKey {
  return { state: d.state, agencyId: d.holdingAgency.id, assigneeId: d.assignee?.id ?? null, paused: !!d.pausedAt };
}

const sameStep = (a: StepKey, b: StepKey) => a.state === b.state && a.agencyId === b.agencyId && a.assigneeId === b.assigneeId && a.paused === b.paused;

/** What opening a step needs besides the dossier. */
export interface StepContext {
  workflow: WorkflowDefinition;
  calendar: WorkingCalendar;
  now: Date;
  warningPercent: number;
}

/**
 * Ends the dossier's open step and opens the next one when the change moved it to another
 * state, agency or holder, or paused or resumed its clock (in the caller's transaction, with
 * the change's history row). A terminal state ends the slip. A step the dossier comes back to
 * after a pause of the clock (appraisal → supplement → appraisal at the same agency) resumes:
 * the working time it had used is carried, and a warning or escalation already sent is not
 * sent again. Any other step starts its state's budget afresh (a reassignment gives the new
 * holder the state's budget; the dossier's own due date is unaffected).
 */
export async function recordStep(tx: EntityManager, d: Dossier, before: StepKey | null, c: StepContext): Promise<void> {
  const after = stepKeyOf(d);
  if (before && sameStep(before, after)) return;
  const [open, prior] = before ? await tx.find(DossierStep, { dossier: d }, { orderBy: { startedAt: 'desc', id: 'desc' }, limit: 2 }) : [];
  if (open && !open.endedAt) open.endedAt = c.now;
  const state = findState(c.workflow, d.state);
  if (state.terminal) return;
  // A share reads the dossier's pauses (in this transaction: one just ended is ended here); fixed hours and no budget read nothing.
  const pauses = !after.paused && state.slaShareOfProcessingTime !== undefined && state.slaWorkingHours === undefined && d.receivedAt ? await tx.find(DossierPause, { dossier: d }) : [];
  const budget = after.paused ? null : stepBudgetMinutes(state, { receivedAt: d.receivedAt ?? null, originalDueAt: d.originalDueAt ?? null, pauses }, c.calendar);
  const resumed = budget !== null && open?.paused && prior && prior.endedAt && prior.state === d.state && prior.agency.id === after.agencyId && prior.budgetMinutes != null;
  const carried = resumed ? prior.carriedMinutes + Math.round(c.calendar.workingMinutesBetween(prior.startedAt, prior.endedAt!)) : 0;
  tx.create(DossierStep, {
    dossier: d,
    state: d.state,
    agency: tx.getReference(Agency, after.agencyId),
    assignee: d.assignee ?? null,
    startedAt: c.now,
    budgetMinutes: budget,
    carriedMinutes: carried,
    ...(budget !== null ? stepDeadlines(c.now, budget, carried, c.warningPercent, c.calendar) : {}),
    warnedAt: resumed ? prior.warnedAt ?? null : null,
    escalatedAt: resumed ? prior.escalatedAt ?? null : null,
    paused: after.paused,
  });
}
