import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { KeyedQueue } from '../db/keyed-queue';
import { AgencyNotFound, Busy, DossierNotFound, NotAuthorized, ServiceUnavailable, TransitionNotAllowed, ValidationFailed, VersionConflict } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { Clock } from '../calendar/clock';
import { Agency } from '../org/agency.entity';
import { Procedure } from '../procedures/procedure.entity';
import { assignByRule } from './assignment/auto-assign';
import { eligibleOfficers } from './assignment/eligible-officers';
import { applyEffects, EffectContext } from './effects';
import { decodeFiles } from './dossier-files';
import { recordChange, stateOf } from './dossier-recorder';
import { ormDossierRows } from './dossier-rows';
import { recordStep, stepKeyOf } from './step-recorder';
import { applicantOf, attachFiles, canSee, checkExpectedVersion, hookDossier, NOTE_MAX, WriteResult } from './dossier-write';
import { PerformDossierActionInput } from './dossier.inputs';
import { Dossier } from './dossier.entity';
import { inTransaction } from './transaction';
import { VerifiedPayment } from './workflow/hooks';
import { availableActions, denial, DossierFacts, findAction, findState, untimely, wrongHolder } from './workflow/workflow.engine';
import { WorkflowRules } from './workflow/workflow-rules';
import { ActionEffect, ActionInput, WorkflowActionDefinition } from './workflow/workflow.types';

/**
 * The action runner: performs a workflow action on a dossier in one transaction that locks it,
 * checks the version the caller saw, who may act and the action's inputs, lets the modules'
 * hooks check and write their own data, applies the action's effects (the table in
 * `effects.ts`) and records the change (ARCHITECTURE rule 4). What an action does is its
 * effects, never its key.
 */
export class DossierActions {
  constructor(
    private readonly modules: WorkflowRules,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly writeQueue: KeyedQueue,
    /** `STEP_WARNING_PERCENT`: when a step's holder is warned (see `step-recorder.ts`). */
    private readonly stepWarningPercent: number,
  ) {}

