import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Busy, Connection, ErrorResult, NotAuthorized, TransitionNotAllowed, ValidationFailed, VersionConflict } from '../../../src/kernel';
import { CaseComplexity, PetitionChannel, PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import { ReceptionKind, ReceptionOutcome } from '../entities/reception-session.entity';

registerEnumType(PetitionClassification, { name: 'PetitionClassification', description: 'Khiếu nại, tố cáo, kiến nghị, phản ánh.' });
registerEnumType(PetitionStatus, {
  name: 'PetitionStatus',
  description: 'RECEIVED → ELIGIBILITY_CHECK → ACCEPTED (thụ lý) | TRANSFERRED | REFUSED (a denunciation outside the competence may be TRANSFERRED straight from RECEIVED); ACCEPTED → VERIFYING → CONCLUDED → DECIDED; WITHDRAWN; RECORDED_ANONYMOUS (anonymous letters, not handled).',
});
registerEnumType(PetitionChannel, { name: 'PetitionChannel' });
registerEnumType(CaseComplexity, { name: 'CaseComplexity', description: 'NORMAL, COMPLEX (phức tạp), ESPECIALLY_COMPLEX (đặc biệt phức tạp).' });
registerEnumType(ReceptionKind, { name: 'ReceptionKind', description: 'REGULAR (thường xuyên), PERIODIC_BY_HEAD (định kỳ, người đứng đầu), AD_HOC (đột xuất).' });
registerEnumType(ReceptionOutcome, { name: 'ReceptionOutcome' });

@ObjectType('PetitionerLetter', { description: 'The original letter or its scan (the petitioner’s handwriting).' })
export class PetitionerLetterType {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  mediaType!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  sha256!: string;

  @Field(() => String, { nullable: true, description: 'The content, base64; each read is logged like the rest of the identity.' })
  contentBase64!: string | null;
}

@ObjectType('PetitionerIdentity', {
  description:
    'Who filed a petition: protected. Returned only to the head of the inspectorate and the inspectors assigned (denunciations), or the officers handling it (other petitions); every read is logged.',
})
export class PetitionerIdentityType {
  @Field(() => String, { nullable: true, description: 'Null for an anonymous letter (which may still carry a scan).' })
  fullName!: string | null;

  @Field(() => String, { nullable: true })
  identityNumber!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => [PetitionerLetterType])
  letters!: PetitionerLetterType[];
}

@ObjectType('PetitionInspector', { description: 'An inspector assigned to a petition.' })
export class PetitionInspectorType {
  @Field(() => ID)
  accountId!: string;

  @Field()
  fullName!: string;

  @Field(() => Date)
  assignedAt!: Date;

  @Field()
  assignedByName!: string;
}

@ObjectType('PetitionExtension', { description: 'A lawful extension of the time limit (gia hạn), decided by the head.' })
export class PetitionExtensionType {
  @Field(() => Date)
  at!: Date;

  @Field()
  byName!: string;

  @Field()
  reason!: string;

  @Field(() => Int, { description: 'Calendar days added.' })
  days!: number;

  @Field(() => CaseComplexity)
  complexity!: CaseComplexity;

  @Field(() => Date)
  previousDueAt!: Date;

  @Field(() => Date)
  newDueAt!: Date;
}

@ObjectType('PetitionHistoryEntry')
export class PetitionHistoryEntryType {
  @Field(() => Date)
  at!: Date;

  @Field()
  actorName!: string;

  @Field()
  action!: string;

  @Field(() => PetitionStatus, { nullable: true })
  fromStatus!: PetitionStatus | null;

