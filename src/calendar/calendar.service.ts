import { EntityManager } from '@mikro-orm/postgresql';
import { ProcessingTime } from './duration';
import { CalendarDayKind } from './holiday.entity';
import { WorkingCalendar } from './working-calendar';

/**
 * The working calendar of the province, built from the `calendar_day` table (holidays and
 * compensatory working days are data). Cached for a short time; an admin change on this
 * instance invalidates it at once, other instances pick it up within `ttlMs`.
 */
export class CalendarService {
  private cached?: { calendar: WorkingCalendar; loadedAt: number };

  constructor(private readonly ttlMs = 60_000) {}

  async calendar(em: EntityManager): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.ttlMs) return this.cached.calendar;
    const rows: { date: string; kind: CalendarDayKind }[] = await em
      .getConnection()
      .execute(`select to_char(date, 'YYYY-MM-DD') as date, kind from calendar_day`);
    const calendar = new WorkingCalendar({
      holidays: rows.filter((r) => r.kind === CalendarDayKind.HOLIDAY).map((r) => r.date),
      workingDays: rows.filter((r) => r.kind === CalendarDayKind.WORKING_DAY).map((r) => r.date),
    });
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  async dueDate(em: EntityManager, receivedAt: Date, time: ProcessingTime): Promise<Date> {
    return (await this.calendar(em)).dueDate(receivedAt, time);
  }
}
