import { CalendarDayKind } from '../../src/calendar/holiday.entity';
import { DEFAULT_CALENDAR_DAYS } from '../../src/calendar/holidays-data';
import { WorkingCalendar } from '../../src/calendar/working-calendar';

/** The province's working calendar as seeded (Tết 16–20/02/2026, 27/04, 30/04, 01/05, 01–02/09/2026 off), without a database. */
export function seededWorkingCalendar(): WorkingCalendar {
  return new WorkingCalendar({
    holidays: DEFAULT_CALENDAR_DAYS.filter((d) => d.kind === CalendarDayKind.HOLIDAY).map((d) => d.date),
    workingDays: DEFAULT_CALENDAR_DAYS.filter((d) => d.kind === CalendarDayKind.WORKING_DAY).map((d) => d.date),
  });
}
