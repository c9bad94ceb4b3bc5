import { BigIntType, Check, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';

/**
 * The provincial land price table (bảng giá đất do UBND tỉnh ban hành), as the tax office uses
 * it to value land: VND per m² per commune and land-use purpose over a validity period. The real
 * table prices each street segment and position; one figure per commune and purpose is a
 * simplification, and rows marked `demo` are not the official figures.
 */
@Entity({ tableName: 'tax_land_price' })
@Unique({ name: 'tax_land_price_unique', properties: ['communeCode', 'purposeCode', 'validFrom'] })
@Check({ name: 'tax_land_price_price_check', expression: 'price_per_m2_vnd > 0' })
@Check({ name: 'tax_land_price_validity_check', expression: '(valid_to IS NULL) OR (valid_to >= valid_from)' })
@Index({ name: 'tax_land_price_lookup_idx', properties: ['communeCode', 'purposeCode', 'validFrom'] })
export class TaxLandPrice {
  [OptionalProps]?: 'id' | 'validTo' | 'demo';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Administrative unit code of the commune (kernel `admin_unit.code`). */
  @Property({ type: 'text' })
  communeCode!: string;

  /** Land-use purpose code (ODT, ONT, CLN …). */
  @Property({ type: 'text' })
  purposeCode!: string;

  @Property({ type: new BigIntType('number'), fieldName: 'price_per_m2_vnd' })
  pricePerM2Vnd!: number;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'text' })
  legalBasis!: string;

  @Property({ type: 'boolean', default: false })
  demo: boolean = false;
}