  @Field(() => PetitionStatus)
  toStatus!: PetitionStatus;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('Petition', {
  description: 'A petition (đơn thư) handled by the inspectorate. `petitioner` is null unless the caller may read the identity (and then the read is logged).',
})
export class PetitionType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'TT-yyyy-NNNNNN.' })
  code!: string;

  @Field(() => PetitionClassification)
  classification!: PetitionClassification;

  @Field({ description: 'An anonymous letter: recorded, not handled (RECORDED_ANONYMOUS).' })
  anonymous!: boolean;

  @Field({ description: 'Nội dung đơn.' })
  subject!: string;

  @Field(() => String, { nullable: true, description: 'The person or body complained about or denounced.' })
  respondent!: string | null;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => PetitionChannel)
  channel!: PetitionChannel;

  @Field(() => String, { nullable: true, description: 'The body that forwarded it (TRANSFERRED_IN).' })
  transferredFrom!: string | null;

  @Field()
  receivedByName!: string;

  @Field(() => PetitionStatus)
  status!: PetitionStatus;

  @Field({ description: 'Remote area (vùng sâu, vùng xa): longer time limits for complaints.' })
  remote!: boolean;

  @Field(() => CaseComplexity)
  complexity!: CaseComplexity;

  @Field(() => Date, { nullable: true, description: 'By when acceptance, transfer or refusal must be decided.' })
  eligibilityDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Time limit of the resolution, extensions included.' })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Time limit set at acceptance.' })
  originalDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The competent body it was transferred to.' })
  transferredToName!: string | null;

  @Field(() => String, { nullable: true })
  refusalReason!: string | null;

  @Field(() => String, { nullable: true })
  conclusion!: string | null;

  @Field(() => String, { nullable: true })
  decisionNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  decisionDate!: string | null;

  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;

  @Field({ description: 'Filed again by the same petitioner about the same matter while an earlier petition is open; false for callers who may not read both identities.' })
  isDuplicate!: boolean;

  @Field(() => Int, { description: '1: first complaint (or any other petition); 2: second complaint (khiếu nại lần hai, Law on Complaints art. 33).' })
  instance!: number;

  @Field(() => String, { nullable: true, description: 'Complaints: YYYY-MM-DD, the day the filing period runs from (art. 9; a second complaint: art. 33).' })
  timeBarStartsOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Complaints: YYYY-MM-DD, the last day to file, objective obstacles included.' })
  timeBarLastDay!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Complaints: received after the last day to file (objective obstacles included): not accepted unless an obstacle is recorded; null for other petitions.' })
  timeBarred!: boolean | null;

  @Field(() => Int, { description: 'Days of an objective obstacle not counted in the time bar (art. 9).' })
  obstacleDays!: number;

  @Field(() => String, { nullable: true })
  obstacleReason!: string | null;

  @Field({ description: 'Denunciations: the acceptance check was extended to 10 working days for checks in several places (Law on Denunciations art. 24(1)).' })
  eligibilityExtended!: boolean;

  @Field(() => Date, { nullable: true, description: 'Denunciations: by when one outside the agency’s competence must be forwarded (5 working days of receipt, art. 24).' })
  forwardDueAt!: Date | null;

  @Field(() => Int)
  version!: number;
}

@ObjectType('PetitionLink', { description: 'The other instance of a complaint: what the body handling this one may know of it (never the complainant’s identity).' })
export class PetitionLinkType {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field(() => Int)
  instance!: number;

  @Field({ description: 'The body handling it.' })
  agencyName!: string;

  @Field(() => PetitionStatus)
  status!: PetitionStatus;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decisionNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  decisionDate!: string | null;
}

export const PetitionConnection = Connection(PetitionType, 'Petition');
export type PetitionConnection = InstanceType<typeof PetitionConnection>;

@ObjectType('ReceptionCitizen', { description: 'A citizen received at a session: protected, readable by the head and the officer who held it; reads are logged.' })
export class ReceptionCitizenType {
  @Field()
  fullName!: string;

  @Field(() => String, { nullable: true })
  identityNumber!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;
}

@ObjectType('ReceptionSession', { description: 'A citizen reception (tiếp công dân).' })
export class ReceptionSessionType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'YYYY-MM-DD.' })
  heldOn!: string;

  @Field()
  officerName!: string;

  @Field()
  location!: string;

  @Field(() => ReceptionKind)
  kind!: ReceptionKind;

  @Field(() => Int)
  citizenCount!: number;

  @Field()
  summary!: string;

  @Field(() => ReceptionOutcome)
  outcome!: ReceptionOutcome;

  @Field(() => String, { nullable: true })
  outcomeNote!: string | null;

  @Field(() => Date)
  createdAt!: Date;
}

