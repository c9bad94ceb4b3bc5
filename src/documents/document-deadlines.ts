import type { WorkingCalendar } from '../calendar/working-calendar';
import { Urgency } from './document.types';

/*
 * A document's own deadlines (issue 19 #11), computed with the working calendar (holidays, work
 * week, office hours) when the step that starts them happens, stored with the document, and
 * flagged late by the one SQL expression below wherever documents are read or counted.
 *
 * Decree 30/2020/NĐ-CP on clerical work (công tác văn thư):
 * - Outgoing: "Văn bản phải được phát hành và gửi ngay trong ngày văn bản đó được ký, chậm nhất
 *   là trong ngày làm việc tiếp theo. Văn bản khẩn phải được phát hành và gửi ngay sau khi ký
 *   văn bản" — art. 18(1) (article number unverified).
 * - Incoming: documents arriving are received and registered (đăng ký văn bản đến) the day they
 *   arrive, and submitted or handed to the handler the same day, at the latest the next working
 *   day (urgent ones at once) — art. 20–22 (unverified); DOMAIN §5 "the receiver acknowledges an
 *   electronic document the same day". We track the acknowledgement (accept with its arrival
 *   number, or reject) against the end of the working day it arrived on (unverified reading).
 */

/** Urgent documents (Khẩn, Thượng khẩn, Hỏa tốc): "ngay sau khi ký" — read here as within the same working day (unverified). */
const URGENT: ReadonlySet<Urgency> = new Set([Urgency.KHAN, Urgency.THUONG_KHAN, Urgency.HOA_TOC]);

/**
 * When a document signed at `signedAt` must be issued: the end of the next working day after the
 * signing day (signed on Friday, or on Saturday: Monday 17:00; before a holiday: the day after
 * it); an urgent one by the end of the working day it was signed (signed outside office hours:
 * the next working day's).
 */
export function issueDueAt(calendar: WorkingCalendar, signedAt: Date, urgency: Urgency): Date {
  return URGENT.has(urgency) ? calendar.endOfWorkingDay(calendar.nextWorkingMoment(signedAt)) : calendar.endOfWorkingDay(signedAt, 1);
}

/**
 * When a recipient unit must acknowledge a document delivered at `deliveredAt`: the end of that
 * working day; one arriving after closing, at night or on a day off, by the end of the next
 * working day.
 */
export function acknowledgeDueAt(calendar: WorkingCalendar, deliveredAt: Date): Date {
  return calendar.endOfWorkingDay(calendar.nextWorkingMoment(deliveredAt));
}

/**
 * Late: done after the due date, or not done and the due date passed; never late without a due
 * date (documents signed or delivered before these deadlines were tracked). The rule for the
 * views, read from the row the view holds; {@link lateSql} is the same rule for the counts, and
 * the documents suite checks that a count equals the flags it counts.
 */
export function isLate(due: Date | null, done: Date | null, now: Date): boolean {
  return !!due && due < (done ?? now);
}

/** {@link isLate} in SQL: `due`, `done` are columns, `now` a parameter, e.g. `lateSql('d.issue_due_at', 'd.issued_at', '$3')`. */
export function lateSql(due: string, done: string, now: string): string {
  return `coalesce(${due} < coalesce(${done}, ${now}::timestamptz), false)`;
}
