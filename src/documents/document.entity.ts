import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { uuidv7 } from '../db/ids';
import { Dossier } from '../dossiers/dossier.entity';
import { Agency } from '../org/agency.entity';
import { StoredFile } from './stored-file.entity';
import { DocumentStatus, RecipientStatus, Secrecy, Urgency } from './document.types';

/**
 * An official document (văn bản) of an issuing body, with the metadata of Decree 30/2020
 * Appendix VI. Its number is given at issue, per body, calendar year and series (secret
 * documents have their own), so number + symbol is unique in a year.
 */
@Entity({ tableName: 'official_document' })
@Unique({ name: 'official_document_number_unique', properties: ['issuer', 'year', 'secret', 'number', 'notation'] })
@Unique({ name: 'official_document_external_number_unique', properties: ['externalIssuerCode', 'year', 'number', 'notation'] })
@Check({ name: 'official_document_issuer_check', expression: '((issuer_id IS NULL) <> (external_issuer_code IS NULL))' })
@Check({ name: 'official_document_subject_check', expression: '(char_length(subject) >= 1) AND (char_length(subject) <= 500)' })
@Check({ name: 'official_document_page_count_check', expression: 'page_count >= 1' })
@Index({ name: 'official_document_outgoing_idx', properties: ['issuer', 'createdAt', 'id'] })
@Index({
  name: 'official_document_subject_search_idx',
  properties: ['subjectFolded'],
  expression: `create index "official_document_subject_search_idx" on "official_document" using gin (to_tsvector('simple', "subject_folded"))`,
})
export class OfficialDocument {
  [OptionalProps]?: 'id' | 'version' | 'language' | 'number' | 'year' | 'issuedAt' | 'approvedBy' | 'signedBy' | 'signerName' | 'signerPosition' | 'dueAt' | 'replaces' | 'dossier' | 'createdAt' | 'recalledAt' | 'origin' | 'issuer' | 'externalIssuerCode' | 'externalIssuerName' | 'signedAt' | 'issueDueAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The issuing OneDoor agency; null for a document received from outside (see `externalIssuerCode`). */
  @ManyToOne(() => Agency, { nullable: true })
  issuer?: Rel<Agency> | null;

  /** The sender outside OneDoor (QCVN 102 organ code) of an imported document. */
  @Property({ type: 'text', nullable: true })
  externalIssuerCode?: string | null;

  @Property({ type: 'text', nullable: true })
  externalIssuerName?: string | null;

  /** Calendar year of issue (Vietnam time); set with the number. */
  @Property({ type: 'smallint', nullable: true })
  year?: number | null;

  @Property({ type: 'integer', nullable: true })
  number?: number | null;

  /** Ký hiệu, e.g. `QĐ-UBND`. */
  @Property({ type: 'text' })
  notation!: string;

  /** Abbreviation of the kind (`QĐ`, `CV` …), see DOCUMENT_TYPES. */
  @Property({ type: 'text' })
  typeCode!: string;

  /** Trích yếu. */
  @Property({ type: 'text' })
  subject!: string;

  /** The subject lower-cased without diacritics, for full-text search. */
  @Property({ type: 'text' })
  subjectFolded!: string;

  @Property({ type: 'text' })
  language: string = 'vi';

  @Property({ type: 'smallint' })
  pageCount!: number;

  /** Địa danh (place of issue), printed before the date. */
  @Property({ type: 'text' })
  place!: string;

  @Enum({ items: () => Urgency, nativeEnumName: 'document_urgency' })
  urgency!: Urgency;

  @Enum({ items: () => Secrecy, nativeEnumName: 'document_secrecy' })
  secrecy!: Secrecy;

  /** Numbered in the secret series. */
  @Property({ type: 'boolean' })
  secret!: boolean;

  @Enum({ items: () => DocumentStatus, nativeEnumName: 'document_status' })
  status!: DocumentStatus;

  /** Hạn xử lý asked of the recipients. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  @ManyToOne(() => Account)
  draftedBy!: Rel<Account>;

  @ManyToOne(() => Account, { nullable: true })
  approvedBy?: Rel<Account> | null;

  @ManyToOne(() => Account, { nullable: true })
  signedBy?: Rel<Account> | null;

  @Property({ type: 'text', nullable: true })
  signerPosition?: string | null;

  @Property({ type: 'text', nullable: true })
  signerName?: string | null;

  /** When the leader signed it: starts the issue deadline. */
  @Property({ type: 'timestamptz', nullable: true })
  signedAt?: Date | null;

