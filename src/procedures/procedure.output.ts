import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DurationUnit } from '../calendar/duration';
import { ApplicantKind, FeeKind, OnlineKind, ProcedureChange, ProcedureOrigin } from './procedure.types';

@ObjectType()
export class ProcessingTimeType {
  @Field(() => Float)
  amount!: number;

  @Field(() => DurationUnit)
  unit!: DurationUnit;

  @Field({ description: 'Vietnamese label, e.g. "10 ngày làm việc".' })
  label!: string;
}

@ObjectType('DossierComponent', { description: 'Thành phần hồ sơ.' })
export class DossierComponentType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  required!: boolean;

  @Field(() => Int)
  copies!: number;

  @Field(() => String, { nullable: true })
  note?: string;

  @Field(() => String, { nullable: true })
  formCode?: string;
}

@ObjectType('FormTemplate')
export class FormTemplateType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  url?: string;
}

@ObjectType('Fee', { description: 'Phí (CHARGE) or lệ phí (FEE).' })
export class FeeType {
  @Field(() => FeeKind)
  kind!: FeeKind;

  @Field()
  name!: string;

  @Field(() => Float, { description: 'Amount in VND.' })
  amountVnd!: number;

  @Field(() => String, { nullable: true })
  note?: string;

  @Field(() => [ApplicantKind], { nullable: true, description: 'Only for these applicants (the catalogue gives one amount for individuals, another for organisations); null: for everyone.' })
  applicantKinds?: ApplicantKind[];
}

@ObjectType('Procedure', { description: 'A public administrative procedure (thủ tục hành chính) of the catalogue.' })
export class ProcedureType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'National code of the procedure.' })
  code!: string;

  @Field()
  name!: string;

  @Field({ description: 'Lĩnh vực.' })
  field!: string;

  @Field()
  moduleName!: string;

  @Field(() => OnlineKind)
  onlineKind!: OnlineKind;

  @Field(() => Int, { nullable: true, description: 'Level under the pre-2022 scheme (2–4), kept as history.' })
  legacyLevel!: number | null;

  @Field(() => [ApplicantKind])
  applicantKinds!: ApplicantKind[];

  @Field(() => [DossierComponentType])
  components!: DossierComponentType[];

  @Field(() => [FormTemplateType])
  forms!: FormTemplateType[];

  @Field(() => [FeeType])
  fees!: FeeType[];

  @Field()
  resultKind!: string;

  @Field(() => [String])
  legalBasis!: string[];

  @Field()
  workflowKey!: string;

  @Field({ description: 'Published (false: retired; dossiers filed under it keep it).' })
  active!: boolean;

  @Field(() => Int, { description: 'Bumped by every change; give it to `updateProcedure` / `retireProcedure` as `expectedVersion`.' })
  version!: number;

  @Field(() => ProcedureOrigin, { description: 'Who wrote the current content: the module’s code, or an admin (a module upgrade then never overwrites it).' })
  origin!: ProcedureOrigin;

  @Field()
  updatedAt!: Date;

  agencyId!: string;
  processingAmount!: number;
  processingUnit!: DurationUnit;
}

@ObjectType('ProcedureFieldChange', { description: 'One field of a catalogue entry before and after a change, as JSON text.' })
export class ProcedureFieldChangeType {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true, description: 'JSON; null: the field did not exist (creation).' })
  from!: string | null;

  @Field(() => String, { description: 'JSON.' })
  to!: string;
}

@ObjectType('ProcedureRevision', { description: 'One change of a catalogue entry: who, when, what (append-only).' })
export class ProcedureRevisionType {
  @Field(() => Int, { description: 'The procedure’s version after the change.' })
  version!: number;

  @Field()
  at!: Date;

  @Field(() => ProcedureOrigin)
  origin!: ProcedureOrigin;

  @Field(() => ProcedureChange)
  change!: ProcedureChange;

  @Field(() => ID, { nullable: true, description: 'The admin’s account; null: the module’s code at start-up.' })
  actorId!: string | null;

  @Field(() => String, { nullable: true, description: 'The admin’s username; null: the module’s code.' })
  actorUsername!: string | null;

  @Field(() => [ProcedureFieldChangeType])
  changes!: ProcedureFieldChangeType[];
}
