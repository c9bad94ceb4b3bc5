import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { hasRoleIn, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { KeyedQueue } from '../db/keyed-queue';
import { Busy, DossierNotFound, ErrorResult, NotAuthorized, TransitionNotAllowed, ValidationFailed, VersionConflict } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { Clock } from '../calendar/clock';
import { Procedure } from '../procedures/procedure.entity';
import { recordChange, stateOf } from './dossier-recorder';
import { applicantOf, canSee, checkExpectedVersion, hookDossier, NOTE_MAX, WriteResult } from './dossier-write';
import { EvaluateDossierInput } from './dossier.inputs';
import { Dossier } from './dossier.entity';
import { DossierEvaluation } from './dossier-parts.entity';
import { inTransaction } from './transaction';
import { FormIssue, HookDossier } from './workflow/hooks';
import { isApplicant } from './workflow/workflow.engine';

/** The history entry of the applicant's rating (not a workflow action: it changes no state). */
const EVALUATION = 'evaluate';

/**
 * Changes to a dossier that are not workflow steps: the applicant's rating, and a module's own
 * data about it (tax assesses obligations). Each is one transaction that bumps the version and
 * records the change, like an action.
 */
export class DossierUpdates {
  constructor(
    private readonly clock: Clock,
    private readonly writeQueue: KeyedQueue,
  ) {}

  /** The applicant rates the service once the result is ready (DOMAIN "Evaluation"). */
  async evaluate(em: EntityManager, p: Principal | undefined, input: EvaluateDossierInput): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    const comment = issues.text('comment', input.comment, NOTE_MAX, false);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, async (tx) => {
      const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!d || !(await canSee(tx, p, d))) return DossierNotFound.of(input.dossierId);
      if (!isApplicant(p, applicantOf(d))) return NotAuthorized.of('only the applicant rates the service');
      if (!d.finishedAt) return TransitionNotAllowed.of(EVALUATION, d.state, [], 'the result is not ready yet');
      if (await tx.count(DossierEvaluation, { dossier: d })) return TransitionNotAllowed.of(EVALUATION, d.state, [], 'already rated');
      const now = this.clock.now();
      tx.create(DossierEvaluation, { dossier: d, level: input.level, comment, createdAt: now });
      // The rating is a change of the dossier too: bump its version and keep it in the history.
      d.updatedAt = now;
      tx.persist(d);
      await recordChange(tx, d, p, { action: EVALUATION, before: stateOf(d), note: comment, data: { level: input.level }, now, evaluationLevel: input.level });
      await tx.flush();
      return { dossierId: d.id };
    }), () => Busy.of(), p.subject);
  }

  /**
   * For a module mutation that changes the module's own data about a dossier without a workflow
   * step (tax assesses obligations): one transaction that locks the dossier, checks that the
   * caller sees it, the version, the caller's role in the holding agency (and, when given, that
   * the holding agency is one of `holdingAgencyCodes`), runs `work`, then
   * bumps the version and writes the history entry and the outbox event. Issues from `work`
   * roll everything back and come back as `ValidationFailed`.
   */
  async updateDossier(
    em: EntityManager,
    p: Principal | undefined,
    input: { dossierId: string; expectedVersion: number; action: string; holdingRoles: Role[]; holdingAgencyCodes?: string[] },
    work: (tx: EntityManager, dossier: HookDossier) => Promise<{ issues?: FormIssue[]; note?: string | null; data?: Record<string, unknown> } | ErrorResult>,
  ): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    checkExpectedVersion(issues, input.expectedVersion);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, async (tx) => {
      const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!d || !(await canSee(tx, p, d))) return DossierNotFound.of(input.dossierId);
      if (d.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, d.version);
      if (!input.holdingRoles.some((r) => hasRoleIn(p, r, d.holdingAgency.id))) {
        return NotAuthorized.of(`${input.action}: requires one of ${input.holdingRoles.join(', ')} in the agency holding the dossier`);
      }
      const procedure = await tx.findOneOrFail(Procedure, d.procedure.id, { populate: ['agency'] });
      const dossier = await hookDossier(tx, d, procedure);
      if (input.holdingAgencyCodes && !input.holdingAgencyCodes.includes(dossier.holdingAgencyCode)) {
        return NotAuthorized.of(`${input.action}: only while ${input.holdingAgencyCodes.join(' or ')} holds the dossier`);
      }
      const outcome = await work(tx, dossier);
      if (outcome instanceof ErrorResult) return outcome;
      if (outcome.issues?.length) return ValidationFailed.of(outcome.issues);
      const now = this.clock.now();
      d.updatedAt = now;
      tx.persist(d);
      await recordChange(tx, d, p, { action: input.action, before: stateOf(d), note: outcome.note ?? null, data: outcome.data ?? {}, now });
      await tx.flush();
      return { dossierId: d.id };
    }), () => Busy.of(), p.subject);
  }
}
