import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, Agency, uuidv7 } from '../../../src/kernel';
import { ReceptionSession } from './reception-session.entity';

/** Phân loại đơn (Circular 05/2021/TT-TTCP): what the petition asks for decides the law that governs it. */
export enum PetitionClassification {
  /** Khiếu nại: Law on Complaints 02/2011/QH13. */
  COMPLAINT = 'COMPLAINT',
  /** Tố cáo: Law on Denunciations 25/2018/QH14; the denouncer's identity is confidential. */
  DENUNCIATION = 'DENUNCIATION',
  /** Kiến nghị. */
  RECOMMENDATION = 'RECOMMENDATION',
  /** Phản ánh. */
  REFLECTION = 'REFLECTION',
}

/**
 * Where a petition stands. RECEIVED → ELIGIBILITY_CHECK → ACCEPTED (thụ lý) | TRANSFERRED | REFUSED;
 * ACCEPTED → VERIFYING → CONCLUDED → DECIDED; WITHDRAWN from any open state. An anonymous letter
 * is RECORDED_ANONYMOUS and goes no further (Law on Denunciations art. 25).
 */
export enum PetitionStatus {
  RECEIVED = 'RECEIVED',
  ELIGIBILITY_CHECK = 'ELIGIBILITY_CHECK',
  ACCEPTED = 'ACCEPTED',
  TRANSFERRED = 'TRANSFERRED',
  REFUSED = 'REFUSED',
  VERIFYING = 'VERIFYING',
  CONCLUDED = 'CONCLUDED',
  DECIDED = 'DECIDED',
  WITHDRAWN = 'WITHDRAWN',
  RECORDED_ANONYMOUS = 'RECORDED_ANONYMOUS',
}

/** How the petition reached the inspectorate. */
export enum PetitionChannel {
  /** Handed in or stated in person at a citizen reception (tiếp công dân). */
  IN_PERSON = 'IN_PERSON',
  POST = 'POST',
  ONLINE = 'ONLINE',
  /** Forwarded by another body (đơn chuyển đến). */
  TRANSFERRED_IN = 'TRANSFERRED_IN',
}

/** How complex the case is, as the head decides when extending its time limit. */
export enum CaseComplexity {
  NORMAL = 'NORMAL',
  COMPLEX = 'COMPLEX',
  ESPECIALLY_COMPLEX = 'ESPECIALLY_COMPLEX',
}

/**
 * A petition (đơn thư) received by the inspectorate. Deliberately not a kernel dossier: a dossier
 * shows its applicant to every officer of the holding agency, and a denouncer's identity must not
 * be shown at all. The petitioner's identity lives in {@link PetitionerIdentity}; this row only
 * carries a keyed hash of it (`petitionerKey`) for duplicate detection.
 */
@Entity({ tableName: 'inspectorate_petition' })
@Unique({ name: 'inspectorate_petition_number_unique', properties: ['year', 'number'] })
@Check({ name: 'inspectorate_petition_subject_check', expression: '(char_length(subject) >= 1) AND (char_length(subject) <= 10000)' })
@Check({ name: 'inspectorate_petition_number_check', expression: 'number >= 1' })
@Check({ name: 'inspectorate_petition_anonymous_check', expression: '((NOT anonymous) OR (petitioner_key IS NULL))' })
@Index({ name: 'inspectorate_petition_list_idx', properties: ['agency', 'receivedAt', 'id'] })
@Index({ name: 'inspectorate_petition_petitioner_idx', properties: ['petitionerKey'] })
@Check({ name: 'inspectorate_petition_instance_check', expression: "((instance = 1) AND (first_petition_id IS NULL)) OR ((instance = 2) AND (first_petition_id IS NOT NULL) AND (classification = 'COMPLAINT'))" })
@Check({ name: 'inspectorate_petition_obstacle_check', expression: '(obstacle_days >= 0) AND ((obstacle_days = 0) = (obstacle_reason IS NULL))' })
export class Petition {
  [OptionalProps]?:
    | 'id'
    | 'version'
    | 'respondent'
    | 'respondentFolded'
    | 'transferredFrom'
    | 'receptionSession'
    | 'remote'
    | 'complexity'
    | 'eligibilityDueAt'
    | 'acceptedAt'
    | 'dueAt'
    | 'originalDueAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'transferredToName'
    | 'refusalReason'
    | 'conclusion'
    | 'decisionNumber'
    | 'decisionDate'
    | 'withdrawalReason'
    | 'duplicateOf'
    | 'petitionerKey'
    | 'instance'
    | 'firstPetition'
    | 'timeBarStartsOn'
    | 'timeBarLastDay'
    | 'obstacleDays'
    | 'obstacleReason'
    | 'eligibilityExtended'
    | 'forwardDueAt'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** `TT-2026-000123`: per calendar year of reception (Vietnam time), never repeated. */
  @Property({ type: 'text' })
  @Unique({ name: 'inspectorate_petition_code_unique' })
  code!: string;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  number!: number;

  /** SHA-256 of `code:secret`; the secret itself is shown once, on the receipt. */
  @Property({ type: 'text', hidden: true })
  lookupSecretHash!: string;

