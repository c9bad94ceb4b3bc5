import { Entity, Enum, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ApplicantKind, uuidv7 } from '../../../src/kernel';

/**
 * A land user (người sử dụng đất): a person known by the 12-digit citizen identity number, or an
 * organisation by its tax code. The number is unique: the same person holds all their parcels
 * under one record. Personal data (Decree 13/2023): only land officers and the holder see the
 * number and address.
 */
@Entity({ tableName: 'land_holder' })
export class LandHolder {
  [OptionalProps]?: 'id' | 'address' | 'version' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Enum({ items: () => ApplicantKind })
  kind!: ApplicantKind;

  @Property({ type: 'text' })
  name!: string;

  /** CCCD for a person, tax code for an organisation. */
  @Property({ type: 'text', unique: true })
  idNumber!: string;

  @Property({ type: 'text', nullable: true })
  address?: string | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}
