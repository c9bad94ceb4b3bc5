import { Check, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

export enum CalendarDayKind {
  /** A public holiday or a day off by government notice. */
  HOLIDAY = 'HOLIDAY',
  /** Ngày làm bù: a weekend day declared a working day to compensate a bridged holiday. */
  WORKING_DAY = 'WORKING_DAY',
}

/** An exception to the Monday–Friday week, managed by admins (the dates change every year). */
@Entity({ tableName: 'calendar_day' })
export class CalendarDay {
  @PrimaryKey({ type: 'date' })
  date!: string;

  @Enum({ items: () => CalendarDayKind, nativeEnumName: 'calendar_day_kind' })
  kind!: CalendarDayKind;

  @Property({ type: 'text' })
  name!: string;
}

/**
 * A year whose public holidays an admin confirmed (Labour Code 2019 art. 112: the lunar holidays
 * move every year and are announced yearly); see `src/calendar/horizon.ts`.
 */
@Entity({ tableName: 'calendar_year' })
@Check({ name: 'calendar_year_year_check', expression: '(year >= 2000) AND (year <= 2100)' })
export class CalendarYear {
  @PrimaryKey({ type: 'int', autoincrement: false })
  year!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  confirmedAt!: Date;

  @Property({ type: 'text', nullable: true })
  confirmedBy?: string | null;
}
