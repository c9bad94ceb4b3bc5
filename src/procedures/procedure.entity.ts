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
} from './procedure.types';

/** A catalogue entry (thủ tục hành chính), synchronised from the modules' definitions at start-up. */
@Entity({ tableName: 'procedure' })
@Check({ name: 'procedure_processing_amount_check', expression: 'processing_amount >= (0)::double precision' })
export class Procedure {
  [OptionalProps]?: 'id' | 'active' | 'legacyLevel';

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
}
