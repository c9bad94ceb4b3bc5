import { createUnionType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../graphql/connection';
import {
  Busy,
  AgencyNotFound,
  DocumentNotFound,
  DossierNotFound,
  DuplicateDocumentNumber,
  MalformedPackage,
  NotARecipient,
  NotAuthorized,
  TransitionNotAllowed,
  ValidationFailed,
  VersionConflict,
} from '../graphql/errors';
import { DocumentStatus, RecipientStatus, Secrecy, Urgency } from './document.types';
import { DocumentView, RecipientView } from './document.queries';

@ObjectType('DocumentRecipient', { description: 'A recipient unit and where the document stands there.' })
export class DocumentRecipientType {
  @Field(() => RecipientStatus)
  status!: RecipientStatus;

  @Field(() => Date, { nullable: true, description: 'Null while the document is a draft.' })
  deliveredAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the unit accepted (arrival number given) or rejected it.' })
  acknowledgedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the unit must acknowledge it: the end of the working day it arrived (after closing or on a day off, of the next working day); Decree 30/2020/NĐ-CP, incoming documents (article unverified). Null for a draft.',
  })
  acknowledgeDueAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Số đến in the unit’s incoming register.' })
  arrivalNumber!: number | null;

  @Field(() => Int, { nullable: true })
  arrivalYear!: number | null;

  @Field(() => Date, { nullable: true })
  handlingDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The last reason or report.' })
  note!: string | null;

  @Field(() => Int)
  version!: number;
}

@ObjectType('DocumentTraceEntry')
export class DocumentTraceType {
  @Field(() => Date)
  at!: Date;

  @Field()
  actorName!: string;

  @Field()
  action!: string;

  @Field(() => String, { nullable: true })
  fromStatus!: string | null;

  @Field(() => String, { nullable: true })
  toStatus!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('DocumentFile')
export class DocumentFileType {
  @Field()
  name!: string;

  @Field()
  sha256!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  mediaType!: string;
}

@ObjectType('OfficialDocument', { description: 'An official document (văn bản), Decree 30/2020. A secret one shows its subject to named handlers only.' })
export class OfficialDocumentType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { nullable: true, description: 'Given at issue.' })
  number!: number | null;

  @Field(() => Int, { nullable: true })
  year!: number | null;

  @Field({ description: 'Ký hiệu, e.g. QĐ-UBND.' })
  notation!: string;

  @Field()
  typeCode!: string;

  @Field(() => String, { nullable: true, description: 'Trích yếu; null for a secret document the caller may not read.' })
  subject!: string | null;

  @Field()
  language!: string;

  @Field(() => Int)
  pageCount!: number;

  @Field()
  place!: string;

  @Field(() => Urgency)
  urgency!: Urgency;

  @Field(() => Secrecy)
  secrecy!: Secrecy;

  @Field(() => DocumentStatus)
  status!: DocumentStatus;

  @Field(() => Date, { nullable: true })
  dueAt!: Date | null;

  @Field(() => String, { nullable: true })
  signerPosition!: string | null;

  @Field(() => String, { nullable: true })
  signerName!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the leader signed it.' })
  signedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it must be issued: the same or, at the latest, the next working day after signing; an urgent one the same working day (Decree 30/2020/NĐ-CP art. 18(1), article number unverified). Null before signing, and for documents signed before deadlines were tracked or received from outside.',
  })
  issueDueAt!: Date | null;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  recalledAt!: Date | null;

  @Field({ description: 'ONEDOOR, or EDXML when imported from a unit outside OneDoor.' })
  origin!: string;

  @Field(() => Int)
  version!: number;
}

@ObjectType('IncomingDocument', { description: 'An entry of an agency’s incoming register (sổ văn bản đến).' })
export class IncomingDocumentType {
  @Field(() => ID, { description: 'The register entry.' })
  id!: string;

  @Field(() => DocumentRecipientType, { description: 'Where the document stands in this unit (status, arrival number, handler, version for the next step).' })
  entry!: RecipientView;

  @Field(() => OfficialDocumentType)
  document!: DocumentView;
}

export const OutgoingConnection = Connection(OfficialDocumentType, 'OutgoingDocument');
export type OutgoingConnection = InstanceType<typeof OutgoingConnection>;
export const IncomingConnection = Connection(IncomingDocumentType, 'IncomingDocument');
export type IncomingConnection = InstanceType<typeof IncomingConnection>;

@InputType()
export class DocumentRegisterFilter {
  @Field(() => [String], { nullable: true })
  typeCodes?: string[] | null;

  @Field(() => [Urgency], { nullable: true })
  urgencies?: Urgency[] | null;

  @Field(() => [DocumentStatus], { nullable: true, description: 'Outgoing register only.' })
  statuses?: DocumentStatus[] | null;

  @Field(() => [RecipientStatus], { nullable: true, description: 'Incoming register only.' })
  recipientStatuses?: RecipientStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Created (outgoing) or delivered (incoming) at or after.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Past the due date and not finished (by every recipient, for outgoing).' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Late against the document’s own deadline: issued late or still unissued past issueDueAt (outgoing); acknowledged late or still unacknowledged past acknowledgeDueAt (incoming).' })
  late?: boolean | null;
}

@ObjectType('DocumentDeadlineCounts', { description: 'An agency’s documents against their own deadlines (Decree 30/2020/NĐ-CP): issue after signing, acknowledgement on arrival.' })
export class DocumentDeadlineCountsType {
  @Field(() => Int, { description: 'Documents it signed that carry an issue deadline.' })
  outgoingTracked!: number;

  @Field(() => Int, { description: 'Of those, signed and not issued yet.' })
  outgoingAwaitingIssue!: number;

  @Field(() => Int, { description: 'Of those, issued late or still unissued past the deadline (OfficialDocument.issueLate).' })
  outgoingLate!: number;

  @Field(() => Int, { description: 'Documents delivered to it that carry an acknowledgement deadline.' })
  incomingTracked!: number;

  @Field(() => Int, { description: 'Of those, not acknowledged yet.' })
  incomingAwaitingAcknowledgement!: number;

  @Field(() => Int, { description: 'Of those, acknowledged late or still unacknowledged past the deadline (DocumentRecipient.acknowledgeLate).' })
  incomingLate!: number;
}

@ObjectType()
export class DocumentPayload {
  @Field(() => OfficialDocumentType, { nullable: true, description: 'Null only if the caller may no longer read it.' })
  document!: DocumentView | null;
}

export const DocumentResult = createUnionType({
  name: 'DocumentResult',
  types: () => [DocumentPayload, ValidationFailed, DocumentNotFound, AgencyNotFound, DossierNotFound, TransitionNotAllowed, VersionConflict, NotAuthorized, NotARecipient, DuplicateDocumentNumber, MalformedPackage, Busy] as const,
});

@ObjectType('DocumentChange', { description: 'A committed change of a document, for its sender and recipients.' })
export class DocumentChangeType {
  @Field(() => ID)
  eventId!: string;

  @Field({ description: 'DocumentIssued, DocumentRecipientStatusChanged, DocumentRecalled, DocumentUpdated, DocumentReplaced.' })
  type!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The recipient unit whose status changed.' })
  recipientAgencyCode!: string | null;

  @Field(() => RecipientStatus, { nullable: true })
  recipientStatus!: RecipientStatus | null;

  @Field(() => OfficialDocumentType)
  document!: DocumentView;
}

export type { RecipientView };
