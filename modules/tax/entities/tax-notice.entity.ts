import { BigIntType, Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Agency, Dossier, uuidv7 } from '../../../src/kernel';

export enum NoticeStatus {
  NOTIFIED = 'NOTIFIED',
  PAID = 'PAID',
  OVERDUE = 'OVERDUE',
  CANCELLED = 'CANCELLED',
}

/**
 * A notice to pay (thông báo nộp tiền) for one or more obligations. Numbered per issuing agency
 * and calendar year (Decree 30/2020: `Số: 12/TB-…`), the number given at issue from a counter.
 */
@Entity({ tableName: 'tax_notice' })
@Unique({ name: 'tax_notice_number_unique', properties: ['agency', 'year', 'number'] })
@Check({ name: 'tax_notice_amount_check', expression: 'amount_vnd > 0' })
@Check({ name: 'tax_notice_number_check', expression: 'number >= 1' })
@Index({ name: 'tax_notice_dossier_idx', properties: ['dossier'] })
@Index({ name: 'tax_notice_issued_idx', properties: ['agency', 'issuedAt'] })
export class TaxNotice {
  [OptionalProps]?: 'id' | 'version' | 'status' | 'dossier' | 'paidAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  number!: number;

  /** Ký hiệu, e.g. `TB-TLĐ`. */
  @Property({ type: 'text' })
  notation!: string;

  /** The dossier it was issued on; null for a notice on a declaration filed outside a dossier. */
  @ManyToOne(() => Dossier, { nullable: true })
  dossier?: Rel<Dossier> | null;

  /** Whom the notice is addressed to (the first payer). */
  @Property({ type: 'text' })
  payerName!: string;

  /** The sum of its obligations, in đồng. */
  @Property({ type: new BigIntType('number') })
  amountVnd!: number;

  @Property({ type: 'timestamptz' })
  issuedAt!: Date;

  @Property({ type: 'text' })
  issuedByName!: string;

  /** Hạn nộp: the end of the last day to pay. */
  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'text' })
  dueLegalBasis!: string;

  @Enum({ items: () => NoticeStatus, nativeEnumName: 'tax_notice_status' })
  status: NoticeStatus = NoticeStatus.NOTIFIED;

  @Property({ type: 'timestamptz', nullable: true })
  paidAt?: Date | null;

  @Property({ type: 'integer', version: true })
  version!: number;
}