export const ReceptionSessionConnection = Connection(ReceptionSessionType, 'ReceptionSession');
export type ReceptionSessionConnection = InstanceType<typeof ReceptionSessionConnection>;

@ObjectType('PetitionAccessLogEntry', { description: 'One read of protected fields.' })
class PetitionAccessLogEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID)
  accountId!: string;

  @Field()
  accountName!: string;

  @Field(() => ID, { nullable: true })
  petitionId!: string | null;

  @Field(() => String, { nullable: true })
  petitionCode!: string | null;

  @Field(() => ID, { nullable: true })
  receptionSessionId!: string | null;

  @Field(() => [String], { description: 'Field paths returned, e.g. fullName, letters.contentBase64.' })
  fields!: string[];

  @Field({ description: 'The GraphQL operation and the path of the protected field.' })
  operation!: string;
}

export const PetitionAccessLogConnection = Connection(PetitionAccessLogEntryType, 'PetitionAccessLog');
export type PetitionAccessLogConnection = InstanceType<typeof PetitionAccessLogConnection>;

@ObjectType('PetitionTracking', { description: 'What the petitioner sees with the code and the secret: the status, the time limit and who handles it.' })
export class PetitionTrackingType {
  @Field()
  code!: string;

  @Field(() => PetitionStatus)
  status!: PetitionStatus;

  @Field({ description: 'The status in Vietnamese.' })
  statusLabel!: string;

  @Field(() => Date, { nullable: true, description: 'The time limit now running (acceptance, then resolution).' })
  dueAt!: Date | null;

  @Field({ description: 'The body now handling it (the competent body after a transfer).' })
  handledBy!: string;
}

@ObjectType({ implements: ErrorResult })
export class PetitionNotFound extends ErrorResult {
  @Field(() => ID)
  petitionId!: string;

  static of(petitionId: string): PetitionNotFound {
    return Object.assign(new PetitionNotFound(), { code: 'PETITION_NOT_FOUND', message: `Không tìm thấy đơn / No petition ${petitionId} that you may handle`, petitionId });
  }
}

@ObjectType({ implements: ErrorResult })
export class ReceptionSessionNotFound extends ErrorResult {
  @Field(() => ID)
  receptionSessionId!: string;

