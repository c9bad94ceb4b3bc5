import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The last number given per agency, year and series: notice numbers (`NOTICE`, per calendar
 * year) and the sequence behind new tax codes (`TAX_CODE`, year 0). Taken with an upsert that
 * locks the row, so concurrent issues get consecutive numbers and a rollback gives one back.
 */
@Entity({ tableName: 'tax_counter' })
export class TaxCounter {
  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'smallint' })
  year!: number;

  @PrimaryKey({ type: 'text' })
  series!: string;

  @Property({ type: 'integer' })
  last!: number;
}
