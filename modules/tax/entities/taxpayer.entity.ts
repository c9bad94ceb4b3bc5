import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, Agency, Dossier, uuidv7 } from '../../../src/kernel';

export enum TaxpayerKind {
  /** Tổ chức: a 10-digit tax code with its check digit. */
  ORGANIZATION = 'ORGANIZATION',
  /** Đơn vị phụ thuộc: the parent's code and a `-NNN` suffix. */
  BRANCH = 'BRANCH',
  /** Cá nhân: since 1 July 2025 the 12-digit personal identification number (CCCD) is the tax code. */
  INDIVIDUAL = 'INDIVIDUAL',
}

export enum TaxpayerStatus {
  ACTIVE = 'ACTIVE',
  /** Tạm ngừng kinh doanh. */
  SUSPENDED = 'SUSPENDED',
  /** Chấm dứt hiệu lực mã số thuế. */
  CLOSED = 'CLOSED',
}

/** A taxpayer (người nộp thuế) managed by a tax agency of the province. */
@Entity({ tableName: 'tax_taxpayer' })
@Check({ name: 'tax_taxpayer_parent_check', expression: `((kind = 'BRANCH'::tax_taxpayer_kind) = (parent_id IS NOT NULL))` })
@Check({ name: 'tax_taxpayer_tax_code_check', expression: `(tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'::text) OR (tax_code ~ '^[0-9]{12}$'::text)` })
@Index({ name: 'tax_taxpayer_parent_idx', properties: ['parent'] })
export class Taxpayer {
  [OptionalProps]?: 'id' | 'version' | 'parent' | 'legalRepresentative' | 'businessLines' | 'status' | 'account' | 'registrationDossier' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Enum({ items: () => TaxpayerKind, nativeEnumName: 'tax_taxpayer_kind' })
  kind!: TaxpayerKind;

  /** Mã số thuế; for an individual, the CCCD. */
  @Property({ type: 'text' })
  @Unique({ name: 'tax_taxpayer_tax_code_unique' })
  taxCode!: string;

  /** The organisation a branch belongs to. */
  @ManyToOne(() => Taxpayer, { nullable: true })
  parent?: Rel<Taxpayer> | null;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  address!: string;

  @Property({ type: 'text', nullable: true })
  legalRepresentative?: string | null;

  /** Ngành nghề kinh doanh (VSIC codes or names). */
  @Property({ type: 'text[]', default: '{}' })
  businessLines: string[] = [];

  /** The tax agency that manages the taxpayer (cơ quan thuế quản lý). */
  @ManyToOne(() => Agency)
  agency!: Rel<Agency>;

  @Enum({ items: () => TaxpayerStatus, nativeEnumName: 'tax_taxpayer_status' })
  status: TaxpayerStatus = TaxpayerStatus.ACTIVE;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  /** The citizen or organisation account that acts for the taxpayer, if linked. */
  @ManyToOne(() => Account, { nullable: true })
  account?: Rel<Account> | null;

  /** The registration dossier that created it (null for taxpayers registered before OneDoor). */
  @ManyToOne(() => Dossier, { nullable: true })
  registrationDossier?: Rel<Dossier> | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
