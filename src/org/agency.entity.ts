import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';
import { AdminUnit } from './admin-unit.entity';

export enum AgencyKind {
  PROVINCIAL_COMMITTEE = 'PROVINCIAL_COMMITTEE',
  DEPARTMENT = 'DEPARTMENT',
  /** A unit under a department (e.g. the land registration office). */
  DEPARTMENT_UNIT = 'DEPARTMENT_UNIT',
  /** Agencies of the central government in the province (tax). */
  CENTRAL_BRANCH = 'CENTRAL_BRANCH',
  SERVICE_CENTER = 'SERVICE_CENTER',
  DISTRICT_COMMITTEE = 'DISTRICT_COMMITTEE',
  COMMUNE_COMMITTEE = 'COMMUNE_COMMITTEE',
}

/** A government agency with its electronic code (QCVN 102:2016, pattern `000.00.00.X00`). */
@Entity({ tableName: 'agency' })
export class Agency {
  [OptionalProps]?: 'id' | 'validTo' | 'parent' | 'moduleName' | 'abbreviation';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  shortName!: string;

  /**
   * Chữ viết tắt tên cơ quan ban hành: the issuer part of a document's symbol (Decree 30/2020,
   * art. 8 and Appendix I, "ký hiệu của văn bản"), e.g. `UBND` for a people's committee at any
   * level. Null: derived, see `issuerAbbreviation` in the documents module.
   */
  @Property({ type: 'text', nullable: true })
  abbreviation?: string | null;

  @Enum({ items: () => AgencyKind, nativeEnumName: 'agency_kind' })
  kind!: AgencyKind;

  @ManyToOne(() => AdminUnit)
  unit!: Rel<AdminUnit>;

  @ManyToOne(() => Agency, { nullable: true })
  parent?: Rel<Agency> | null;

  /** The agency module that declared the agency, if any. */
  @Property({ type: 'text', nullable: true })
  moduleName?: string | null;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  validTo?: string | null;
}

export const AGENCY_CODE_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;
