import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../auth/account.entity';
import { platformPrincipal } from '../../auth/principal';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import { Agency } from '../../org/agency.entity';
import type { Procedure } from '../../procedures/procedure.entity';
import { applyEffects, EffectContext } from '../effects';
import { recordChange, stateOf } from '../dossier-recorder';
import { ormDossierRows } from '../dossier-rows';
import { recordStep, stepKeyOf } from '../step-recorder';
import type { Dossier } from '../dossier.entity';
import { findState, wrongHolder } from '../workflow/workflow.engine';
import type { WorkflowRules } from '../workflow/workflow-rules';
import { ActionEffect, ActionInput, WorkflowActionDefinition, WorkflowDefinition } from '../workflow/workflow.types';
import { eligibleOfficers } from './eligible-officers';

/** Who the history names for an assignment made by a rule. */
const RULE_ACTOR = platformPrincipal('assignment-rules', 'Phân công tự động / Automatic assignment');

/**
 * The workflow's action that assigns from the dossier's state now, if the platform can perform it
 * alone: it has the ASSIGN effect and asks for nothing but the assignee (no note to write), and
 * no module hooks onto it (a hook checks what an officer does; then an officer assigns).
 */
function assignAction(modules: WorkflowRules, workflow: WorkflowDefinition, d: Dossier, procedure: Procedure, holdingCode: string): WorkflowActionDefinition | null {
  const action = workflow.actions.find(
    (a) =>
      a.from.includes(d.state) &&
      a.effects.includes(ActionEffect.ASSIGN) &&
      a.inputs.every((i) => i === ActionInput.ASSIGNEE) &&
      !wrongHolder(a, { holdingAgencyId: d.holdingAgency.id, procedureAgencyId: procedure.agency.id }),
  );
  return action && !modules.hooksFor(action, procedure.code, holdingCode).length ? action : null;
}

/**
 * Automatic assignment at reception (issue 19): inside the reception's transaction, after its
 * change is recorded, the workflow's assign action is applied (its effects, its state, a history
 * entry "assigned automatically by rule X" and its event) to the least-loaded eligible officer
 * of the rule that applies (`eligibleOfficers`), and its step is recorded as the action runner
 * records it (the reception step ends, the assignee's step opens). No rule applies, or no
 * active specialist is left in any matching rule's team: nothing happens, an officer assigns by hand.
 *
 * Concurrency: the choice reads the officers' loads under a transaction-scoped advisory lock on
 * the holding agency, held until the reception commits. Two receptions for the same agency
 * therefore choose one after the other, and the second (its next statement takes a new snapshot
 * under READ COMMITTED) counts the first one's assignment: automatic assignments never both read
 * the same load. An officer's manual assignment does not take the lock, so one committing at the
 * same moment may be missed by one count (the next reception sees it).
 */
export async function assignByRule(
  tx: EntityManager,
  modules: WorkflowRules,
  d: Dossier,
  procedure: Procedure,
  workflow: WorkflowDefinition,
  calendar: WorkingCalendar,
  now: Date,
  warningPercent: number,
): Promise<void> {
  const holding = await tx.findOneOrFail(Agency, d.holdingAgency.id);
  const action = assignAction(modules, workflow, d, procedure, holding.code);
  if (!action) return;
  // An agency without rules assigns by hand: no lock, no load to read.
  const run = (sql: string) => tx.getConnection().execute(sql, [holding.id], 'all', tx.getTransactionContext());
  if (!(await run('select 1 from assignment_rule where agency_id = ? limit 1')).length) return;
  // The rule reads the dossier's row: write it first (a new dossier, the reception's state).
  await tx.flush();
  await run(`select pg_advisory_xact_lock(hashtextextended('dossier-assignment:' || ?, 0))`);
  const [officers] = await eligibleOfficers(tx, [d.id]);
  const chosen = officers[0];
  if (!chosen?.ruleId) return;
  const before = stateOf(d);
  const stepBefore = stepKeyOf(d);
  const c: EffectContext = {
    dossier: d,
    procedure,
    actionKey: action.key,
    calendar,
    now,
    data: {},
    assignee: await tx.findOneOrFail(Account, chosen.id),
    target: null,
    newDueDate: null,
    rows: ormDossierRows(tx, d, modules),
  };
  await applyEffects(action.effects, 'beforeHooks', c);
  await applyEffects(action.effects, 'afterHooks', c);
  if (action.to) {
    d.state = action.to;
    d.nationalStatus = findState(workflow, action.to).nationalStatus;
  }
  await recordStep(tx, d, stepBefore, { workflow, calendar, now, warningPercent });
  Object.assign(c.data, { automatic: true, ruleId: chosen.ruleId, ruleName: chosen.ruleName, assigneeOpenDossiers: chosen.openDossiers });
  const note = `Phân công tự động theo quy tắc "${chosen.ruleName}" / Assigned automatically by rule "${chosen.ruleName}"`;
  await recordChange(tx, d, RULE_ACTOR, { action: action.key, effects: action.effects, before, note, data: c.data, now });
}
