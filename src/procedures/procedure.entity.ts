import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { DurationUnit } from '../calendar/duration';
import { uuidv7 } from '../db/ids';
import { Agency } from '../org/agency.entity';
import {
  ApplicantKind,
  DossierComponentDefinition,
  FeeDefinition,
  FormTemplateDefinition,
  OnlineKind,
  ProcedureChange,
  ProcedureOrigin,
} from './procedure.types';

/**
 * A catalogue entry (thủ tục hành chính). The table is the source of truth: the modules' code
 * definitions seed it (first start, and procedures a module adds later) and keep the rows no
 * admin edited in line with the code; an admin's edit is never overwritten (see `catalogue-sync.ts`).
 */
@Entity({ tableName: 'procedure' })
@Check({ name: 'procedure_processing_amount_check', expression: 'processing_amount >= (0)::double precision' })
export class Procedure {
  [OptionalProps]?: 'id' | 'active' | 'legacyLevel' | 'version' | 'origin' | 'moduleDefinition' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  @Index()
  field!: string;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Property({ type: 'text' })
  moduleName!: string;

  @Enum({ items: () => OnlineKind, nativeEnumName: 'online_kind' })
  onlineKind!: OnlineKind;

  @Property({ type: 'smallint', nullable: true })
  legacyLevel?: number | null;

  @Property({ type: 'double' })
  processingAmount!: number;

  @Enum({ items: () => DurationUnit, nativeEnumName: 'duration_unit' })
  processingUnit!: DurationUnit;

  @Property({ type: 'json' })
  applicantKinds!: ApplicantKind[];

  @Property({ type: 'json' })
  components!: DossierComponentDefinition[];

  @Property({ type: 'json' })
  forms!: FormTemplateDefinition[];

  @Property({ type: 'json' })
  fees!: FeeDefinition[];

  @Property({ type: 'text' })
  resultKind!: string;

  @Property({ type: 'json' })
  legalBasis!: string[];

  @Property({ type: 'text' })
  workflowKey!: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** Optimistic lock: bumped by every change (admin edit or module upgrade); `updateProcedure` checks it. */
  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  /** Who wrote the current content: the module's code, or an admin (whose edit a module upgrade then never overwrites). */
  @Enum({ items: () => ProcedureOrigin, nativeEnumName: 'procedure_origin', default: ProcedureOrigin.MODULE })
  origin: ProcedureOrigin = ProcedureOrigin.MODULE;

  /** The module's definition as last synchronised (null: created by an admin), to tell a module upgrade from an unchanged start. */
  @Property({ type: 'jsonb', nullable: true })
  moduleDefinition?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/**
 * One change of a catalogue entry (append-only: a trigger refuses update and delete): who made it
 * (an account, or the module's code), when, and each field's value before and after.
 */
@Entity({ tableName: 'procedure_revision' })
@Index({ name: 'procedure_revision_procedure_at_idx', properties: ['procedure', 'at'] })
export class ProcedureRevision {
  [OptionalProps]?: 'id' | 'at' | 'actor';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Procedure)
  procedure!: Rel<Procedure>;

  /** The procedure's version after this change (a module change held back leaves it as it was). */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  /** The admin's account (null: the module's code, at start-up). */
  @Property({ type: 'uuid', nullable: true })
  actor?: string | null;

  @Enum({ items: () => ProcedureOrigin, nativeEnumName: 'procedure_origin' })
  origin!: ProcedureOrigin;

  @Enum({ items: () => ProcedureChange, nativeEnumName: 'procedure_change' })
  change!: ProcedureChange;

  /** `[{ field, from, to }]`, values as the catalogue stores them (JSON). */
  @Property({ type: 'jsonb' })
  changes!: { field: string; from: unknown; to: unknown }[];
}
