import { hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';

/** Whose figures a principal may read: analysts and system admins everyone's, officers their agencies' (ids). */
export interface StatisticsScope {
  observer: boolean;
  own: string[];
}

/** The scope of a principal, or null when they may read no statistics at all (citizens). */
export function statisticsScope(p: Principal): StatisticsScope | null {
  const observer = hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN);
  const own = officerAgencies(p);
  return observer || own.length ? { observer, own } : null;
}

/** A real calendar day written `YYYY-MM-DD` (not 2026-02-30), in years 0001–9999 (PostgreSQL has no year 0000). */
export function isDay(v: string | undefined): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !v.startsWith('0000') && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
}

/** What is wrong with a `from`–`to` period of days (inclusive), field by field; empty when it is fine. */
export function periodProblems(from: string | undefined, to: string | undefined): { field: 'from' | 'to'; message: string }[] {
  const out: { field: 'from' | 'to'; message: string }[] = [];
  const day = 'Ngày dạng YYYY-MM-DD / A day as YYYY-MM-DD';
  if (!isDay(from)) out.push({ field: 'from', message: day });
  if (!isDay(to)) out.push({ field: 'to', message: day });
  if (!out.length && to! < from!) out.push({ field: 'to', message: 'Ngày kết thúc trước ngày bắt đầu / to is before from' });
  return out;
}

/** Days since 1970-01-01 of a proleptic Gregorian day (valid for years 0001–9999, unlike `Date` with years below 100). */
function dayNumber(day: string): number {
  const [y0, m, d] = day.split('-').map(Number);
  // Howard Hinnant's days_from_civil.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar periods a statistics series can be cut into. */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * How many periods of `unit` the days `from`–`to` (valid, inclusive, from ≤ to) touch: the length
 * of the series a grouping by that period walks. Computed from the dates alone, so a range too
 * long for the cell limit is refused before anything is built or read.
 */
export function periodCount(from: string, to: string, unit: PeriodUnit): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  switch (unit) {
    case 'day':
      return dayNumber(to) - dayNumber(from) + 1;
    case 'week': {
      const start = dayNumber(from);
      const monday = start - ((start + 3) % 7 + 7) % 7; // 1970-01-01 was a Thursday
      return Math.floor((dayNumber(to) - monday) / 7) + 1;
    }
    case 'month':
      return (ty - fy) * 12 + tm - fm + 1;
    case 'quarter':
      return (ty - fy) * 4 + Math.floor((tm - 1) / 3) - Math.floor((fm - 1) / 3) + 1;
    case 'year':
      return ty - fy + 1;
  }
}
