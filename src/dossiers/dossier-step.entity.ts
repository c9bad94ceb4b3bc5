import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { uuidv7 } from '../db/ids';
import { Agency } from '../org/agency.entity';
import type { Dossier } from './dossier.entity';

/**
 * One step of a dossier's course: one state, at one agency, with one holder (a row of the
 * process-control slip, phiếu kiểm soát quá trình giải quyết hồ sơ, Circular 01/2018/TT-VPCP
 * Mẫu 02), with its time budget and deadline in working time (`step-budget.ts`). Written by
 * `step-recorder.ts` in the action's transaction; the step-deadline job sets `warnedAt` and
 * `escalatedAt` once each.
 */
@Entity({ tableName: 'dossier_step' })
@Index({ name: 'dossier_step_dossier_idx', properties: ['dossier', 'startedAt', 'id'] })
@Index({
  name: 'dossier_step_due_idx',
  properties: ['warnAt'],
  expression: 'create index "dossier_step_due_idx" on "dossier_step" ("warn_at") where "ended_at" is null and "escalated_at" is null and "budget_minutes" is not null',
})
@Index({
  name: 'dossier_step_open_agency_idx',
  properties: ['agency'],
  expression: 'create index "dossier_step_open_agency_idx" on "dossier_step" ("agency_id") where "ended_at" is null and "budget_minutes" is not null',
})
export class DossierStep {
  [OptionalProps]?: 'id' | 'assignee' | 'endedAt' | 'budgetMinutes' | 'carriedMinutes' | 'warnAt' | 'deadlineAt' | 'warnedAt' | 'escalatedAt' | 'paused';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  dossier!: Rel<Dossier>;

  /** The workflow state key. */
  @Property({ type: 'text' })
  state!: string;

  /** The agency holding the dossier during the step. */
  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  /** The specialist it was assigned to during the step, if any. */
  @ManyToOne(() => Account, { nullable: true })
  assignee?: Rel<Account> | null;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  /** The state's budget in working minutes; null when the state has none. */
  @Property({ type: 'integer', nullable: true })
  budgetMinutes?: number | null;

  /** Working minutes of the same step used before a pause of the clock (the step resumes, it does not start again). */
  @Property({ type: 'integer', default: 0 })
  carriedMinutes: number = 0;

  /** When the holder is warned (`STEP_WARNING_PERCENT` of the budget used). */
  @Property({ type: 'timestamptz', nullable: true })
  warnAt?: Date | null;

  /** When the budget runs out and the step is escalated. */
  @Property({ type: 'timestamptz', nullable: true })
  deadlineAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  warnedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  escalatedAt?: Date | null;

  /** The clock was paused during the step (waiting for the applicant). */
  @Property({ type: 'boolean', default: false })
  paused: boolean = false;
}
