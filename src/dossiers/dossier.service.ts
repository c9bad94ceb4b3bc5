import { EntityManager } from '@mikro-orm/postgresql';
import { Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { CalendarService } from '../calendar/calendar.service';
import { KeyedQueue } from '../db/keyed-queue';
import { ErrorResult } from '../graphql/errors';
import { Clock } from '../calendar/clock';
import { DossierActions } from './dossier-actions.service';
import { DossierIntake } from './dossier-intake.service';
import { DossierUpdates } from './dossier-updates.service';
import { DEFAULT_STEP_WARNING_PERCENT } from './step-budget';
import { canSee, WriteResult } from './dossier-write';
import { EvaluateDossierInput, PerformDossierActionInput, ReceiveDossierInput, SubmitDossierInput } from './dossier.inputs';
import { Dossier } from './dossier.entity';
import { ActionEffect } from './workflow/workflow.types';
import { FormIssue, HookDossier, VerifiedPayment } from './workflow/hooks';
import { WorkflowRules } from './workflow/workflow-rules';

export { applicantOf, WriteResult } from './dossier-write';
export { inTransaction } from './transaction';

/**
 * The write side of dossiers, one entry for resolvers, payments and modules: filing
 * ({@link DossierIntake}), workflow actions ({@link DossierActions}, driven by the effect table)
 * and updates outside the workflow ({@link DossierUpdates}). Every state change is one
 * transaction that locks the dossier, checks the version the caller saw, and writes the new
 * state, its history row and its outbox event together (ARCHITECTURE rule 4).
 */
export class DossierService {
  /** Writes to one dossier wait for their turn here, not holding a pool connection (see `KeyedQueue`). */
  readonly writeQueue = new KeyedQueue();
  private readonly intake: DossierIntake;
  private readonly actions: DossierActions;
  private readonly updates: DossierUpdates;

  constructor(modules: WorkflowRules, calendar: CalendarService, clock: Clock, opts: { stepWarningPercent?: number } = {}) {
    const warningPercent = opts.stepWarningPercent ?? DEFAULT_STEP_WARNING_PERCENT;
    this.intake = new DossierIntake(modules, calendar, clock, warningPercent);
    this.actions = new DossierActions(modules, calendar, clock, this.writeQueue, warningPercent);
    this.updates = new DossierUpdates(clock, this.writeQueue);
  }

  /** A citizen files a dossier online (status 1, the clock does not run until reception). */
  submit(em: EntityManager, p: Principal | undefined, input: SubmitDossierInput): Promise<WriteResult> {
    return this.intake.submit(em, p, input);
  }

  /** A reception officer takes a dossier at the counter or by post: received at once, the clock starts. */
  receive(em: EntityManager, p: Principal | undefined, input: ReceiveDossierInput): Promise<WriteResult> {
    return this.intake.receive(em, p, input);
  }

  /** Performs a workflow action (see `Dossier.availableActions`). */
  perform(em: EntityManager, p: Principal | undefined, input: PerformDossierActionInput): Promise<WriteResult> {
    return this.actions.perform(em, p, input);
  }

  /** See {@link DossierActions.performAsPlatform}. */
  performAsPlatform(tx: EntityManager, p: Principal, input: { dossierId: string; effect: ActionEffect; note: string; payment?: VerifiedPayment }): Promise<WriteResult> {
    return this.actions.performAsPlatform(tx, p, input);
  }

  /** See {@link DossierUpdates.updateDossier}. */
  updateDossier(
    em: EntityManager,
    p: Principal | undefined,
    input: { dossierId: string; expectedVersion: number; action: string; holdingRoles: Role[]; holdingAgencyCodes?: string[] },
    work: (tx: EntityManager, dossier: HookDossier) => Promise<{ issues?: FormIssue[]; note?: string | null; data?: Record<string, unknown> } | ErrorResult>,
  ): Promise<WriteResult> {
    return this.updates.updateDossier(em, p, input, work);
  }

  /** The applicant rates the service once the result is ready. */
  evaluate(em: EntityManager, p: Principal | undefined, input: EvaluateDossierInput): Promise<WriteResult> {
    return this.updates.evaluate(em, p, input);
  }

  /** Whether the principal may read the dossier (same rule as the list path's SQL). */
  canSee(em: EntityManager, p: Principal, d: Dossier): Promise<boolean> {
    return canSee(em, p, d);
  }
}
