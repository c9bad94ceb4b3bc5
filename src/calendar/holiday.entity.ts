import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';

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