  /** The inspectorate handling it. */
  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Enum({ items: () => PetitionClassification, nativeEnumName: 'inspectorate_petition_classification' })
  classification!: PetitionClassification;

  @Property({ type: 'boolean' })
  anonymous!: boolean;

  /** Nội dung đơn. */
  @Property({ type: 'text' })
  subject!: string;

  /** The subject folded (no diacritics, lower case, words only), for duplicate detection. */
  @Property({ type: 'text' })
  subjectFolded!: string;

  /** The person or body complained about or denounced (người/cơ quan bị khiếu nại, bị tố cáo). */
  @Property({ type: 'text', nullable: true })
  respondent?: string | null;

  @Property({ type: 'text', nullable: true })
  respondentFolded?: string | null;

  @Property({ type: 'timestamptz' })
  receivedAt!: Date;

  @Enum({ items: () => PetitionChannel, nativeEnumName: 'inspectorate_petition_channel' })
  channel!: PetitionChannel;

  /** The body that forwarded it (channel TRANSFERRED_IN). */
  @Property({ type: 'text', nullable: true })
  transferredFrom?: string | null;

  @ManyToOne(() => ReceptionSession, { nullable: true, index: true })
  receptionSession?: Rel<ReceptionSession> | null;

  @ManyToOne(() => Account)
  receivedBy!: Rel<Account>;

  @Property({ type: 'text' })
  receivedByName!: string;

  @Enum({ items: () => PetitionStatus, nativeEnumName: 'inspectorate_petition_status' })
  status!: PetitionStatus;

  /** Vùng sâu, vùng xa đi lại khó khăn: longer time limits for complaints (Law on Complaints art. 28). */
  @Property({ type: 'boolean' })
  remote: boolean = false;

  @Enum({ items: () => CaseComplexity, nativeEnumName: 'inspectorate_case_complexity' })
  complexity: CaseComplexity = CaseComplexity.NORMAL;

  /** By when the acceptance (thụ lý), transfer or refusal must be decided. */
  @Property({ type: 'timestamptz', nullable: true })
  eligibilityDueAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt?: Date | null;

  /** Time limit for the resolution, extensions included. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  /** Time limit set at acceptance, before any extension. */
  @Property({ type: 'timestamptz', nullable: true })
  originalDueAt?: Date | null;

  /** When the petition was resolved (the status its classification's rule names); compared with `dueAt`. */
  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  /** When it reached a final status. */
  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  /** The competent body it was transferred to. */
  @Property({ type: 'text', nullable: true })
  transferredToName?: string | null;

  @Property({ type: 'text', nullable: true })
  refusalReason?: string | null;

  /** Kết luận (nội dung tố cáo, xác minh). */
  @Property({ type: 'text', nullable: true })
  conclusion?: string | null;

  /** Số quyết định, e.g. `125/QĐ-TTr`. */
  @Property({ type: 'text', nullable: true })
  decisionNumber?: string | null;

  @Property({ type: 'date', nullable: true })
  decisionDate?: string | null;

  @Property({ type: 'text', nullable: true })
  withdrawalReason?: string | null;

  /** An open petition of the same petitioner, about the same matter, received earlier (đơn trùng). */
  @ManyToOne(() => Petition, { nullable: true })
  duplicateOf?: Rel<Petition> | null;

  /**
   * HMAC of the petitioner's identity number (or folded name and address): lets duplicates be
   * found without reading the protected table, and cannot be reversed by hashing every CCCD.
   */
  @Property({ type: 'text', nullable: true, hidden: true })
  petitionerKey?: string | null;

  /** 1: a first complaint (or any other petition); 2: a second complaint (khiếu nại lần hai, Law on Complaints art. 33). */
  @Property({ type: 'smallint' })
  instance: number = 1;

  /** The first complaint a second complaint is about (in the lower body). */
  @ManyToOne(() => Petition, { nullable: true, index: 'inspectorate_petition_first_petition_idx' })
  firstPetition?: Rel<Petition> | null;

  /**
   * Complaints: the day the filing period runs from (the complainant received or learned of the
   * decision or act, Law on Complaints art. 9; for a second complaint art. 33).
   */
  @Property({ type: 'date', nullable: true })
  timeBarStartsOn?: string | null;

  /** Complaints: the last day to file, objective obstacles included (rules/time-bars.ts). */
  @Property({ type: 'date', nullable: true })
  timeBarLastDay?: string | null;

  /** Days of an objective obstacle (trở ngại khách quan) not counted in the time bar (art. 9). */
  @Property({ type: 'smallint' })
  obstacleDays: number = 0;

  @Property({ type: 'text', nullable: true })
  obstacleReason?: string | null;

  /** Denunciations: the acceptance check was extended because checks are needed in several places (Law on Denunciations art. 24(1)). */
  @Property({ type: 'boolean' })
  eligibilityExtended: boolean = false;

  /** Denunciations: by when one outside the agency's competence must be forwarded (art. 24, 5 working days). */
  @Property({ type: 'timestamptz', nullable: true })
  forwardDueAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  /** Set by every change, so that every change bumps `version` (even one that only touches related rows). */
  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
