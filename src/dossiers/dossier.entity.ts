import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OptionalProps,
  PrimaryKey,
  Property,
  Rel,
  Unique,
} from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { lookupSecret, uuidv7 } from '../db/ids';
import { AdminUnit } from '../org/admin-unit.entity';
import { Agency } from '../org/agency.entity';
import { Procedure } from '../procedures/procedure.entity';
import { ApplicantKind } from '../procedures/procedure.types';
import { NationalStatus } from './national-status';

export enum Channel {
  ONLINE = 'ONLINE',
  COUNTER = 'COUNTER',
  POST = 'POST',
}

/** A dossier (hồ sơ thủ tục hành chính). State changes go through the workflow service only. */
@Entity({ tableName: 'dossier' })
@Check({ name: 'dossier_national_status_check', expression: '(national_status >= 1) AND (national_status <= 10)' })
@Check({ name: 'dossier_version_check', expression: 'version >= 1' })
@Index({ name: 'dossier_submitted_idx', properties: ['submittedAt', 'id'] })
@Index({ name: 'dossier_holding_submitted_idx', properties: ['holdingAgency', 'submittedAt', 'id'] })
@Index({ name: 'dossier_applicant_account_idx', properties: ['applicantAccount', 'submittedAt'] })
@Index({
  name: 'dossier_open_holding_idx',
  properties: ['holdingAgency', 'nationalStatus'],
  expression: 'create index "dossier_open_holding_idx" on "dossier" ("holding_agency_id", "national_status") where "national_status" in (1, 2, 4, 5, 6, 9)',
})
@Index({
  name: 'dossier_open_assignee_idx',
  properties: ['assignee'],
  expression: 'create index "dossier_open_assignee_idx" on "dossier" ("assignee_id") where "finished_at" is null and "closed_at" is null',
})
export class Dossier {
  [OptionalProps]?:
    | 'id'
    | 'version'
    | 'assignee'
    | 'receivedAt'
    | 'dueAt'
    | 'originalDueAt'
    | 'finishedAt'
    | 'returnedAt'
    | 'closedAt'
    | 'pausedAt'
    | 'applicantAccount'
    | 'applicantEmail'
    | 'applicantPhone'
    | 'applicantAddress'
    | 'formData'
    | 'lookupSecret'
    | 'notificationChannels'
    | 'notificationLanguage'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Mã hồ sơ `{agency code}-{yyMMdd}-{NNNN}`. */
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @ManyToOne(() => Procedure)
  procedure!: Rel<Procedure>;

  /** The agency that received the dossier (its code is in the dossier code). */
  @ManyToOne(() => Agency)
  receivingAgency!: Rel<Agency>;

  /** The agency that holds the dossier now (changes on transfer). */
  @ManyToOne(() => Agency)
  holdingAgency!: Rel<Agency>;

  /** The administrative unit the dossier was filed under; kept when units merge. */
  @ManyToOne(() => AdminUnit)
  adminUnit!: Rel<AdminUnit>;

  @Enum({ items: () => ApplicantKind, nativeEnumName: 'applicant_kind' })
  applicantKind!: ApplicantKind;

  @Property({ type: 'text' })
  applicantName!: string;

  /** CCCD (12 digits) for a person, tax code (10 or 13 digits) for an organisation. Personal data. */
  @Property({ type: 'text' })
  @Index()
  applicantIdNumber!: string;

  @Property({ type: 'text', nullable: true })
  applicantEmail?: string | null;

  @Property({ type: 'text', nullable: true })
  applicantPhone?: string | null;

  @Property({ type: 'text', nullable: true })
  applicantAddress?: string | null;

  /** Channels the applicant chose for news of the dossier (`EMAIL`, `SMS`). */
  @Property({ type: 'text[]', default: '{}' })
  notificationChannels: string[] = [];

  /** `vi` or `en`. */
  @Property({ type: 'text', default: 'vi' })
  notificationLanguage: string = 'vi';

  /** Printed on the receipt (Mẫu 01): with the code, lets anyone holding the slip track the dossier. */
  @Property({ type: 'text' })
  lookupSecret: string = lookupSecret();

  /** The citizen account that filed it online, if any. */
  @ManyToOne(() => Account, { nullable: true })
  applicantAccount?: Rel<Account> | null;

  @Enum({ items: () => Channel, nativeEnumName: 'channel' })
  channel!: Channel;

  /** Internal workflow state key. */
  @Property({ type: 'text' })
  state!: string;

  @Property({ type: 'smallint' })
  @Index()
  nationalStatus!: NationalStatus;

  @ManyToOne(() => Account, { nullable: true })
  assignee?: Rel<Account> | null;

  @Property({ type: 'timestamptz' })
  submittedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  receivedAt?: Date | null;

  /** The current appointment date (moved by pauses and apologies). */
  @Property({ type: 'timestamptz', nullable: true })
  @Index()
  dueAt?: Date | null;

  /** The due date before any apology: lateness in statistics is measured against it (late stays late). */
  @Property({ type: 'timestamptz', nullable: true })
  originalDueAt?: Date | null;

  /** Start of the current pause, when the clock is paused. */
  @Property({ type: 'timestamptz', nullable: true })
  pausedAt?: Date | null;

  /** When the result was ready (status 9). */
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  returnedAt?: Date | null;

  /** When the dossier was closed without a result (refused, withdrawn, stopped). */
  @Property({ type: 'timestamptz', nullable: true })
  closedAt?: Date | null;

  /** Structured data of the application form, validated by the procedure's module. */
  @Property({ type: 'json', nullable: true })
  formData?: Record<string, unknown> | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
