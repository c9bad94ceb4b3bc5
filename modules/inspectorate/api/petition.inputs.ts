import { Field, ID, InputType, Int } from 'type-graphql';
import { FileInput } from '../../../src/kernel';
import { CaseComplexity, PetitionChannel, PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import { ReceptionKind, ReceptionOutcome } from '../entities/reception-session.entity';

@InputType({ description: 'Who files the petition; kept in the protected part.' })
export class PetitionerInput {
  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true, description: 'CCCD, 12 digits.' })
  identityNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for complaints and denunciations (Law on Complaints art. 8, Law on Denunciations art. 23).' })
  address?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;
}

@InputType({ description: 'An objective obstacle (trở ngại khách quan: illness, natural disaster, a mission far away …) whose time is not counted in a complaint’s time bar (Law on Complaints art. 9).' })
export class FilingObstacleInput {
  @Field(() => Int, { description: 'Calendar days the obstacle lasted (1 to 3650).' })
  days!: number;

  @Field({ description: 'What it was and the proof seen, as the receiving officer records it.' })
  reason!: string;
}

@InputType()
export class ReceivePetitionInput {
  @Field(() => String, { nullable: true, description: 'The inspectorate receiving it; by default the caller’s.' })
  agencyCode?: string | null;

  @Field(() => PetitionClassification)
  classification!: PetitionClassification;

  // Nullable rather than a default: graphql-jit does not apply input field defaults to variables.
  @Field(() => Boolean, { nullable: true, description: 'No name and address of the sender: recorded, not handled (default false).' })
  anonymous?: boolean | null;

  @Field({ description: 'Nội dung đơn, at most 10,000 characters. Must not repeat a denouncer’s identity.' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'The person or body complained about or denounced; required for complaints and denunciations.' })
  respondent?: string | null;

  @Field(() => PetitionChannel)
  channel!: PetitionChannel;

  @Field(() => Date, { nullable: true, description: 'When it arrived (default now); not in the future.' })
  receivedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The body that forwarded it (channel TRANSFERRED_IN).' })
  transferredFrom?: string | null;

  @Field(() => ID, { nullable: true, description: 'The citizen reception where it was handed in (channel IN_PERSON).' })
  receptionSessionId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Remote area (vùng sâu, vùng xa); default false.' })
  remote?: boolean | null;

  @Field(() => PetitionerInput, { nullable: true, description: 'Required unless anonymous; refused for an anonymous letter.' })
  petitioner?: PetitionerInput | null;

  @Field(() => [FileInput], { nullable: true, description: 'The original letter or its scan (at most 5 files, 10 MB each).' })
  letters?: FileInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Complaints (required): YYYY-MM-DD, the day the complainant received or learned of the decision or act complained about; the 90-day time bar runs from it (Law on Complaints art. 9).',
  })
  timeBarStartsOn?: string | null;

  @Field(() => FilingObstacleInput, { nullable: true, description: 'Complaints: an objective obstacle the receiving officer records at once.' })
  filingObstacle?: FilingObstacleInput | null;
}

@InputType({ description: 'A second complaint (khiếu nại lần hai) to the body above the one that resolved, or failed to resolve, the first (Law on Complaints art. 33).' })
export class FileSecondComplaintInput {
  @Field({ description: 'The code of the first complaint (TT-yyyy-NNNNNN).' })
  firstPetitionCode!: string;

  @Field({ description: 'Why the complainant does not accept the first decision, or that it was not resolved in time (at most 10,000 characters).' })
  subject!: string;

  @Field(() => PetitionChannel, { nullable: true, description: 'Officers: how it came (default IN_PERSON). A citizen files ONLINE.' })
  channel?: PetitionChannel | null;

  @Field(() => Date, { nullable: true, description: 'Officers only: when it arrived (default now; for a letter the postmark date).' })
  receivedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, the day the complainant received the first decision; not before it. The time bar runs from it when an officer receives the complaint; a complainant filing online is held to the decision’s date and this day is recorded as their statement (Law on Complaints art. 33).' })
  decisionReceivedOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Officers only (default: the first complaint’s): remote area, the period is 45 days instead of 30, and the second instance’s time limits are longer.' })
  remote?: boolean | null;

  @Field(() => String, { nullable: true, description: 'A phone for the notices (default: the one of the first complaint).' })
  phone?: string | null;

