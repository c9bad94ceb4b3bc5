/**
 * The words of the contact book: what a guardian reads by SMS or e-mail when a grade, an
 * absence or an announcement is written, and the daily digest. Vietnamese with diacritics by
 * default, English on request. An SMS stays within two segments: with diacritics an SMS is
 * UCS-2, 70 characters alone or 67 per part, so 134 characters. Pure functions.
 */
import { NotificationChannel } from '../../../src/kernel';
import { ANNOUNCEMENT_KIND_LABELS, ASSESSMENT_LABELS, AssessmentKindCode, AttendanceSession, AttendanceStatus, AnnouncementKind, ContactBookEntryKind } from './education.types';
import { formatScore } from './grading';

/** Two UCS-2 segments of a concatenated SMS. */
export const SMS_MAX_CHARS = 134;

export type Language = 'vi' | 'en';

/** Who the item is about. */
export interface ItemSubject {
  schoolName: string;
  studentName: string;
  className: string;
}

/** What an entry says, as kept in its `detail`. */
export type ItemFacts =
  | {
      kind: ContactBookEntryKind.GRADE;
      subjectName: string;
      subjectNameEn: string;
      assessment: AssessmentKindCode;
      ordinal: number;
      score: number;
      /** Set for a correction: the value it replaced. */
      previousScore: number | null;
      /** Local date the score was entered, `YYYY-MM-DD`. */
      date: string;
    }
  | { kind: ContactBookEntryKind.ABSENCE; status: AttendanceStatus; session: AttendanceSession; date: string; note: string | null }
  | { kind: ContactBookEntryKind.ANNOUNCEMENT; announcementKind: AnnouncementKind; title: string; body: string; eventAt: string | null; classWide: boolean };

export interface RenderedMessage {
  subject: string | null;
  body: string;
}

const OFFSET_MS = 7 * 3_600_000;

