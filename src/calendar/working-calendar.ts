/**
 * Working-time calendar for processing deadlines (DOMAIN.md §3 "Deadlines";
 * Decree 61/2018/NĐ-CP as amended by Decree 118/2025/NĐ-CP).
 *
 * Pure: no database, no clock, no I/O. Every method takes instants and returns instants.
 *
 * Time zone. All rules are stated in Vietnamese local time (Asia/Ho_Chi_Minh). Vietnam has
 * used UTC+7 without daylight saving since 1975, so a fixed +07:00 offset is exact for every
 * date this system will ever handle; we deliberately avoid `Intl`/tz databases, which would
 * make results depend on the host's ICU data. Inputs and outputs are JS `Date`s (UTC
 * instants); internally an instant is shifted by +7 h and then split into a local day number
 * (days since 1970-01-01 local) and the milliseconds since local midnight.
 */
import { DurationUnit, ProcessingTime } from './duration';

/** Offset of Asia/Ho_Chi_Minh from UTC, in minutes (fixed: no DST since 1975). */
export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;

/** One office-hours period of a working day, in local time, e.g. `{ start: '07:00', end: '11:30' }`. */
export interface WorkingPeriod {
  /** Opening, 'HH:MM' local, inclusive. */
  start: string;
  /** Closing, 'HH:MM' local, exclusive ('24:00' allowed). */
  end: string;
}

/** Office hours of DOMAIN.md §3: 07:00–11:30 and 13:30–17:00, i.e. 8 h = one working day. */
export const DEFAULT_WORKING_PERIODS: readonly WorkingPeriod[] = Object.freeze([
  Object.freeze({ start: '07:00', end: '11:30' }),
  Object.freeze({ start: '13:30', end: '17:00' }),
]);

/** Default work week, as JS weekday numbers (0 = Sunday … 6 = Saturday): Monday–Friday. */
const DEFAULT_WORK_WEEK: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);

/** Same-day procedures received at or after this local time are due the next working day. */
const DEFAULT_SAME_DAY_CUTOFF = '15:00';

