import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { uuidv7 } from '../db/ids';
import { StoredFile } from '../documents/stored-file.entity';
import { Agency } from '../org/agency.entity';
import type { Dossier } from './dossier.entity';

/** A file attached to a dossier; the content lives once per hash in `stored_file`. */
@Entity({ tableName: 'dossier_file' })
export class DossierFile {
  [OptionalProps]?: 'id' | 'componentCode' | 'uploadedBy';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  @Index()
  dossier!: Rel<Dossier>;

  @ManyToOne(() => StoredFile)
  file!: Rel<StoredFile>;

  @Property({ type: 'text' })
  name!: string;

  /** The dossier component (thành phần hồ sơ) this file satisfies. */
  @Property({ type: 'text', nullable: true })
  componentCode?: string | null;

  @ManyToOne(() => Account, { nullable: true })
  uploadedBy?: Rel<Account> | null;

  @Property({ type: 'timestamptz' })
  uploadedAt: Date = new Date();
}

/** A period during which the processing clock stood still (supplement, payment). */
@Entity({ tableName: 'dossier_pause' })
export class DossierPause {
  [OptionalProps]?: 'id' | 'endedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  @Index()
  dossier!: Rel<Dossier>;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}

/** A period during which one agency held the dossier (inter-agency dossiers). */
@Entity({ tableName: 'dossier_agency_stint' })
export class DossierAgencyStint {
  [OptionalProps]?: 'id' | 'endedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  @Index()
  dossier!: Rel<Dossier>;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;
}

export enum SatisfactionLevel {
  VERY_SATISFIED = 'VERY_SATISFIED',
  SATISFIED = 'SATISFIED',
  NEUTRAL = 'NEUTRAL',
  DISSATISFIED = 'DISSATISFIED',
  VERY_DISSATISFIED = 'VERY_DISSATISFIED',
}

export const SATISFACTION_LABELS: Record<SatisfactionLevel, string> = {
  [SatisfactionLevel.VERY_SATISFIED]: 'Rất hài lòng',
  [SatisfactionLevel.SATISFIED]: 'Hài lòng',
  [SatisfactionLevel.NEUTRAL]: 'Bình thường',
  [SatisfactionLevel.DISSATISFIED]: 'Không hài lòng',
  [SatisfactionLevel.VERY_DISSATISFIED]: 'Rất không hài lòng',
};

/** The applicant's rating after the result; one per dossier. */
@Entity({ tableName: 'dossier_evaluation' })
export class DossierEvaluation {
  [OptionalProps]?: 'id' | 'comment';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne('Dossier', { deleteRule: 'cascade' })
  @Unique()
  dossier!: Rel<Dossier>;

  @Enum({ items: () => SatisfactionLevel, nativeEnumName: 'satisfaction_level' })
  level!: SatisfactionLevel;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

/** Per-agency, per-day counter behind dossier codes; the row lock serialises concurrent receptions. */
@Entity({ tableName: 'dossier_code_counter' })
export class DossierCodeCounter {
  @ManyToOne(() => Agency, { primary: true })
  agency!: Rel<Agency>;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @Property({ type: 'integer' })
  last!: number;
}

/**
 * Which agencies may see a dossier: every agency that received or held it, with the dossier's
 * submission time copied in, so an officer's inbox is one index range scan on
 * `(agency, submitted_at desc)` however many dossiers other agencies have.
 */
@Entity({ tableName: 'dossier_access' })
@Index({ name: 'dossier_access_inbox_idx', properties: ['agency', 'submittedAt', 'dossier'] })
export class DossierAccess {
  @ManyToOne(() => Agency, { primary: true })
  agency!: Rel<Agency>;

  @ManyToOne('Dossier', { primary: true, deleteRule: 'cascade' })
  dossier!: Rel<Dossier>;

  @Property({ type: 'timestamptz' })
  submittedAt!: Date;
}
