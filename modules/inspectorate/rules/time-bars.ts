/**
 * Time bars for filing a complaint (thời hiệu khiếu nại, thời hạn khiếu nại lần hai), as data with
 * their legal basis, and the arithmetic on them (pure: the kernel's {@link WorkingCalendar} says
 * which days are off).
 *
 * Counting (Civil Code 91/2015/QH13, art. 147–148): a period in days starts on the day after the
 * event and ends at the end of its last day; a last day that is a weekend or holiday moves to the
 * next working day. The bar is therefore a local date: a complaint received on or before it is in
 * time. The date of receipt is the petition's `receivedAt` (for a letter by post the officer enters
 * the postmark date as the date of receipt).
 *
 * Wording of the Law on Complaints as recalled, unverified against the official gazette.
 */
import { atLocal, WorkingCalendar } from '../../../src/kernel';

const COMPLAINTS_LAW = 'Luật Khiếu nại số 02/2011/QH13';

/** A filing period and where it comes from. */
interface FilingPeriod {
  /** Calendar days. */
  days: number;
  /** Calendar days in remote areas (vùng sâu, vùng xa đi lại khó khăn). */
  remoteDays: number;
  basis: string;
  verified: boolean;
}

/**
 * First complaint, art. 9: "Thời hiệu khiếu nại là 90 ngày, kể từ ngày nhận được quyết định hành
 * chính hoặc biết được quyết định hành chính, hành vi hành chính" (no longer period for remote
 * areas in this article).
 */
const FIRST_COMPLAINT_BAR: FilingPeriod = { days: 90, remoteDays: 90, basis: `${COMPLAINTS_LAW}, Điều 9`, verified: false };

/**
 * Second complaint, art. 33(1): within 30 days from the expiry of the first-instance period
 * (art. 28) when the complaint was not resolved, or from receipt of the first decision the
 * complainant does not accept; in remote areas it may be longer, not more than 45 days.
 */
export const SECOND_COMPLAINT_BAR: FilingPeriod = { days: 30, remoteDays: 45, basis: `${COMPLAINTS_LAW}, Điều 33 khoản 1`, verified: false };

/**
 * Art. 9, second sentence: when illness, natural disaster, war, a mission or studies far away, or
 * another objective obstacle (trở ngại khách quan) kept the complainant from complaining in time,
 * the time of the obstacle is not counted. Applied to the second complaint's period as well
 * (Decree 124/2020/NĐ-CP treats both alike; unverified). The receiving officer records the
 * obstacle, its reason and its days; the law leaves the judgement of "objective" to the body.
 */
const OBSTACLE_BASIS = `${COMPLAINTS_LAW}, Điều 9 (trở ngại khách quan không tính vào thời hiệu)`;

/** Art. 11(4): a complaint whose time bar has passed without a legitimate reason is not accepted. */
export const TIME_BARRED_BASIS = `${COMPLAINTS_LAW}, Điều 11 khoản 4`;

/** The longest obstacle one record may claim (a bound against typing errors, not a legal limit). */
export const MAX_OBSTACLE_DAYS = 3650;

/** 'YYYY-MM-DD' plus `days` calendar days. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A time bar: the last day to file, and the law behind it. */
export interface TimeBar {
  /** The day the period runs from (the event; counting starts the next day). */
  startsOn: string;
  /** Calendar days of the period (remote areas included). */
  days: number;
  /** Days of a recorded objective obstacle, not counted. */
  obstacleDays: number;
  /** The last day a complaint is in time (moved off a weekend or holiday). */
  lastDay: string;
  basis: string;
}

/**
 * The last day to file: `startsOn` + period + obstacle days, moved to the next working day when it
 * falls on a day off (Civil Code art. 148).
 */
export function timeBar(calendar: WorkingCalendar, x: { instance: number; remote: boolean; startsOn: string; obstacleDays?: number }): TimeBar {
  const period = x.instance === 2 ? SECOND_COMPLAINT_BAR : FIRST_COMPLAINT_BAR;
  const days = x.remote ? period.remoteDays : period.days;
  const obstacleDays = x.obstacleDays ?? 0;
  let lastDay = addDays(x.startsOn, days + obstacleDays);
  for (let i = 0; i < 60 && !calendar.isWorkingDay(atLocal(lastDay, '12:00')); i++) lastDay = addDays(lastDay, 1);
  return { startsOn: x.startsOn, days, obstacleDays, lastDay, basis: obstacleDays ? `${period.basis}; ${OBSTACLE_BASIS}` : period.basis };
}

/** Whether a complaint received at `receivedAt` came after its bar's last day (local dates). */
export function isTimeBarred(calendar: WorkingCalendar, bar: Pick<TimeBar, 'lastDay'>, receivedAt: Date): boolean {
  return calendar.localDate(receivedAt) > bar.lastDay;
}

/**
 * Where the second complaint's period runs from, art. 33(1): the day the complainant received the
 * first decision, or, when the first instance was not resolved within its time limit (art. 28),
 * the day that limit expired. Null: the second instance is not open yet (the first is still within
 * its limit, or was never accepted, refused, transferred or withdrawn). `decisionReceivedOn` is the
 * day of receipt as stated by the receiving officer; a complainant's own claim is not passed (the
 * bar then runs from the decision's date, art. 33(1); unverified).
 */
export function secondComplaintStart(
  calendar: WorkingCalendar,
  first: { decided: boolean; decisionDate: string | null; accepted: boolean; closed: boolean; resolved: boolean; dueAt: Date | null },
  decisionReceivedOn: string | null,
  now: Date,
): { startsOn: string; ground: 'DECISION_NOT_ACCEPTED' | 'NOT_RESOLVED_IN_TIME' } | null {
  if (first.decided) return { startsOn: decisionReceivedOn ?? first.decisionDate!, ground: 'DECISION_NOT_ACCEPTED' };
  if (first.accepted && !first.closed && !first.resolved && first.dueAt && first.dueAt.getTime() < now.getTime()) {
    return { startsOn: calendar.localDate(first.dueAt), ground: 'NOT_RESOLVED_IN_TIME' };
  }
  return null;
}
