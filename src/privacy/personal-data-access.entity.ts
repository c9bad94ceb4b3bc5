import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account } from '../auth/account.entity';
import { Agency } from '../org/agency.entity';

/**
 * One read of a person's unmasked personal data by someone else: who read it, whose, which
 * record and fields, when, and through which operation. The person reads their own rows
 * (`myDataAccessLog`), the leader of the reader's agency reads the agency's (`dataAccessLog`).
 *
 * Legal basis: Decree 13/2023/NĐ-CP on personal data protection, Art. 9 (the data subject's
 * right to be informed of the processing of their data) and Art. 27 (the controller records
 * processing) — verify the article numbers against the promulgated text.
 *
 * Append-only: a trigger refuses updates and deletes (migration `…PersonalDataAccess`).
 */
@Entity({ tableName: 'personal_data_access' })
@Index({ name: 'personal_data_access_subject_idx', properties: ['subjectIdNumber', 'at', 'id'] })
@Index({ name: 'personal_data_access_agency_idx', properties: ['agency', 'at', 'id'] })
export class PersonalDataAccess {
  [OptionalProps]?: 'id' | 'account' | 'agency' | 'recordLabel';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz' })
  at!: Date;

  /** The reader's local account (null for a reader known to an external identity provider only). */
  @ManyToOne(() => Account, { nullable: true, index: true })
  account?: Rel<Account> | null;

  /** The reader's name as it was at the time of the read. */
  @Property({ type: 'text' })
  accountName!: string;

  /** The reader's agency the read is accounted to; its leader reads the row. */
  @ManyToOne(() => Agency, { nullable: true })
  agency?: Rel<Agency> | null;

  /** The person whose data was read: their identity number (CCCD). */
  @Property({ type: 'text' })
  subjectIdNumber!: string;

  /** What kind of record (`dossier`, `tax-taxpayer`, `education-guardian`, `land-holder` …): module-defined keys. */
  @Property({ type: 'text' })
  recordType!: string;

  @Property({ type: 'text' })
  recordId!: string;

  /** How the person recognises the record (a dossier code, a tax code, a pupil's code): nothing more personal than needed. */
  @Property({ type: 'text', nullable: true })
  recordLabel?: string | null;

  /** Personal fields returned, e.g. `phone`, `address`. */
  @Property({ type: 'text[]' })
  fields!: string[];

  /** The operation and where in it, e.g. `query TaxpayerFile › taxpayer`, or an action's name. */
  @Property({ type: 'text' })
  purpose!: string;
}
