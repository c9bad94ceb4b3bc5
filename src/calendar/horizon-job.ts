import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '../logging/logger';
import { CalendarService } from './calendar.service';
import { horizonWarning } from './horizon';

/**
 * Logs a warning (the `calendar` component) naming the last confirmed day when the confirmed
 * holidays reach fewer than `CALENDAR_HORIZON_WARNING_DAYS` ahead; returns the warning, if any.
 */
export async function warnOnCalendarHorizon(calendar: CalendarService, em: EntityManager, now: Date, logger: Logger): Promise<string | undefined> {
  const loaded = await calendar.calendar(em);
  const warning = horizonWarning(loaded.confirmedThrough, loaded.localDate(now));
  if (warning) logger.warn({ confirmedThrough: loaded.confirmedThrough ?? null }, warning);
  return warning;
}

/**
 * The admin alert, daily (the start logs it once too, see app.ts). A job in the shape the job
 * runner takes (`ModuleJob`), declared without importing the module system above.
 */
export function calendarHorizonJob(calendar: CalendarService, logger: Logger) {
  return {
    name: 'calendar.horizon',
    everyMs: 24 * 60 * 60_000,
    async run(em: EntityManager, now: Date): Promise<void> {
      await warnOnCalendarHorizon(calendar, em, now, logger);
    },
  };
}