/** Options of {@link WorkingCalendar}. */
export interface WorkingCalendarOptions {
  /** Public holidays and other days off, as local dates 'YYYY-MM-DD'. They are data: they change every year. */
  holidays: Iterable<string>;
  /**
   * Compensatory working days (ngày làm bù), as local dates 'YYYY-MM-DD': days outside the
   * work week (typically a Saturday) that are declared working days.
   */
  workingDays?: Iterable<string>;
  /** Office hours of every working day; defaults to {@link DEFAULT_WORKING_PERIODS}. */
  periods?: Iterable<WorkingPeriod>;
  /** Weekdays that are working days (0 = Sunday … 6 = Saturday); defaults to Monday–Friday. */
  workWeek?: Iterable<number>;
  /** Cut-off 'HH:MM' for {@link DurationUnit.SAME_DAY}; defaults to {@link DEFAULT_SAME_DAY_CUTOFF}. */
  sameDayCutoff?: string;
  /** The last local date 'YYYY-MM-DD' whose holidays an admin confirmed (see `horizon.ts`); undefined when none is. */
  confirmedThrough?: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * MINUTE_MS;
/** 1970-01-01 was a Thursday. */
const EPOCH_WEEKDAY = 4;
/**
 * How many consecutive days off we scan before declaring the calendar broken. A real
 * calendar never has more than a couple of weeks off in a row (Tết); five years means the
 * configuration has no working days at all (or has run out of them), and looping forever
 * would hang the request.
 */
const MAX_SCAN_DAYS = 5 * 366;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Parses 'YYYY-MM-DD' into a local day number (days since 1970-01-01), rejecting impossible dates. */
function parseLocalDate(date: string): number {
  const m = DATE_RE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    // Date.UTC silently rolls 2026-02-30 over to March; a holiday list with a typo must fail loudly.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`Invalid local date '${date}', expected an existing date as 'YYYY-MM-DD'`);
}

/** Parses 'HH:MM' into milliseconds since local midnight; '24:00' only when `allowMidnightEnd`. */
function parseLocalTime(time: string, allowMidnightEnd = false): number {
  const m = TIME_RE.exec(time);
  if (m) {
    const [h, min] = [Number(m[1]), Number(m[2])];
    if ((h < 24 && min < 60) || (allowMidnightEnd && h === 24 && min === 0)) {
      return (h * 60 + min) * MINUTE_MS;
    }
  }
  throw new RangeError(`Invalid local time '${time}', expected 'HH:MM'`);
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function checkInstant(t: Date, name: string): number {
  const ms = t instanceof Date ? t.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** Local day number and milliseconds since local midnight of an instant. */
function split(ms: number): { day: number; msInDay: number } {
  const local = ms + OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, msInDay: local - day * DAY_MS };
}

function instant(day: number, msInDay: number): Date {
  return new Date(day * DAY_MS + msInDay - OFFSET_MS);
}

/**
 * Builds the instant of a local (Asia/Ho_Chi_Minh) date and time, e.g.
 * `atLocal('2026-03-16', '07:00')` is 2026-03-16T00:00:00Z. Meant for tests and seed data.
 *
 * @throws RangeError on a malformed or impossible date or time.
 */
export function atLocal(date: string, time: string): Date {
  return instant(parseLocalDate(date), parseLocalTime(time));
}

/** The local (Asia/Ho_Chi_Minh) calendar date of an instant, as 'YYYY-MM-DD'. */
function localDateOf(t: Date): string {
  return formatDay(split(checkInstant(t, 'date')).day);
}

/**
 * Working-time calendar: office hours, work week, public holidays and compensatory working
 * days, and the deadline arithmetic built on them. Immutable and side-effect free.
 *
 * Periods are half-open: 07:00 is inside working time, 11:30 and 17:00 are not. A deadline
 * computed by {@link addWorkingMinutes} may however land exactly on a period end (Mon 07:00
 * plus 8 h is Mon 17:00, not Tue 07:00).
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<number>;
  private readonly compensatoryDays: ReadonlySet<number>;
  private readonly workWeek: ReadonlySet<number>;
  /** Sorted, non-overlapping [start, end) in ms since local midnight. */
  private readonly periods: ReadonlyArray<readonly [number, number]>;
  private readonly dayEndMs: number;
  private readonly sameDayCutoffMs: number;
  /** Length of one working day in minutes (the sum of the periods: 480 by default). */
  readonly workingDayMinutes: number;

  /**
   * @throws RangeError on malformed dates/times, empty or overlapping periods, an invalid
   * weekday, or a date listed both as a holiday and as a compensatory working day.
   */
  /** The last local date whose holidays are confirmed; days after it may miss holidays (see `horizon.ts`). */
  readonly confirmedThrough?: string;

  constructor(options: WorkingCalendarOptions) {
    this.confirmedThrough = options.confirmedThrough;
    this.holidays = new Set([...options.holidays].map(parseLocalDate));
    this.compensatoryDays = new Set([...(options.workingDays ?? [])].map(parseLocalDate));
    for (const day of this.compensatoryDays) {
      // Contradictory data; guessing which list wins would silently move deadlines.
      if (this.holidays.has(day)) {
        throw new RangeError(`${formatDay(day)} is listed both as a holiday and as a working day`);
      }
    }

    const workWeek = [...(options.workWeek ?? DEFAULT_WORK_WEEK)];
    for (const d of workWeek) {
      if (!Number.isInteger(d) || d < 0 || d > 6) {
        throw new RangeError(`Invalid weekday ${d}, expected 0 (Sunday) … 6 (Saturday)`);
      }
    }
    this.workWeek = new Set(workWeek);

    const periods = [...(options.periods ?? DEFAULT_WORKING_PERIODS)]
      .map((p): [number, number] => {
        const start = parseLocalTime(p.start);
        const end = parseLocalTime(p.end, true);
        if (end <= start) throw new RangeError(`Working period ${p.start}–${p.end} must end after it starts`);
        return [start, end];
      })
      .sort((a, b) => a[0] - b[0]);
    if (periods.length === 0) throw new RangeError('At least one working period is required');
    for (let i = 1; i < periods.length; i++) {
      if (periods[i][0] < periods[i - 1][1]) throw new RangeError('Working periods must not overlap');
    }
    this.periods = periods;
    this.dayEndMs = periods[periods.length - 1][1];
    this.workingDayMinutes = periods.reduce((sum, [s, e]) => sum + (e - s), 0) / MINUTE_MS;
    this.sameDayCutoffMs = parseLocalTime(options.sameDayCutoff ?? DEFAULT_SAME_DAY_CUTOFF);
  }

  /** The local date 'YYYY-MM-DD' (Asia/Ho_Chi_Minh) of an instant. */
  localDate(t: Date): string {
    return localDateOf(t);
  }

  /**
   * Whether the local date of `date` is a working day: a compensatory working day, or a day
   * of the work week that is not a holiday.
   */
  isWorkingDay(date: Date): boolean {
    return this.isWorkingDayNumber(split(checkInstant(date, 'date')).day);
  }

  /**
   * `t` itself if it is inside working hours; otherwise the start of the next working
   * period (lunch → 13:30, after closing or on a day off → 07:00 of the next working day).
   *
   * @throws Error if no working day exists within ~5 years.
   */
  nextWorkingMoment(t: Date): Date {
    const { day, msInDay } = split(checkInstant(t, 't'));
    if (this.isWorkingDayNumber(day)) {
      for (const [start, end] of this.periods) {
        if (msInDay < start) return instant(day, start);
        // A copy, not `t`: Dates are mutable and callers must not share state with us.
        if (msInDay < end) return new Date(t.getTime());
      }
    }
    return instant(this.nextWorkingDayNumber(day), this.periods[0][0]);
  }

  /**
   * Advances `start` by `minutes` of working time, skipping lunch, nights and days off.
   * A result that falls exactly on a period end stays there (Mon 07:00 + 480 min = Mon 17:00).
   * Adding 0 minutes returns `start` unchanged, even outside working hours. Runs in time
   * proportional to the number of days covered, not the number of minutes.
   *
   * @throws RangeError if `minutes` is negative or not finite.
   * @throws Error if the calendar runs out of working days (~5 years without one).
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    const startMs = checkInstant(start, 'start');
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
    }
    let remaining = Math.round(minutes * MINUTE_MS);
    if (remaining === 0) return new Date(startMs);

    let { day, msInDay } = split(startMs);
    let daysOff = 0;
    for (;;) {
      if (this.isWorkingDayNumber(day)) {
        daysOff = 0;
        for (const [pStart, pEnd] of this.periods) {
          if (pEnd <= msInDay) continue;
          const from = Math.max(pStart, msInDay);
          const available = pEnd - from;
          // `<=` keeps a deadline that exhausts a period at that period's end.
          if (remaining <= available) return instant(day, from + remaining);
          remaining -= available;
        }
      } else if (++daysOff > MAX_SCAN_DAYS) {
        throw this.noWorkingDayError(day);
      }
      day++;
      msInDay = 0;
    }
  }

  /**
   * Working minutes between two instants (time inside office hours of working days only);
   * 0 if `b <= a`. May be fractional when the instants carry seconds.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    const aMs = checkInstant(a, 'a');
    const bMs = checkInstant(b, 'b');
    if (bMs <= aMs) return 0;
    const first = split(aMs);
    const last = split(bMs);
    let total = 0;
    for (let day = first.day; day <= last.day; day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const lo = day === first.day ? first.msInDay : 0;
      const hi = day === last.day ? last.msInDay : DAY_MS;
      for (const [pStart, pEnd] of this.periods) {
        const overlap = Math.min(pEnd, hi) - Math.max(pStart, lo);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE_MS;
  }

  /**
   * The due date of a dossier received at `receivedAt` (the moment of status 2, not of online
   * submission). Reception outside working hours first snaps to the next working moment.
   *
   * - WORKING_DAYS n (fractional allowed): n working days of working time later.
   * - WORKING_HOURS n: n working hours later.
   * - CALENDAR_DAYS n (whole number): end of office hours (17:00) n calendar days after the
   *   local date of reception; a day off moves it to the end of the next working day.
   * - SAME_DAY (amount ignored): end of the day of reception, or of the next working day if
   *   received at or after the cut-off (15:00).
   *
   * @throws RangeError on a negative, non-finite, or (for CALENDAR_DAYS) non-integer amount.
   */
  dueDate(receivedAt: Date, time: ProcessingTime): Date {
    checkInstant(receivedAt, 'receivedAt');
    const start = this.nextWorkingMoment(receivedAt);
    const { amount, unit } = time;
    if (unit !== DurationUnit.SAME_DAY && (!Number.isFinite(amount) || amount < 0)) {
      throw new RangeError(`Processing time must be a finite number >= 0, got ${amount}`);
    }
    switch (unit) {
      case DurationUnit.WORKING_DAYS:
        return this.addWorkingMinutes(start, amount * this.workingDayMinutes);
      case DurationUnit.WORKING_HOURS:
        return this.addWorkingMinutes(start, amount * 60);
      case DurationUnit.CALENDAR_DAYS: {
        if (!Number.isInteger(amount)) {
          throw new RangeError(`A processing time in calendar days must be a whole number, got ${amount}`);
        }
        return this.endOfWorkingDayOnOrAfter(split(start.getTime()).day + amount);
      }
      case DurationUnit.SAME_DAY: {
        // `start` is inside working hours, so its day is a working day.
        const { day, msInDay } = split(start.getTime());
        return msInDay >= this.sameDayCutoffMs
          ? instant(this.nextWorkingDayNumber(day), this.dayEndMs)
          : instant(day, this.dayEndMs);
      }
      default:
        throw new RangeError(`Unknown duration unit ${String(unit)}`);
    }
  }

  /**
   * The end of office hours (17:00) of the first working day on or after the local date of `t`
   * plus `days` calendar days: `endOfWorkingDay(t)` is the end of `t`'s day if it is a working
   * day, `endOfWorkingDay(t, 1)` the end of the next working day after it (a document signed on
   * Friday or Saturday: Monday 17:00).
   *
   * @throws RangeError if `days` is not a whole number >= 0.
   */
  endOfWorkingDay(t: Date, days = 0): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number >= 0, got ${days}`);
    return this.endOfWorkingDayOnOrAfter(split(checkInstant(t, 't')).day + days);
  }

  /**
   * The due date pushed by a pause of the clock (e.g. a supplement request, status 5) from
   * `pausedFrom` to `pausedTo`. `unit` is the unit of the procedure's processing time.
   *
   * - CALENDAR_DAYS: pushed by the elapsed calendar time of the pause; if that lands on a day
   *   off, moved to the end of the next working day.
   * - Other units: pushed by the working minutes inside the pause (nights, lunch and days off
   *   during the pause do not count), continuing from the next working moment when `dueAt`
   *   sits at a period end (a 17:00 deadline + 1 h is 08:00 the next working day).
   *
   * Returns `dueAt` unchanged for an empty or reversed pause.
   */
  extendForPause(dueAt: Date, pausedFrom: Date, pausedTo: Date, unit: DurationUnit): Date {
    const dueMs = checkInstant(dueAt, 'dueAt');
    const fromMs = checkInstant(pausedFrom, 'pausedFrom');
    const toMs = checkInstant(pausedTo, 'pausedTo');
    if (toMs <= fromMs) return new Date(dueMs);

    if (unit === DurationUnit.CALENDAR_DAYS) {
      const pushed = dueMs + (toMs - fromMs);
      const { day } = split(pushed);
      return this.isWorkingDayNumber(day) ? new Date(pushed) : this.endOfWorkingDayOnOrAfter(day);
    }
    const minutes = this.workingMinutesBetween(pausedFrom, pausedTo);
    if (minutes === 0) return new Date(dueMs);
    return this.addWorkingMinutes(this.nextWorkingMoment(dueAt), minutes);
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.compensatoryDays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = (((day + EPOCH_WEEKDAY) % 7) + 7) % 7;
    return this.workWeek.has(weekday);
  }

  /** The first working day strictly after `day`. */
  private nextWorkingDayNumber(day: number): number {
    for (let d = day + 1; d <= day + MAX_SCAN_DAYS; d++) {
      if (this.isWorkingDayNumber(d)) return d;
    }
    throw this.noWorkingDayError(day);
  }

  /** End of office hours of `day` if it is a working day, else of the next working day. */
  private endOfWorkingDayOnOrAfter(day: number): Date {
    const d = this.isWorkingDayNumber(day) ? day : this.nextWorkingDayNumber(day);
    return instant(d, this.dayEndMs);
  }

  private noWorkingDayError(day: number): Error {
    return new Error(
      `WorkingCalendar: no working day found within ${MAX_SCAN_DAYS} days around ${formatDay(day)}; ` +
        'check the work week, holidays and compensatory working days',
    );
  }
}