  /** When it must be issued: the same or the next working day after signing (`document-deadlines.ts`). */
  @Property({ type: 'timestamptz', nullable: true })
  issueDueAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  issuedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  recalledAt?: Date | null;

  /** The document this one replaces (it becomes REPLACED when this one is issued). */
  @ManyToOne(() => OfficialDocument, { nullable: true })
  replaces?: Rel<OfficialDocument> | null;

  /** The dossier whose result this document is (a decision, a certificate). */
  @ManyToOne(() => Dossier, { nullable: true, index: true })
  dossier?: Rel<Dossier> | null;

  /** `ONEDOOR`, or `EDXML` for a package imported from a unit outside OneDoor. */
  @Property({ type: 'text' })
  origin: string = 'ONEDOOR';

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** One recipient unit of an issued document: its inbox entry and its status on the axis. */
@Entity({ tableName: 'document_recipient' })
@Unique({ name: 'document_recipient_unique', properties: ['document', 'agency'] })
@Index({ name: 'document_recipient_incoming_idx', properties: ['agency', 'deliveredAt', 'id'] })
export class DocumentRecipient {
  [OptionalProps]?: 'id' | 'version' | 'deliveredAt' | 'arrivalNumber' | 'arrivalYear' | 'acknowledgedAt' | 'acknowledgeDueAt' | 'assignee' | 'handlingDueAt' | 'finishedAt' | 'note';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => OfficialDocument)
  document!: Rel<OfficialDocument>;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Enum({ items: () => RecipientStatus, nativeEnumName: 'document_recipient_status' })
  status!: RecipientStatus;

  /** Null while the document is a draft: the recipient is only planned. */
  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  acknowledgedAt?: Date | null;

  /** When the unit must acknowledge it (accept with an arrival number, or reject): the working day it arrived (`document-deadlines.ts`). */
  @Property({ type: 'timestamptz', nullable: true })
  acknowledgeDueAt?: Date | null;

  /** Số đến: per recipient unit and year, given when the unit accepts the document. */
  @Property({ type: 'integer', nullable: true })
  arrivalNumber?: number | null;

  @Property({ type: 'smallint', nullable: true })
  arrivalYear?: number | null;

  @ManyToOne(() => Account, { nullable: true })
  assignee?: Rel<Account> | null;

  @Property({ type: 'timestamptz', nullable: true })
  handlingDueAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  /** The last reason or report (rejection, failure, progress). */
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'integer', version: true })
  version!: number;
}

/** Who may read a secret document: named per unit (the issuer's drafter, approver and signer, each recipient's handlers). */
@Entity({ tableName: 'document_handler' })
@Unique({ name: 'document_handler_unique', properties: ['document', 'account'] })
export class DocumentHandler {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => OfficialDocument)
  document!: Rel<OfficialDocument>;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @ManyToOne(() => Account, { index: true })
  account!: Rel<Account>;
}

/** The trace of a document: every step at the sender and at each recipient, append-only. */
@Entity({ tableName: 'document_trace' })
@Index({ name: 'document_trace_document_idx', properties: ['document', 'at'] })
export class DocumentTrace {
  [OptionalProps]?: 'id' | 'recipient' | 'actor' | 'note' | 'fromStatus' | 'toStatus';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => OfficialDocument)
  document!: Rel<OfficialDocument>;

  /** The recipient unit the step concerns; null for the sender's own steps. */
  @ManyToOne(() => Agency, { nullable: true })
  recipient?: Rel<Agency> | null;

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @ManyToOne(() => Account, { nullable: true })
  actor?: Rel<Account> | null;

  @Property({ type: 'text' })
  actorName!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  fromStatus?: string | null;

  @Property({ type: 'text', nullable: true })
  toStatus?: string | null;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'timestamptz' })
  at!: Date;
}

/** A file of a document (the signed text, annexes), content-addressed. */
@Entity({ tableName: 'document_file' })
export class DocumentFile {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => OfficialDocument, { index: true })
  document!: Rel<OfficialDocument>;

  @ManyToOne(() => StoredFile)
  file!: Rel<StoredFile>;

  @Property({ type: 'text' })
  name!: string;
}

/** The last number given per issuing body, year and series; and the last arrival number per unit and year (series `ARRIVAL`). */
@Entity({ tableName: 'document_counter' })
export class DocumentCounter {
  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'smallint' })
  year!: number;

  /** `REGULAR`, `SECRET` or `ARRIVAL`. */
  @PrimaryKey({ type: 'text' })
  series!: string;

  @Property({ type: 'integer' })
  last!: number;
}