  async perform(em: EntityManager, p: Principal | undefined, input: PerformDossierActionInput): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    checkExpectedVersion(issues, input.expectedVersion);
    const note = issues.text('note', input.note, NOTE_MAX, false);
    if (input.assigneeId) issues.uuid('assigneeId', input.assigneeId);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, (tx) => this.apply(tx, p, input, note)), () => Busy.of(), p.subject);
  }

  /**
   * The platform performs the action of the dossier's workflow marked `platform` that has
   * `effect` (RECORD_PAYMENT after a signed payment callback), inside the caller's transaction.
   * An error result means nothing of the action was applied; the caller decides whether to roll
   * back its own writes.
   */
  async performAsPlatform(tx: EntityManager, p: Principal, input: { dossierId: string; effect: ActionEffect; note: string; payment?: VerifiedPayment }): Promise<WriteResult> {
    if (!p.platform) throw new Error('performAsPlatform needs a platform principal');
    // The callback acts on the dossier as it is now: lock it, take its current version.
    const d = await tx.findOneOrFail(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // Loaded as `apply` loads it, which then finds it in the identity map (no second statement).
    const workflow = this.modules.workflow((await tx.findOneOrFail(Procedure, d.procedure.id, { populate: ['agency'] })).workflowKey);
    // Of the platform's actions with the effect, the one open in this state (else the first, which the runner refuses with its reason).
    const candidates = workflow.actions.filter((a) => a.platform && a.effects.includes(input.effect));
    const action = candidates.find((a) => a.from.includes(d.state)) ?? candidates[0];
    if (!action) return unknownAction(`Quy trình không có bước này / The workflow has no platform step with effect ${input.effect}`);
    return this.apply(tx, p, { dossierId: input.dossierId, action: action.key, expectedVersion: d.version }, input.note, input.payment);
  }

  private async apply(tx: EntityManager, p: Principal, input: PerformDossierActionInput, note: string | null, payment?: VerifiedPayment): Promise<WriteResult> {
    const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!d || !(p.platform || (await canSee(tx, p, d)))) return DossierNotFound.of(input.dossierId);
    const procedure = await tx.findOneOrFail(Procedure, d.procedure.id, { populate: ['agency'] });
    const workflow = this.modules.workflow(procedure.workflowKey);
    const action = findAction(workflow, input.action);
    if (!action) return unknownAction(`Thao tác không tồn tại / Unknown action "${input.action}"`);
    if (d.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, d.version);
    const facts = factsOf(d, procedure);
    const now = this.clock.now();
    const allowed = () => availableActions(workflow, facts, p, now).map((a) => a.key);
    if (!action.from.includes(d.state)) return TransitionNotAllowed.of(action.key, d.state, allowed());
    const where = wrongHolder(action, facts) ?? untimely(action, facts, now);
    if (where) return TransitionNotAllowed.of(action.key, d.state, allowed(), where);
    const why = denial(action, facts, p, now);
    if (why) return NotAuthorized.of(`${action.key}: ${why}`);

    const checked = await this.checkInputs(tx, d, procedure, action, input, note, now);
    if (!('files' in checked)) return checked;
    const { files, ...inputs } = checked;

    const before = stateOf(d);
    const stepBefore = stepKeyOf(d);
    const calendar = await this.calendar.calendar(tx);
    const c: EffectContext = {
      dossier: d, procedure, actionKey: action.key, calendar, now, data: {}, payment, rows: ormDossierRows(tx, d, this.modules), ...inputs,
    };
    await applyEffects(action.effects, 'beforeHooks', c);
    // The modules concerned check their own preconditions and write their own data, in this transaction.
    const hooks = this.modules.hooksFor(action, procedure.code, (await tx.findOneOrFail(Agency, d.holdingAgency.id)).code);
    if (hooks.length) {
      const dossier = await hookDossier(tx, d, procedure);
      const actingAgency = p.roles.find((g) => g.agencyId === d.holdingAgency.id)?.agencyCode ?? null;
      for (const hook of hooks) {
        const out = await hook.run({
          em: tx,
          dossier,
          action: action.key,
          actor: { accountId: p.accountId ?? null, name: p.fullName || p.subject, agencyCode: actingAgency, platform: !!p.platform },
          targetAgencyCode: inputs.target?.code ?? null,
          note,
          now,
          payment,
        });
        if (out?.issues?.length) return ValidationFailed.of(out.issues);
        // What was paid settles the procedure's fees (src/payments/payables.ts): only RECORD_PAYMENT writes it.
        if (out?.data && 'payment' in out.data) throw new Error(`Hook ${hook.name} returned data.payment, which only the RECORD_PAYMENT effect writes`);
        Object.assign(c.data, out?.data);
      }
    }
    await applyEffects(action.effects, 'afterHooks', c);
    if (action.to) {
      d.state = action.to;
      d.nationalStatus = findState(workflow, action.to).nationalStatus;
    }
    await attachFiles(tx, d, files, p, () => this.clock.now());
    if (files.length) c.data.files = files.map((f) => f.name);
    await recordStep(tx, d, stepBefore, { workflow, calendar, now, warningPercent: this.stepWarningPercent });
    await recordChange(tx, d, p, { action: action.key, effects: action.effects, before, note, data: c.data, now });
    // A received dossier goes to an officer at once where one of the agency's rules says so.
    if (action.effects.includes(ActionEffect.RECEIVE)) await assignByRule(tx, this.modules, d, procedure, workflow, c.calendar, now, this.stepWarningPercent);
    await tx.flush();
    return { dossierId: d.id };
  }

  /** The action's inputs (note, assignee, target agency, new due date, files), checked against the dossier. */
  private async checkInputs(tx: EntityManager, d: Dossier, procedure: Procedure, action: WorkflowActionDefinition, input: PerformDossierActionInput, note: string | null, now: Date) {
    const issues = new Issues();
    if (action.inputs.includes(ActionInput.NOTE) && !note) issues.add('note', 'Cần ghi rõ lý do / A note is required for this action');
    let assignee: Account | null = null;
    if (action.inputs.includes(ActionInput.ASSIGNEE)) {
      if (!input.assigneeId) issues.add('assigneeId', 'Cần chọn chuyên viên thụ lý / An assignee is required');
      else {
        // Only an officer `Dossier.assignableOfficers` lists (the agency's rules, active specialists).
        const [eligible] = await eligibleOfficers(tx, [d.id]);
        assignee = eligible.some((o) => o.id === input.assigneeId) ? await tx.findOneOrFail(Account, input.assigneeId) : null;
        if (!assignee) issues.add('assigneeId', 'Không thuộc danh sách chuyên viên được phân công hồ sơ này (Dossier.assignableOfficers) / Not an officer this dossier may be assigned to (see Dossier.assignableOfficers)');
      }
    }
    const target = await this.targetOf(tx, procedure, action, input, issues);
    if (target instanceof AgencyNotFound || target instanceof ServiceUnavailable) return target;
    if (target && target.id === d.holdingAgency.id) issues.add('targetAgencyCode', 'Hồ sơ đang ở cơ quan này / The dossier is already there');
    let newDueDate: Date | null = null;
    if (action.inputs.includes(ActionInput.NEW_DUE_DATE)) {
      if (!input.newDueDate || Number.isNaN(input.newDueDate.getTime())) issues.add('newDueDate', 'Cần ngày hẹn mới / A new appointment date is required');
      // Whether an apology may come at all (before the due date) is the engine's `untimely`, checked above.
      else if (input.newDueDate <= now || (d.dueAt && input.newDueDate <= d.dueAt)) {
        issues.add('newDueDate', 'Ngày hẹn mới phải sau ngày hẹn cũ và sau hiện tại / Must be after the current due date and now');
      } else newDueDate = input.newDueDate;
    }
    const files = decodeFiles(issues, 'files', input.files, new Set(procedure.components.map((c) => c.code)));
    if (!issues.ok) return ValidationFailed.of(issues.list);
    return { assignee, target, newDueDate, files };
  }

  /**
   * Where a transfer goes: the agency named (TARGET_AGENCY input), the one providing the
   * workflow's `transferTo` capability (found through the registry, so no workflow names
   * another module), or for HAND_BACK the agency competent for the procedure.
   */
  private async targetOf(tx: EntityManager, procedure: Procedure, action: WorkflowActionDefinition, input: PerformDossierActionInput, issues: Issues) {
    if (action.inputs.includes(ActionInput.TARGET_AGENCY)) {
      if (!input.targetAgencyCode) {
        issues.add('targetAgencyCode', 'Cần chọn cơ quan nhận / A target agency is required');
        return null;
      }
      return (await tx.findOne(Agency, { code: input.targetAgencyCode, validTo: null })) ?? AgencyNotFound.of(input.targetAgencyCode);
    }
    if (action.transferTo) {
      const provider = this.modules.capabilities.get(action.transferTo.capability);
      if (!provider) return ServiceUnavailable.of(action.transferTo.capability, `Cơ quan thực hiện bước "${action.label}"`);
      return (await tx.findOne(Agency, { code: provider.agencyCode, validTo: null })) ?? AgencyNotFound.of(provider.agencyCode);
    }
    return action.effects.includes(ActionEffect.HAND_BACK) ? procedure.agency : null;
  }
}

function unknownAction(message: string): ValidationFailed {
  const issues = new Issues();
  issues.add('action', message);
  return ValidationFailed.of(issues.list);
}

/** The facts the workflow engine decides by. */
function factsOf(d: Dossier, procedure: Procedure): DossierFacts {
  return {
    ...applicantOf(d),
    procedureAgencyId: procedure.agency.id,
    state: d.state,
    holdingAgencyId: d.holdingAgency.id,
    receivingAgencyId: d.receivingAgency.id,
    assigneeId: d.assignee?.id ?? null,
    dueAt: d.dueAt ?? null,
    pausedAt: d.pausedAt ?? null,
  };
}
