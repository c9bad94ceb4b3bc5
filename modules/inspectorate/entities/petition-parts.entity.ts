import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, uuidv7 } from '../../../src/kernel';
import { CaseComplexity, Petition } from './petition.entity';

/** An inspector assigned to a petition; removal keeps the row (who had access, and until when). */
@Entity({ tableName: 'inspectorate_petition_inspector' })
@Unique({ name: 'inspectorate_petition_inspector_unique', properties: ['petition', 'account'] })
@Index({ name: 'inspectorate_petition_inspector_account_idx', properties: ['account'] })
export class PetitionInspector {
  [OptionalProps]?: 'id' | 'removedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Petition, { deleteRule: 'cascade' })
  petition!: Rel<Petition>;

  @ManyToOne(() => Account)
  account!: Rel<Account>;

  @Property({ type: 'text' })
  accountName!: string;

  @Property({ type: 'timestamptz' })
  assignedAt!: Date;

  @Property({ type: 'text' })
  assignedByName!: string;

  /** Null while assigned. */
  @Property({ type: 'timestamptz', nullable: true })
  removedAt?: Date | null;
}

/** A lawful extension of a petition's time limit (gia hạn), decided by the head in writing. */
@Entity({ tableName: 'inspectorate_petition_extension' })
@Check({ name: 'inspectorate_petition_extension_days_check', expression: 'days >= 1' })
@Index({ name: 'inspectorate_petition_extension_petition_idx', properties: ['petition', 'at'] })
export class PetitionExtension {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Petition, { deleteRule: 'cascade' })
  petition!: Rel<Petition>;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @ManyToOne(() => Account)
  by!: Rel<Account>;

  @Property({ type: 'text' })
  byName!: string;

  @Property({ type: 'text' })
  reason!: string;

  /** Calendar days added. */
  @Property({ type: 'smallint' })
  days!: number;

  @Enum({ items: () => CaseComplexity, nativeEnumName: 'inspectorate_case_complexity' })
  complexity!: CaseComplexity;

  @Property({ type: 'timestamptz' })
  previousDueAt!: Date;

  @Property({ type: 'timestamptz' })
  newDueAt!: Date;
}

/** One step of a petition's handling; rows are only ever inserted (a trigger refuses the rest). */
@Entity({ tableName: 'inspectorate_petition_history' })
@Index({ name: 'inspectorate_petition_history_petition_idx', properties: ['petition', 'at', 'id'] })
export class PetitionHistory {
  [OptionalProps]?: 'id' | 'actor' | 'note' | 'fromStatus';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Petition, { deleteRule: 'no action' })
  petition!: Rel<Petition>;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @ManyToOne(() => Account, { nullable: true })
  actor?: Rel<Account> | null;

  @Property({ type: 'text' })
  actorName!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  fromStatus?: string | null;

  @Property({ type: 'text' })
  toStatus!: string;

  /** The officer's note; never filled with the petitioner's identity by the code. */
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** The last petition number given per calendar year. */
@Entity({ tableName: 'inspectorate_petition_counter' })
export class PetitionCounter {
  @PrimaryKey({ type: 'smallint', autoincrement: false })
  year!: number;

  @Property({ type: 'integer' })
  last!: number;
}

/** Module settings kept in the database; `petitioner-key` is the HMAC key of `Petition.petitionerKey`. */
@Entity({ tableName: 'inspectorate_setting' })
export class InspectorateSetting {
  @PrimaryKey({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  value!: string;
}
