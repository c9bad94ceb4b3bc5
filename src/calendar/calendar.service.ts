import { EntityManager } from '@mikro-orm/postgresql';
import { outsideTransaction } from '../db/pool-guard';
import { errorForLog, Logger } from '../logging/logger';
import { ProcessingTime } from './duration';
import { CalendarDayKind } from './holiday.entity';
import { confirmedThrough } from './horizon';
import { WorkingCalendar } from './working-calendar';

/** How the calendar cache behaves; the defaults suit production. */
export interface CalendarCacheOptions {
  /** How long a loaded calendar is fresh (`CALENDAR_CACHE_TTL_MS`); past it, it is still served while a refresh runs. */
  ttlMs?: number;
  /** Opens an entity manager outside any transaction for the background refresh (the ORM's `em.fork`). */
  backgroundEm?: () => EntityManager;
  /** Where a failed background refresh is reported (the `calendar` component's logger). */
  logger?: Logger;
}

/** The days, and (kind `CONFIRMED`, the year in `date`) the years an admin confirmed, in one statement. */
const SQL = `select to_char(date, 'YYYY-MM-DD') as date, kind::text as kind from calendar_day
  union all select year::text as date, 'CONFIRMED' as kind from calendar_year`;

/**
 * The working calendar of the province, built from the `calendar_day` table (holidays and
 * compensatory working days are data). An admin change on this instance invalidates it at once;
 * other instances drop it when the change's outbox event reaches them (`ReferenceFollower`), and
 * within `ttlMs` plus one refresh at the latest should an event be late.
 *
 * Callers hold row locks (a dossier action asks for the calendar after locking the dossier), so
 * the calendar never costs them a second pool connection: the first load runs on the caller's
 * own connection (inside its transaction when it has one), and a stale calendar is served while
 * one background refresh (single-flight) reloads it on a connection of its own that nobody
 * waits for. A refresh that fails keeps the stale calendar and is retried by a later call.
 */
export class CalendarService {
  private cached?: { calendar: WorkingCalendar; loadedAt: number };
  /** The load in flight, shared by concurrent callers; tagged with the generation it serves. */
  private inflight?: { promise: Promise<WorkingCalendar>; generation: number };
  /** Bumped by `invalidate`, so that a load started before a change does not overwrite it. */
  private generation = 0;
  private readonly ttlMs: number;

  constructor(private readonly options: CalendarCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
  }

  async calendar(em: EntityManager): Promise<WorkingCalendar> {
    const cached = this.cached;
    if (cached) {
      if (Date.now() - cached.loadedAt < this.ttlMs) return cached.calendar;
      if (this.options.backgroundEm) {
        this.refreshInBackground(this.options.backgroundEm);
        return cached.calendar;
      }
    }
    const flight = this.inflight;
    if (flight && flight.generation === this.generation) {
      // Another caller is loading it; should that load fail, load on our own connection.
      return flight.promise.catch(() => this.load(em));
    }
    return this.load(em);
  }

  /** Drops the calendar (after an admin change): the next caller loads it again. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.inflight = undefined;
  }

  async dueDate(em: EntityManager, receivedAt: Date, time: ProcessingTime): Promise<Date> {
    return (await this.calendar(em)).dueDate(receivedAt, time);
  }

  /** Reads the table on the caller's connection (its transaction's, when it is in one). */
  private load(em: EntityManager): Promise<WorkingCalendar> {
    const generation = this.generation;
    const promise = em
      .getConnection()
      .execute<{ date: string; kind: CalendarDayKind | 'CONFIRMED' }[]>(SQL, [], 'all', em.getTransactionContext())
      .then((rows) => {
        const calendar = new WorkingCalendar({
          holidays: rows.filter((r) => r.kind === CalendarDayKind.HOLIDAY).map((r) => r.date),
          workingDays: rows.filter((r) => r.kind === CalendarDayKind.WORKING_DAY).map((r) => r.date),
          confirmedThrough: confirmedThrough(rows.filter((r) => r.kind === 'CONFIRMED').map((r) => Number(r.date))),
        });
        if (generation === this.generation) this.cached = { calendar, loadedAt: Date.now() };
        return calendar;
      })
      .finally(() => {
        if (this.inflight?.promise === promise) this.inflight = undefined;
      });
    this.inflight = { promise, generation };
    return promise;
  }

  /** Starts one refresh nobody waits for, outside the caller's transaction and async context. */
  private refreshInBackground(open: () => EntityManager): void {
    if (this.inflight) return;
    outsideTransaction(() => {
      this.load(open()).catch((e) => this.options.logger?.warn({ error: errorForLog(e) }, 'background calendar refresh failed, serving the previous calendar'));
    });
  }
}
