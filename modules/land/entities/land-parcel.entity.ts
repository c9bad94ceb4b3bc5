import { Check, Entity, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { AdminUnit, uuidv7 } from '../../../src/kernel';

/** The largest area a parcel may have, in m² (10,000 ha): anything larger is a typing error. */
export const MAX_PARCEL_AREA_M2 = 100_000_000;

/**
 * A land parcel (thửa đất) of the cadastral map: identified in its commune by the map sheet
 * (tờ bản đồ số) and the parcel number on that sheet (thửa đất số). Its area, land-use purpose
 * and term are cadastral facts, public like the cadastral map itself; who holds it is not.
 */
@Entity({ tableName: 'land_parcel' })
@Unique({ name: 'land_parcel_number_unique', properties: ['communeCode', 'mapSheet', 'parcelNumber'] })
@Check({ name: 'land_parcel_map_sheet_check', expression: 'map_sheet >= 1' })
@Check({ name: 'land_parcel_parcel_number_check', expression: 'parcel_number >= 1' })
@Check({ name: 'land_parcel_area_check', expression: '(area_m2 > (0)::numeric) AND (area_m2 < (100000000)::numeric)' })
export class LandParcel {
  [OptionalProps]?: 'id' | 'version' | 'useUntil' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /**
   * GSO code of the commune. Codes are reused across the 2025 merger, so the code names the
   * parcel (as printed on certificates) and `commune` pins the unit it was registered under.
   */
  @Property({ type: 'text' })
  communeCode!: string;

  @ManyToOne(() => AdminUnit)
  commune!: Rel<AdminUnit>;

  @Property({ type: 'integer' })
  mapSheet!: number;

  @Property({ type: 'integer' })
  parcelNumber!: number;

  /** Area in m² to one decimal, as cadastral maps give it (a string: PostgreSQL numeric). */
  @Property({ type: 'decimal', precision: 12, scale: 1 })
  areaM2!: string;

  /** Land-use purpose code (ONT, ODT, CLN …), see `LAND_USE_PURPOSES`. */
  @Property({ type: 'text' })
  purposeCode!: string;

  /** End of the use term (`YYYY-MM-DD`); null for long-term use (sử dụng lâu dài, Land Law 2024 art. 171). */
  @Property({ type: 'date', nullable: true })
  useUntil?: string | null;

  @Property({ type: 'text' })
  address!: string;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
