import { VIETNAM_UTC_OFFSET_MINUTES } from '../calendar/working-calendar';

/** Local (Asia/Ho_Chi_Minh) calendar date of an instant, `YYYY-MM-DD`. */
export function vietnamLocalDate(t: Date): string {
  return new Date(t.getTime() + VIETNAM_UTC_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

export enum Timeliness {
  /** Not received yet: no clock. */
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS_ON_TIME = 'IN_PROGRESS_ON_TIME',
  IN_PROGRESS_LATE = 'IN_PROGRESS_LATE',
  /** Result ready on a day before the due date. */
  EARLY = 'EARLY',
  /** Result ready on the due date, before the due time. */
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  /** Refused, withdrawn or stopped: no result to measure. */
  CLOSED = 'CLOSED',
}

/**
 * Timeliness is measured against the original due date (pushed by pauses, never by an
 * apology: "late stays late"). While paused, the clock stands at the start of the pause.
 */
export function timeliness(
  d: { receivedAt: Date | null; originalDueAt: Date | null; finishedAt: Date | null; closedAt: Date | null; pausedAt: Date | null },
  now: Date,
  localDate: (t: Date) => string,
): Timeliness {
  if (d.finishedAt && d.originalDueAt) {
    if (d.finishedAt > d.originalDueAt) return Timeliness.LATE;
    return localDate(d.finishedAt) < localDate(d.originalDueAt) ? Timeliness.EARLY : Timeliness.ON_TIME;
  }
  if (d.closedAt) return Timeliness.CLOSED;
  if (!d.receivedAt || !d.originalDueAt) return Timeliness.NOT_STARTED;
  // In progress: late is overdue, the one definition below.
  return isOverdue(d, now) ? Timeliness.IN_PROGRESS_LATE : Timeliness.IN_PROGRESS_ON_TIME;
}

/**
 * The one definition of "overdue" (DOMAIN "Late dossiers": an apology (Mẫu 04) is issued before
 * the due date; late stays late): open (not finished, not closed) and past the ORIGINAL due date
 * (pushed by pauses, never by an apology) at the start of a running pause, or now. `overdueSql`
 * is its SQL twin; both compare at the milliseconds JavaScript sees, so the SQL fast path answers
 * byte for byte as the resolver does.
 */
export function isOverdue(d: { originalDueAt: Date | null; finishedAt: Date | null; closedAt: Date | null; pausedAt: Date | null }, now: Date): boolean {
  return !d.finishedAt && !d.closedAt && !!d.originalDueAt && (d.pausedAt ?? now) > d.originalDueAt;
}

/** SQL twin of {@link isOverdue} over the dossier columns of `alias`; `now` is an SQL expression (a placeholder). */
export function overdueSql(alias: string, now: string): string {
  return `(${alias}.finished_at is null and ${alias}.closed_at is null and ${alias}.original_due_at is not null
    and coalesce(date_trunc('milliseconds', ${alias}.paused_at), ${now}::timestamptz) > date_trunc('milliseconds', ${alias}.original_due_at))`;
}