  static of(receptionSessionId: string): ReceptionSessionNotFound {
    return Object.assign(new ReceptionSessionNotFound(), {
      code: 'RECEPTION_SESSION_NOT_FOUND',
      message: `Không tìm thấy buổi tiếp công dân / No reception session ${receptionSessionId} of this agency`,
      receptionSessionId,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'An anonymous letter is recorded and not handled (Law on Denunciations art. 25).' })
export class AnonymousLetterNotHandled extends ErrorResult {
  @Field()
  legalBasis!: string;

  static of(legalBasis: string): AnonymousLetterNotHandled {
    return Object.assign(new AnonymousLetterNotHandled(), {
      code: 'ANONYMOUS_LETTER_NOT_HANDLED',
      message: 'Đơn nặc danh chỉ được lưu, không xử lý theo thủ tục giải quyết tố cáo / An anonymous letter is recorded, not handled as a denunciation',
      legalBasis,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The extension asked goes beyond what the law allows; nothing was written.' })
export class ExtensionNotAllowed extends ErrorResult {
  @Field()
  legalBasis!: string;

  @Field(() => Int, { description: 'The most days that could still be added for the complexity given (0: none).' })
  maxDays!: number;

  static of(reason: string, legalBasis: string, maxDays: number): ExtensionNotAllowed {
    return Object.assign(new ExtensionNotAllowed(), { code: 'EXTENSION_NOT_ALLOWED', message: `Không được gia hạn / Extension not allowed: ${reason}`, legalBasis, maxDays });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The complaint came after its time bar and no objective obstacle is recorded: not accepted (Law on Complaints art. 11(4)); nothing was written.' })
export class ComplaintTimeBarred extends ErrorResult {
  @Field()
  legalBasis!: string;

  @Field({ description: 'YYYY-MM-DD the period ran from.' })
  timeBarStartsOn!: string;

  @Field({ description: 'YYYY-MM-DD, the last day to file.' })
  lastDay!: string;

  @Field({ description: 'YYYY-MM-DD the complaint was received.' })
  receivedOn!: string;

  static of(x: { legalBasis: string; timeBarStartsOn: string; lastDay: string; receivedOn: string; instance: number }): ComplaintTimeBarred {
    const which = x.instance === 2 ? 'khiếu nại lần hai' : 'khiếu nại';
    return Object.assign(new ComplaintTimeBarred(), {
      code: 'COMPLAINT_TIME_BARRED',
      message:
        `Đã hết thời hiệu ${which}: tính từ ${x.timeBarStartsOn}, hạn cuối ${x.lastDay}, nhận đơn ngày ${x.receivedOn}. ` +
        `Nếu có trở ngại khách quan (ốm đau, thiên tai, đi công tác…), cán bộ tiếp nhận ghi nhận thời gian trở ngại; nếu không, đơn không được thụ lý / ` +
        `Time-barred: the period ran from ${x.timeBarStartsOn} and ended on ${x.lastDay}; received on ${x.receivedOn}. Record an objective obstacle if there was one, otherwise refuse it (${x.legalBasis})`,
      ...x,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'A second complaint cannot be filed on this first complaint now; the reason says why; nothing was written.' })
export class SecondComplaintNotOpen extends ErrorResult {
  @Field()
  legalBasis!: string;

  static of(reason: string, legalBasis: string): SecondComplaintNotOpen {
    return Object.assign(new SecondComplaintNotOpen(), { code: 'SECOND_COMPLAINT_NOT_OPEN', message: `Chưa thể khiếu nại lần hai / No second complaint now: ${reason}`, legalBasis });
  }
}

@ObjectType()
export class PetitionPayload {
  @Field(() => PetitionType, { nullable: true, description: 'Re-read with the caller’s rights.' })
  petition!: PetitionType | null;
}

@ObjectType({ description: 'A petition received: its code and the tracking secret, shown this once.' })
export class ReceivePetitionPayload {
  @Field(() => PetitionType, { nullable: true })
  petition!: PetitionType | null;

  @Field()
  code!: string;

  @Field({ description: 'Printed on the receipt; stored only as a hash, never shown again.' })
  secret!: string;

  @Field({ description: 'The same petitioner has an open petition about the same matter; false for callers who may not read both identities (as `petition.isDuplicate`), so a filer learns nothing from it.' })
  duplicate!: boolean;
}

@ObjectType()
export class ReceptionSessionPayload {
  @Field(() => ReceptionSessionType, { nullable: true })
  receptionSession!: ReceptionSessionType | null;
}

export const ReceivePetitionResult = createUnionType({
  name: 'ReceivePetitionResult',
  types: () => [ReceivePetitionPayload, ValidationFailed, NotAuthorized, ReceptionSessionNotFound, Busy] as const,
});

export const PetitionResult = createUnionType({
  name: 'PetitionResult',
  types: () => [PetitionPayload, ValidationFailed, NotAuthorized, VersionConflict, PetitionNotFound, TransitionNotAllowed, AnonymousLetterNotHandled, ExtensionNotAllowed, ComplaintTimeBarred, Busy] as const,
});

export const FileSecondComplaintResult = createUnionType({
  name: 'FileSecondComplaintResult',
  types: () => [ReceivePetitionPayload, ValidationFailed, NotAuthorized, PetitionNotFound, SecondComplaintNotOpen, ComplaintTimeBarred, Busy] as const,
});

export const ReceptionSessionResult = createUnionType({
  name: 'ReceptionSessionResult',
  types: () => [ReceptionSessionPayload, ValidationFailed, NotAuthorized, Busy] as const,
});

export const PetitionsResult = createUnionType({ name: 'PetitionsResult', types: () => [PetitionConnection, NotAuthorized] as const });
export const ReceptionSessionsResult = createUnionType({ name: 'ReceptionSessionsResult', types: () => [ReceptionSessionConnection, NotAuthorized, ValidationFailed] as const });
export const PetitionAccessLogResult = createUnionType({ name: 'PetitionAccessLogResult', types: () => [PetitionAccessLogConnection, NotAuthorized, ValidationFailed] as const });