/** `27/11/2026` from `2026-11-27`. */
function dayMonthYear(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** `19:30 05/12/2026` in Vietnam time. */
function localTimeAndDay(iso: string): string {
  const local = new Date(new Date(iso).getTime() + OFFSET_MS).toISOString();
  return `${local.slice(11, 16)} ${dayMonthYear(local)}`;
}

function assessmentName(f: Extract<ItemFacts, { kind: ContactBookEntryKind.GRADE }>, lang: Language): string {
  const label = ASSESSMENT_LABELS[f.assessment][lang];
  if (f.assessment !== AssessmentKindCode.REGULAR) return label;
  return lang === 'en' ? `${label} no. ${f.ordinal}` : `${label} lần ${f.ordinal}`;
}

const SESSION = { vi: { MORNING: 'buổi sáng', AFTERNOON: 'buổi chiều' }, en: { MORNING: 'the morning', AFTERNOON: 'the afternoon' } } as const;

/** One full sentence about the item, without the school's name. */
export function itemSentence(f: ItemFacts, s: ItemSubject, lang: Language): string {
  switch (f.kind) {
    case ContactBookEntryKind.GRADE: {
      const score = formatScore(f.score, lang);
      const day = dayMonthYear(f.date);
      if (lang === 'en') {
        const what = `${f.subjectNameEn}, ${assessmentName(f, lang)}`;
        return f.previousScore === null
          ? `${s.studentName} (class ${s.className}) – ${what}: ${score} (${day}).`
          : `${s.studentName} (class ${s.className}) – ${what} corrected from ${formatScore(f.previousScore, lang)} to ${score} (${day}).`;
      }
      return f.previousScore === null
        ? `Em ${s.studentName}, lớp ${s.className}, điểm ${assessmentName(f, lang)} môn ${f.subjectName}: ${score} (ngày ${day}).`
        : `Em ${s.studentName}, lớp ${s.className}, điểm ${assessmentName(f, lang)} môn ${f.subjectName} được sửa từ ${formatScore(f.previousScore, lang)} thành ${score} (ngày ${day}).`;
    }
    case ContactBookEntryKind.ABSENCE: {
      const day = dayMonthYear(f.date);
      const session = SESSION[lang][f.session];
      if (lang === 'en') {
        const what = { EXCUSED_ABSENCE: 'was absent with permission', UNEXCUSED_ABSENCE: 'was absent without permission', LATE: 'was late', PRESENT: 'was present' }[f.status];
        return `${s.studentName} (class ${s.className}) ${what} on ${session} of ${day}.`;
      }
      const what = { EXCUSED_ABSENCE: 'nghỉ học có phép', UNEXCUSED_ABSENCE: 'nghỉ học không phép', LATE: 'đi học muộn', PRESENT: 'có mặt' }[f.status];
      return `Em ${s.studentName}, lớp ${s.className}, ${what} ${session} ngày ${day}.`;
    }
    case ContactBookEntryKind.ANNOUNCEMENT: {
      const label = ANNOUNCEMENT_KIND_LABELS[f.announcementKind][lang];
      const scope = f.classWide ? (lang === 'en' ? ` (class ${s.className})` : ` lớp ${s.className}`) : '';
      const when = f.eventAt ? (lang === 'en' ? ` – ${localTimeAndDay(f.eventAt)}` : ` – ${localTimeAndDay(f.eventAt).replace(' ', ' ngày ')}`) : '';
      return `${label}${scope}: ${f.title}${when}.`;
    }
  }
}

/** Cuts a text to `max` characters with an ellipsis. */
function fitSms(text: string, max = SMS_MAX_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function shortTopic(f: ItemFacts, s: ItemSubject, lang: Language): string {
  switch (f.kind) {
    case ContactBookEntryKind.GRADE:
      return lang === 'en' ? `${s.studentName} – ${f.subjectNameEn} ${assessmentName(f, lang)}` : `Em ${s.studentName} – điểm ${assessmentName(f, lang)} môn ${f.subjectName}`;
    case ContactBookEntryKind.ABSENCE:
      return lang === 'en' ? `${s.studentName} – attendance on ${dayMonthYear(f.date)}` : `Em ${s.studentName} – chuyên cần ngày ${dayMonthYear(f.date)}`;
    case ContactBookEntryKind.ANNOUNCEMENT:
      return f.title;
  }
}

function signature(schoolName: string, lang: Language): string {
  return lang === 'en'
    ? `Kind regards,\n${schoolName} – electronic contact book (Lâm Đồng Department of Education and Training)`
    : `Trân trọng,\n${schoolName} – Sổ liên lạc điện tử (Sở Giáo dục và Đào tạo tỉnh Lâm Đồng)`;
}

function greeting(guardianName: string, lang: Language): string {
  return lang === 'en' ? `Dear ${guardianName},` : `Kính gửi Quý phụ huynh ${guardianName},`;
}

/** Extra lines an e-mail carries that an SMS leaves out (a note, the announcement's text). */
function details(f: ItemFacts, lang: Language): string[] {
  if (f.kind === ContactBookEntryKind.ABSENCE && f.note) return [lang === 'en' ? `Note: ${f.note}` : `Ghi chú: ${f.note}`];
  if (f.kind === ContactBookEntryKind.ANNOUNCEMENT && f.body) return [f.body];
  return [];
}

/** The message a guardian in IMMEDIATE mode gets for one item on one channel. */
export function immediateMessage(f: ItemFacts, s: ItemSubject, lang: Language, channel: NotificationChannel, guardianName: string): RenderedMessage {
  const sentence = itemSentence(f, s, lang);
  const from = lang === 'en' ? `${s.schoolName}: ` : `Nhà trường ${s.schoolName}: `;
  if (channel === NotificationChannel.SMS) return { subject: null, body: fitSms(`${from}${sentence}`) };
  const subject = lang === 'en' ? `Electronic contact book – ${s.schoolName}: ${shortTopic(f, s, lang)}` : `Sổ liên lạc điện tử – ${s.schoolName}: ${shortTopic(f, s, lang)}`;
  return { subject, body: [greeting(guardianName, lang), '', `${from}${sentence}`, ...details(f, lang), '', signature(s.schoolName, lang)].join('\n') };
}

/** A compact form of an item for the SMS digest. */
function digestFragment(f: ItemFacts, s: ItemSubject, lang: Language): string {
  switch (f.kind) {
    case ContactBookEntryKind.GRADE: {
      const subject = lang === 'en' ? f.subjectNameEn : f.subjectName;
      return `${s.studentName}: ${subject} ${assessmentName(f, lang)} ${formatScore(f.score, lang)}`;
    }
    case ContactBookEntryKind.ABSENCE: {
      const what = lang === 'en'
        ? { EXCUSED_ABSENCE: 'absent (excused)', UNEXCUSED_ABSENCE: 'absent (unexcused)', LATE: 'late', PRESENT: 'present' }[f.status]
        : { EXCUSED_ABSENCE: 'nghỉ có phép', UNEXCUSED_ABSENCE: 'nghỉ không phép', LATE: 'đi muộn', PRESENT: 'có mặt' }[f.status];
      const session = lang === 'en' ? (f.session === AttendanceSession.MORNING ? 'a.m.' : 'p.m.') : f.session === AttendanceSession.MORNING ? 'sáng' : 'chiều';
      return `${s.studentName}: ${what} ${session} ${dayMonthYear(f.date).slice(0, 5)}`;
    }
    case ContactBookEntryKind.ANNOUNCEMENT:
      return `${ANNOUNCEMENT_KIND_LABELS[f.announcementKind][lang]}: ${f.title}`;
  }
}

/**
 * One guardian's digest of `day` (`YYYY-MM-DD`, local): every pending item of their children,
 * oldest first. The SMS lists what fits in two segments and counts the rest.
 */
export function digestMessage(day: string, items: { facts: ItemFacts; subject: ItemSubject }[], lang: Language, channel: NotificationChannel, guardianName: string): RenderedMessage {
  const date = dayMonthYear(day);
  if (channel === NotificationChannel.SMS) {
    const head = lang === 'en' ? `Contact book ${date}: ` : `Sổ liên lạc ${date}: `;
    const fragments = items.map((i) => digestFragment(i.facts, i.subject, lang));
    let text = head;
    let shown = 0;
    for (const [i, fr] of fragments.entries()) {
      const rest = fragments.length - i - 1;
      const tail = rest ? (lang === 'en' ? `; +${rest} more in the app` : `; +${rest} mục khác trên ứng dụng`) : '.';
      const candidate = `${text}${shown ? '; ' : ''}${fr}`;
      if ([...candidate].length + [...tail].length > SMS_MAX_CHARS && shown) break;
      text = candidate;
      shown++;
    }
    const rest = fragments.length - shown;
    const tail = rest ? (lang === 'en' ? `; +${rest} more in the app` : `; +${rest} mục khác trên ứng dụng`) : '.';
    return { subject: null, body: fitSms(`${text}${tail}`) };
  }
  const schools = [...new Set(items.map((i) => i.subject.schoolName))].join(', ');
  const subject = lang === 'en' ? `Electronic contact book – ${date} (${items.length} item${items.length === 1 ? '' : 's'})` : `Sổ liên lạc điện tử ngày ${date} (${items.length} mục)`;
  const lines = items.flatMap((i) => [`- ${i.subject.schoolName}: ${itemSentence(i.facts, i.subject, lang)}`, ...details(i.facts, lang).map((d) => `  ${d}`)]);
  const intro = lang === 'en' ? `What the school wrote in your children's contact book on ${date}:` : `Nội dung sổ liên lạc điện tử của con em Quý phụ huynh ngày ${date}:`;
  return { subject, body: [greeting(guardianName, lang), '', intro, '', ...lines, '', signature(schools, lang)].join('\n') };
}
