import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../auth/roles';
import {
  Busy,
  AgencyNotFound,
  DailyCodeLimitReached,
  DossierNotFound,
  NotAuthorized,
  ProcedureNotFound,
  TransitionNotAllowed,
  ValidationFailed,
  VersionConflict, ServiceUnavailable } from '../graphql/errors';
import { Connection } from '../graphql/connection';
import { AdminUnitType, AgencyType } from '../org/org.output';
import { ProcedureType } from '../procedures/procedure.output';
import { ApplicantKind } from '../procedures/procedure.types';
import { SatisfactionLevel } from './dossier-parts.entity';
import { Channel } from './dossier.entity';
import { NATIONAL_STATUS_NAMES, NationalStatus } from './national-status';
import { ActionInput, WorkflowDefinition } from './workflow/workflow.types';

@ObjectType('NationalStatus', { description: 'One of the ten status codes of the national public service portal.' })
export class NationalStatusType {
  @Field(() => Int)
  code!: number;

  @Field()
  name!: string;
}

@ObjectType('WorkflowState')
export class WorkflowStateType {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field(() => NationalStatusType)
  nationalStatus!: NationalStatusType;

  @Field(() => Float, { nullable: true, description: 'How long a dossier may stay in this state, in working hours.' })
  slaWorkingHours!: number | null;

  @Field()
  terminal!: boolean;
}

@ObjectType('WorkflowAction')
export class WorkflowActionType {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field(() => [String])
  from!: string[];

  @Field(() => String, { nullable: true })
  to!: string | null;

  @Field(() => [Role])
  roles!: Role[];

  @Field()
  applicant!: boolean;

  @Field(() => [ActionInput])
  inputs!: ActionInput[];

  @Field(() => String, { nullable: true, description: 'The form the action produces (Mẫu 01–04).' })
  form!: string | null;
}

@ObjectType('Workflow')
export class WorkflowType {
  @Field()
  key!: string;

  @Field()
  name!: string;

  @Field(() => [WorkflowStateType])
  states!: WorkflowStateType[];

  @Field(() => [WorkflowActionType])
  actions!: WorkflowActionType[];
}


export function nationalStatusOf(code: number): NationalStatusType {
  return { code, name: NATIONAL_STATUS_NAMES[code as NationalStatus] };
}

const workflowTypes = new WeakMap<WorkflowDefinition, WorkflowType>();

export function toWorkflowType(w: WorkflowDefinition): WorkflowType {
  let t = workflowTypes.get(w);
  if (!t) {
    t = {
      key: w.key,
      name: w.name,
      states: w.states.map((s) => ({ key: s.key, label: s.label, nationalStatus: nationalStatusOf(s.nationalStatus), slaWorkingHours: s.slaWorkingHours ?? null, terminal: !!s.terminal })),
      actions: w.actions.map((a) => ({ key: a.key, label: a.label, from: a.from, to: a.to ?? null, roles: a.roles, applicant: !!a.applicant, inputs: a.inputs, form: a.form ?? null })),
    };
    workflowTypes.set(w, t);
  }
  return t;
}

@ObjectType('Applicant', { description: 'Personal data: the identity number is masked and contacts hidden for observers.' })
export class ApplicantType {
  @Field(() => ApplicantKind)
  kind!: ApplicantKind;

  @Field()
  name!: string;

  @Field({ description: 'Masked (068******123) unless the caller is the applicant or an officer handling the dossier.' })
  idNumber!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@ObjectType('AvailableAction')
export class AvailableActionType {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field(() => [ActionInput], { description: 'Inputs performDossierAction needs for it.' })
  inputs!: ActionInput[];

  @Field(() => String, { nullable: true })
  form!: string | null;
}

@ObjectType('DossierHistoryEntry')
export class HistoryEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field()
  action!: string;

  @Field(() => String, { nullable: true })
  fromState!: string | null;

  @Field()
  toState!: string;

  @Field({ description: 'Who acted, as recorded at the time.' })
  actorName!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  agencyId!: string | null;
}

@ObjectType('DossierFile')
export class DossierFileType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  componentCode!: string | null;

  @Field({ description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  mediaType!: string;

  @Field(() => Date)
  uploadedAt!: Date;
}

@ObjectType('ClockPause', { description: 'A period the processing clock stood still (supplement, payment).' })
export class PauseType {
  @Field()
  reason!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;
}

@ObjectType('AgencyStint', { description: 'A period one agency held the dossier.' })
export class AgencyStintType {
  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => Float, { description: 'Working hours the agency held the dossier (until now if it still does).' })
  workingHours!: number;

  agencyId!: string;
}

@ObjectType('DossierEvaluation')
export class EvaluationType {
  @Field(() => SatisfactionLevel)
  level!: SatisfactionLevel;

  @Field()
  label!: string;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('Dossier', { description: 'A dossier (hồ sơ thủ tục hành chính).' })
export class DossierType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Mã hồ sơ: {agency code}-{yyMMdd}-{NNNN}.' })
  code!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => Date)
  submittedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the dossier was received; the clock starts here.' })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The current appointment date.' })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'The due date before any apology; lateness counts against it.' })
  originalDueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the result was ready.' })
  finishedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  returnedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was refused, withdrawn or stopped.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'Optimistic-lock version: pass it as expectedVersion.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'Tracking secret printed on the receipt (Mẫu 01); for the applicant and handling officers only.' })
  lookupSecret!: string | null;

  @Field(() => ProcedureType)
  procedure!: ProcedureType;

  @Field(() => AgencyType, { description: 'The agency that received it (its code is in the dossier code).' })
  receivingAgency!: AgencyType;

  @Field(() => AgencyType, { description: 'The agency that holds it now.' })
  holdingAgency!: AgencyType;

  @Field(() => AdminUnitType, { description: 'The administrative unit it was filed under.' })
  adminUnit!: AdminUnitType;

  @Field(() => ApplicantType)
  applicant!: ApplicantType;

  @Field(() => NationalStatusType)
  nationalStatus!: NationalStatusType;

  @Field(() => WorkflowStateType, { description: 'The internal workflow state.' })
  state!: WorkflowStateType;
}

@ObjectType()
export class DossierConnection extends Connection(DossierType, 'Dossier') {}

@ObjectType()
export class DossierPayload {
  @Field(() => DossierType)
  dossier!: DossierType;
}

export const SubmitDossierResult = createUnionType({
  name: 'SubmitDossierResult',
  types: () => [DossierPayload, ValidationFailed, ProcedureNotFound, AgencyNotFound, NotAuthorized, DailyCodeLimitReached, Busy] as const,
});

export const DossierActionResult = createUnionType({
  name: 'DossierActionResult',
  types: () => [DossierPayload, ValidationFailed, DossierNotFound, AgencyNotFound, TransitionNotAllowed, VersionConflict, NotAuthorized, ServiceUnavailable, Busy] as const,
});

@ObjectType('DossierTracking', { description: 'What anyone holding the dossier code and the applicant’s identity number may see.' })
export class DossierTrackingType {
  @Field()
  code!: string;

  @Field(() => NationalStatusType)
  status!: NationalStatusType;

  @Field()
  holdingAgencyName!: string;

  @Field(() => Date, { nullable: true })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;
}
