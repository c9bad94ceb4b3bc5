/** Local calendar dates (Asia/Ho_Chi_Minh) as `YYYY-MM-DD` strings, which compare in order. */
import { vietnamLocalDate } from '../../../src/kernel';

export const localToday = (now: Date): string => vietnamLocalDate(now);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isIsoDate(s: string | null | undefined): s is string {
  if (!s || !ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** PostgreSQL `date` columns come back as strings or Date objects depending on the path. */
export function dateString(v: string | Date): string {
  return typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}
