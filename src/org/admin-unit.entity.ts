import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';

export enum AdminUnitLevel {
  PROVINCE = 'PROVINCE',
  /** Abolished on 1 July 2025; kept as history for older dossiers and statistics. */
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

/**
 * An administrative unit (đơn vị hành chính) with the period it existed. Units change over
 * time (the 2025 merger): old dossiers keep the unit they were filed under, and `successor`
 * maps a dissolved unit to the one that took it over.
 */
@Entity({ tableName: 'admin_unit' })
export class AdminUnit {
  [OptionalProps]?: 'id' | 'validTo' | 'parent' | 'successor';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Statistical code of the unit (GSO list), unique together with `validFrom`. */
  @Property({ type: 'text' })
  @Index()
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => AdminUnitLevel, nativeEnumName: 'admin_unit_level' })
  level!: AdminUnitLevel;

  @ManyToOne(() => AdminUnit, { nullable: true })
  parent?: Rel<AdminUnit> | null;

  @ManyToOne(() => AdminUnit, { nullable: true })
  successor?: Rel<AdminUnit> | null;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  validTo?: string | null;
}
