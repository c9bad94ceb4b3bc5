/**
 * How far ahead the holidays are known (issue 19, defect 10). Public holidays are fixed by the
 * Labour Code 2019 (Law 45/2019/QH14), art. 112, but the lunar dates (Tết Nguyên đán, Giỗ Tổ
 * Hùng Vương) and the days around them are announced year by year, so the calendar holds them
 * as data and an admin confirms each year once its days are entered (`confirmCalendarYear`).
 * A deadline computed in a year nobody confirmed silently treats its holidays as working days:
 * callers say so, `/readyz` warns and a daily job logs a warning before the confirmed horizon
 * runs out.
 */

/** Warn when the confirmed horizon is fewer than this many days ahead (one quarter: time to get the next year's notice, usually published in the autumn). */
export const CALENDAR_HORIZON_WARNING_DAYS = 90;

/**
 * The last confirmed local date 'YYYY-MM-DD': 31 December of the last year of the unbroken run
 * of confirmed years that starts at the earliest one (a gap stops it: a later confirmed year
 * does not vouch for an unconfirmed one before it). Undefined when no year is confirmed.
 */
export function confirmedThrough(years: Iterable<number>): string | undefined {
  const set = new Set(years);
  if (set.size === 0) return undefined;
  let y = Math.min(...set);
  while (set.has(y + 1)) y++;
  return `${String(y).padStart(4, '0')}-12-31`;
}

/** The first local date not confirmed, when `lastDay` ('YYYY-MM-DD', local) is past the horizon; else undefined. */
export function unconfirmedFrom(through: string | undefined, lastDay: string): string | undefined {
  if (through !== undefined && lastDay <= through) return undefined;
  if (through === undefined) return `${lastDay.slice(0, 4)}-01-01`;
  return `${Number(through.slice(0, 4)) + 1}-01-01`;
}

/** Whole days from local date `today` to local date `through` (both 'YYYY-MM-DD'). */
function daysBetween(today: string, through: string): number {
  return Math.round((Date.parse(`${through}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/**
 * The warning when the confirmed horizon is less than `minDays` ahead of `today` (local
 * 'YYYY-MM-DD'), naming the last confirmed day; undefined when it is far enough.
 */
export function horizonWarning(through: string | undefined, today: string, minDays = CALENDAR_HORIZON_WARNING_DAYS): string | undefined {
  if (through === undefined) return 'calendar: no year of public holidays is confirmed';
  const left = daysBetween(today, through);
  if (left >= minDays) return undefined;
  return `calendar: public holidays are confirmed through ${through} only (${left} days ahead, fewer than ${minDays}); enter and confirm the next year's holidays (confirmCalendarYear)`;
}
