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

/** A real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isDay(v: string | undefined): v is string {
  return !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
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