  @Field(() => FilingObstacleInput, { nullable: true, description: 'Officers only: an objective obstacle recorded at receipt.' })
  filingObstacle?: FilingObstacleInput | null;

  @Field(() => [FileInput], { nullable: true, description: 'The letter and the first decision’s copy (at most 5 files).' })
  letters?: FileInput[] | null;
}

@InputType({ description: 'A step on a petition that needs nothing but an optional note.' })
export class PetitionStepInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int, { description: 'The version the caller saw (optimistic lock).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Never write the petitioner’s identity here.' })
  note?: string | null;
}

@InputType()
export class AcceptPetitionInput extends PetitionStepInput {
  @Field(() => Boolean, { nullable: true, description: 'Set or correct the remote-area flag at acceptance.' })
  remote?: boolean | null;
}

@InputType()
export class TransferPetitionInput extends PetitionStepInput {
  @Field({ description: 'The competent body the petition goes to (denunciations: within 5 working days of receipt, Law on Denunciations art. 24).' })
  competentBody!: string;
}

@InputType()
export class RecordFilingObstacleInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => FilingObstacleInput, { description: 'Replaces an obstacle recorded earlier (the history keeps both).' })
  obstacle!: FilingObstacleInput;
}

@InputType()
export class ExtendEligibilityCheckInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'The places where checks are needed, and why (never the denouncer’s identity).' })
  reason!: string;
}

@InputType()
export class RefusePetitionInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'Lý do không thụ lý (e.g. Law on Complaints art. 11, Law on Denunciations art. 29).' })
  reasons!: string;
}

@InputType()
export class AssignPetitionInspectorsInput extends PetitionStepInput {
  @Field(() => [ID], { description: 'The inspectors (SPECIALIST of the petition’s agency) assigned from now on; replaces the list.' })
  inspectorIds!: string[];
}

@InputType()
export class ConcludePetitionInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field({ description: 'Kết luận, at most 10,000 characters.' })
  conclusion!: string;
}

@InputType()
export class DecidePetitionInput extends PetitionStepInput {
  @Field({ description: 'Số quyết định, e.g. 125/QĐ-TTr.' })
  decisionNumber!: string;

  @Field({ description: 'YYYY-MM-DD; not in the future, not before acceptance.' })
  decisionDate!: string;
}

@InputType()
export class ExtendPetitionDeadlineInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => Int, { description: 'Calendar days to add.' })
  days!: number;

  @Field(() => CaseComplexity, { description: 'How complex the head rates the case now.' })
  complexity!: CaseComplexity;

  @Field()
  reason!: string;
}

@InputType()
export class WithdrawPetitionInput {
  @Field(() => ID)
  petitionId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field()
  reason!: string;
}

@InputType()
export class PetitionFilter {
  @Field(() => [PetitionStatus], { nullable: true })
  status?: PetitionStatus[] | null;

  @Field(() => [PetitionClassification], { nullable: true })
  classification?: PetitionClassification[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Open and past its running time limit (acceptance or resolution).' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only petitions the caller is assigned to.' })
  assignedToMe?: boolean | null;

  @Field(() => ID, { nullable: true })
  receptionSessionId?: string | null;
}

@InputType()
export class ReceptionCitizenInput {
  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true })
  identityNumber?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;
}

@InputType()
export class RecordReceptionSessionInput {
  @Field(() => String, { nullable: true, description: 'By default the caller’s inspectorate.' })
  agencyCode?: string | null;

  @Field({ description: 'YYYY-MM-DD, not in the future.' })
  heldOn!: string;

  @Field()
  location!: string;

  @Field(() => ReceptionKind)
  kind!: ReceptionKind;

  @Field(() => [ReceptionCitizenInput], { description: 'The citizens received, by name (protected).' })
  citizens!: ReceptionCitizenInput[];

  @Field(() => Int, { nullable: true, description: 'How many came, when more than named (a group with a representative).' })
  citizenCount?: number | null;

  @Field()
  summary!: string;

  @Field(() => ReceptionOutcome)
  outcome!: ReceptionOutcome;

  @Field(() => String, { nullable: true })
  outcomeNote?: string | null;
}

@InputType()
export class ReceptionSessionFilter {
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' })
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' })
  to?: string | null;
}

@InputType()
export class PetitionAccessLogFilter {
  @Field(() => ID, { nullable: true, description: 'Reads by this account only.' })
  accountId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}
