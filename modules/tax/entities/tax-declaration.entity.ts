import { BigIntType, Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Dossier, uuidv7 } from '../../../src/kernel';
import { Taxpayer } from './taxpayer.entity';

export enum PeriodKind {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  /** Declared per occurrence (khai theo từng lần phát sinh), e.g. a real estate transfer. */
  EVENT = 'EVENT',
}

export enum DeclarationStatus {
  FILED = 'FILED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}

/**
 * A tax declaration (tờ khai thuế) filed by a taxpayer. An original declaration for a taxpayer,
 * form and period exists at most once unless rejected; corrections are supplementary
 * declarations (tờ khai bổ sung), which may be many.
 */
@Entity({ tableName: 'tax_declaration' })
@Check({ name: 'tax_declaration_amounts_check', expression: '(taxable_amount_vnd >= 0) AND (tax_amount_vnd >= 0)' })
@Check({ name: 'tax_declaration_period_check', expression: 'period_end >= period_start' })
@Check({ name: 'tax_declaration_reason_check', expression: `(status <> 'REJECTED'::tax_declaration_status) OR (reason IS NOT NULL)` })
@Index({ name: 'tax_declaration_taxpayer_filed_idx', properties: ['taxpayer', 'filedAt', 'id'] })
@Index({
  name: 'tax_declaration_original_unique',
  expression: `create unique index "tax_declaration_original_unique" on "tax_declaration" ("taxpayer_id", "form_code", "period_start", "period_end") where (NOT supplementary) AND (status <> 'REJECTED'::tax_declaration_status)`,
})
export class TaxDeclaration {
  [OptionalProps]?: 'id' | 'version' | 'supplementary' | 'status' | 'reason' | 'decidedAt' | 'decidedByName' | 'dossier';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Taxpayer)
  taxpayer!: Rel<Taxpayer>;

  /** Mẫu số, e.g. `01/GTGT` (see DECLARATION_FORMS). */
  @Property({ type: 'text' })
  formCode!: string;

  @Enum({ items: () => PeriodKind, nativeEnumName: 'tax_period_kind' })
  periodKind!: PeriodKind;

  @Property({ type: 'date' })
  periodStart!: string;

  @Property({ type: 'date' })
  periodEnd!: string;

  /** Integer đồng. */
  @Property({ type: new BigIntType('number') })
  taxableAmountVnd!: number;

  @Property({ type: new BigIntType('number') })
  taxAmountVnd!: number;

  @Property({ type: 'boolean', default: false })
  supplementary: boolean = false;

  @Enum({ items: () => DeclarationStatus, nativeEnumName: 'tax_declaration_status' })
  status: DeclarationStatus = DeclarationStatus.FILED;

  /** Why it was rejected (or a note on acceptance). */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'timestamptz' })
  filedAt!: Date;

  @Property({ type: 'text' })
  filedByName!: string;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  decidedByName?: string | null;

  @ManyToOne(() => Dossier, { nullable: true })
  dossier?: Rel<Dossier> | null;

  @Property({ type: 'integer', version: true })
  version!: number;
}
