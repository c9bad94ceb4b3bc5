import { Field, ID, InputType, Int } from 'type-graphql';
import { FileInput } from '../dossiers/dossier.inputs';
import { RecipientStatus, Secrecy, Urgency } from './document.types';

@InputType({ description: 'A recipient unit; for a secret document, the officers there who may read it.' })
export class DocumentRecipientInput {
  @Field({ description: 'Electronic code of the recipient agency (000.00.00.X00).' })
  agencyCode!: string;

  @Field(() => [ID], { nullable: true, description: 'Named handlers in that unit (required for secret documents).' })
  handlerIds?: string[] | null;
}

@InputType()
export class DraftDocumentInput {
  @Field({ description: 'The issuing agency (the caller must work there).' })
  issuerCode!: string;

  @Field({ description: 'Kind abbreviation: NQ, QĐ, CT, QC, QyĐ, TB, HD, CTr, KH, PA, BC, BB, TTr, CV, GM, GUQ, GGT.' })
  typeCode!: string;

  @Field(() => String, { nullable: true, description: 'Ký hiệu; default `<kind>-<issuer>` (a công văn: the issuer only).' })
  notation?: string | null;

  @Field({ description: 'Trích yếu, at most 500 characters.' })
  subject!: string;

  @Field(() => Int)
  pageCount!: number;

  @Field(() => String, { nullable: true, description: 'Địa danh; default Lâm Đồng.' })
  place?: string | null;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field(() => Secrecy, { nullable: true })
  secrecy?: Secrecy | null;

  @Field(() => Date, { nullable: true, description: 'Hạn xử lý asked of the recipients.' })
  dueAt?: Date | null;

  @Field(() => [DocumentRecipientInput])
  recipients!: DocumentRecipientInput[];

  @Field(() => [ID], { nullable: true, description: 'Secret documents: further readers in the issuing unit (the drafter, approver and signer always are).' })
  handlerIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The dossier whose result this document is.' })
  dossierId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An issued document of the same issuer that this one replaces when issued.' })
  replacesId?: string | null;

  @Field(() => [FileInput], { nullable: true })
  files?: FileInput[] | null;
}

@InputType()
export class UpdateDocumentInput {
  @Field(() => ID)
  documentId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field({ description: 'Why: recipients see it in the trace.' })
  note!: string;
}

@InputType()
class RecipientStepInput {
  @Field(() => ID)
  documentId!: string;

  @Field(() => Int, { description: 'The version of the recipient entry you saw (IncomingDocument.version).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'The recipient unit, when you work for several.' })
  agencyCode?: string | null;
}

@InputType()
export class AcknowledgeDocumentInput extends RecipientStepInput {
  @Field({ description: 'true accepts (and gives the arrival number); false rejects.' })
  accept!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when rejecting.' })
  reason?: string | null;
}

@InputType()
export class AssignDocumentInput extends RecipientStepInput {
  @Field(() => ID)
  assigneeId!: string;

  @Field(() => Date, { nullable: true, description: 'Default: the sender’s due date.' })
  dueAt?: Date | null;
}

@InputType()
export class ReportDocumentInput extends RecipientStepInput {
  @Field(() => RecipientStatus, { description: 'PROCESSING (progress), DONE or FAIL.' })
  status!: RecipientStatus;

  @Field(() => String, { nullable: true, description: 'Required for FAIL.' })
  note?: string | null;
}
