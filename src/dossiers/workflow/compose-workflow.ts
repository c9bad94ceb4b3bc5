import { ActionEffect, ActionInput, ClockState, WorkflowActionDefinition, WorkflowDefinition, WorkflowStateDefinition } from './workflow.types';

export interface WorkflowChanges {
  key: string;
  name: string;
  omitActions?: string[];
  addStates?: WorkflowStateDefinition[];
  /** Added actions; an action with the key of an existing one replaces it. */
  addActions?: WorkflowActionDefinition[];
  /** Partial overrides of existing states by key (e.g. a different SLA). */
  stateOverrides?: Record<string, Partial<Omit<WorkflowStateDefinition, 'key'>>>;
}

/**
 * Derive a workflow from another one: modules compose the kernel's standard workflow per
 * procedure instead of copying it. The result is checked by {@link validateWorkflow}.
 */
export function composeWorkflow(base: WorkflowDefinition, changes: WorkflowChanges): WorkflowDefinition {
  const omitted = new Set(changes.omitActions ?? []);
  const added = new Map((changes.addActions ?? []).map((a) => [a.key, a]));
  const states = [...base.states, ...(changes.addStates ?? [])].map((s) => ({ ...s, ...changes.stateOverrides?.[s.key] }));
  const actions = [
    ...base.actions.filter((a) => !omitted.has(a.key) && !added.has(a.key)),
    ...added.values(),
  ];
  return validateWorkflow({ ...base, key: changes.key, name: changes.name, states, actions });
}

/** Throws when a workflow refers to unknown states or repeats a key: a broken workflow must not start. */
export function validateWorkflow(w: WorkflowDefinition): WorkflowDefinition {
  const stateKeys = new Set<string>();
  for (const s of w.states) {
    if (stateKeys.has(s.key)) throw new Error(`Workflow ${w.key}: duplicate state ${s.key}`);
    stateKeys.add(s.key);
  }
  for (const s of w.states) {
    const problem = budgetProblem(s);
    if (problem) throw new Error(`Workflow ${w.key}: state ${s.key} ${problem}`);
  }
  // One pass through the running states may not be budgeted beyond the processing time itself.
  const shares = w.states.filter((s) => s.clock === ClockState.RUNNING).reduce((sum, s) => sum + (s.slaShareOfProcessingTime ?? 0), 0);
  if (shares > 1 + 1e-9) throw new Error(`Workflow ${w.key}: the running states' budget shares add up to ${shares}, more than the processing time`);
  const actionKeys = new Set<string>();
  for (const a of w.actions) {
    if (actionKeys.has(a.key)) throw new Error(`Workflow ${w.key}: duplicate action ${a.key}`);
    actionKeys.add(a.key);
    for (const s of [...a.from, ...(a.to ? [a.to] : [])]) {
      if (!stateKeys.has(s)) throw new Error(`Workflow ${w.key}: action ${a.key} refers to unknown state ${s}`);
    }
    const problem = effectsProblem(a);
    if (problem) throw new Error(`Workflow ${w.key}: action ${a.key} ${problem}`);
  }
  for (const s of [w.initialState, w.counterState]) {
    if (!stateKeys.has(s)) throw new Error(`Workflow ${w.key}: unknown start state ${s}`);
  }
  return w;
}

/**
 * A step budget must be positive, one kind only, and on a state that is somebody's work: not a
 * terminal state, and not one whose clock is paused (the applicant's time: a supplement, a payment).
 */
function budgetProblem(s: WorkflowStateDefinition): string | null {
  const hours = s.slaWorkingHours;
  const share = s.slaShareOfProcessingTime;
  if (hours === undefined && share === undefined) return null;
  if (hours !== undefined && share !== undefined) return 'has both a fixed budget and a share of the processing time';
  if (hours !== undefined && !(Number.isFinite(hours) && hours > 0)) return 'has a budget that is not a positive number of working hours';
  if (share !== undefined && !(Number.isFinite(share) && share > 0 && share <= 1)) return 'has a budget share outside (0, 1]';
  if (s.terminal) return 'is terminal and cannot have a budget';
  if (s.clock === ClockState.PAUSED) return 'pauses the clock (the applicant\'s time) and cannot have a budget';
  return null;
}

/** Effects that need more than their name: where a transfer goes, the date an apology promises. */
function effectsProblem(a: WorkflowActionDefinition): string | null {
  const has = (e: ActionEffect) => a.effects.includes(e);
  if (has(ActionEffect.TRANSFER) && has(ActionEffect.HAND_BACK)) return 'both transfers and hands back';
  if (has(ActionEffect.TRANSFER) && !a.transferTo === !a.inputs.includes(ActionInput.TARGET_AGENCY)) return 'transfers: needs either the TARGET_AGENCY input or transferTo';
  if (a.transferTo && !has(ActionEffect.TRANSFER)) return 'has transferTo without the TRANSFER effect';
  if (has(ActionEffect.ASSIGN) && !a.inputs.includes(ActionInput.ASSIGNEE)) return 'assigns: needs the ASSIGNEE input';
  if (has(ActionEffect.APOLOGIZE) && !a.inputs.includes(ActionInput.NEW_DUE_DATE)) return 'apologises: needs the NEW_DUE_DATE input';
  return null;
}
