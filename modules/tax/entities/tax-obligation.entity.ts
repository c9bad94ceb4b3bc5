import { BigIntType, Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Dossier, uuidv7 } from '../../../src/kernel';
import { TaxDeclaration } from './tax-declaration.entity';
import { TaxNotice } from './tax-notice.entity';
import { Taxpayer } from './taxpayer.entity';

export enum ObligationStatus {
  ASSESSED = 'ASSESSED',
  NOTIFIED = 'NOTIFIED',
  PAID = 'PAID',
  OVERDUE = 'OVERDUE',
  CANCELLED = 'CANCELLED',
}

/**
 * An amount a payer owes, as the tax office assessed it: the base, the rate and the legal basis
 * it was computed with are stored, so the record holds even after the rules change.
 */
@Entity({ tableName: 'tax_obligation' })
@Check({ name: 'tax_obligation_amounts_check', expression: '(base_amount_vnd >= 0) AND (amount_vnd >= 0)' })
@Check({ name: 'tax_obligation_rate_check', expression: '(rate >= (0)::numeric) AND (rate < (1)::numeric)' })
@Check({ name: 'tax_obligation_exemption_check', expression: '(exemption_code IS NULL) OR ((amount_vnd = 0) AND (exemption_legal_basis IS NOT NULL))' })
@Index({ name: 'tax_obligation_dossier_idx', properties: ['dossier'] })
@Index({ name: 'tax_obligation_taxpayer_idx', properties: ['taxpayer'] })
@Index({ name: 'tax_obligation_notice_idx', properties: ['notice'] })
export class TaxObligation {
  [OptionalProps]?: 'id' | 'version' | 'dossier' | 'declaration' | 'taxpayer' | 'exemptionCode' | 'exemptionLegalBasis' | 'status' | 'notice' | 'dueAt' | 'note' | 'details';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Dossier, { nullable: true })
  dossier?: Rel<Dossier> | null;

  /** The declaration it was assessed from (a 03/BĐS-TNCN filed outside a dossier). */
  @ManyToOne(() => TaxDeclaration, { nullable: true })
  declaration?: Rel<TaxDeclaration> | null;

  /** The registered taxpayer, when the payer is one (a party to a land transfer may not be). */
  @ManyToOne(() => Taxpayer, { nullable: true })
  taxpayer?: Rel<Taxpayer> | null;

  @Property({ type: 'text' })
  payerName!: string;

  /** CCCD or tax code of the payer. Personal data. */
  @Property({ type: 'text' })
  payerIdNumber!: string;

  /** See OBLIGATION_KINDS in rules/rates.ts: kinds are data. */
  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: new BigIntType('number') })
  baseAmountVnd!: number;

  /** The rate applied, e.g. 0.020000. */
  @Property({ type: 'decimal', precision: 9, scale: 6 })
  rate!: string;

  @Property({ type: new BigIntType('number') })
  amountVnd!: number;

  @Property({ type: 'text', nullable: true })
  exemptionCode?: string | null;

  @Property({ type: 'text', nullable: true })
  exemptionLegalBasis?: string | null;

  @Property({ type: 'text' })
  legalBasis!: string;

  /** How the base was found (parcels, table price, declared price), for the notice and audits. */
  @Property({ type: 'jsonb', default: '{}' })
  details: Record<string, unknown> = {};

  /** Co-payers and other remarks printed on the notice. */
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Enum({ items: () => ObligationStatus, nativeEnumName: 'tax_obligation_status' })
  status: ObligationStatus = ObligationStatus.ASSESSED;

  @ManyToOne(() => TaxNotice, { nullable: true })
  notice?: Rel<TaxNotice> | null;

  @Property({ type: 'timestamptz', nullable: true })
  dueAt?: Date | null;

  @Property({ type: 'timestamptz' })
  assessedAt!: Date;

  @Property({ type: 'text' })
  assessedByName!: string;

  @Property({ type: 'integer', version: true })
  version!: number;
}
