/**
 * The roll call of a session: one row per student, date and session. Recording the session
 * again (a retry, or a late arrival turned into "late") updates the rows that changed; an
 * absence or lateness that is new or changed goes to the contact book, a presence does not.
 * A student who is not in the class that day refuses the whole roll call.
 */
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Account, ErrorResult, inTransaction, Issues, NotAuthorized, type Principal, ValidationFailed } from '../../../src/kernel';
import { ClassNotFound } from '../api/education-errors.output';
import { RecordAttendanceInput } from '../api/education.inputs';
import { AttendanceStatus, ContactBookEntryKind } from '../rules/education.types';
import { Attendance } from '../entities/attendance.entity';
import { SchoolClass } from '../entities/school.entity';
import { Student } from '../entities/student.entity';
import { NewContactBookItem, writeContactBook } from './contact-book.service';
import { EducationAccess, teachesClass } from '../access';
import { enrolledIn } from './grade.service';
import { dateString, isIsoDate, localToday } from '../rules/school-dates';

const MAX_BATCH = 100;
const NOTE_MAX = 500;

/** What `recordAttendance` wrote: rows changed, and absences that went to the contact book. */
export interface AttendanceWritten {
  attendanceIds: string[];
  changed: number;
  notified: number;
  messages: number;
}

/** The roll call of one session of a class by one of its teachers. */
export async function recordAttendance(em: EntityManager, p: Principal, access: EducationAccess, input: RecordAttendanceInput, now: Date): Promise<AttendanceWritten | ErrorResult> {
  const issues = new Issues();
  const classOk = issues.uuid('classId', input.classId);
  const today = localToday(now);
  if (!isIsoDate(input.date)) issues.add('date', 'Ngày không hợp lệ (YYYY-MM-DD) / Not a date (YYYY-MM-DD)');
  else if (input.date > today) issues.add('date', 'Không điểm danh trước cho ngày chưa tới / Cannot take the roll for a day that has not come');
  if (!input.entries.length) issues.add('entries', 'Cần ít nhất một học sinh / At least one student');
  if (input.entries.length > MAX_BATCH) issues.add('entries', `Tối đa ${MAX_BATCH} học sinh mỗi lần / At most ${MAX_BATCH} students at once`);
  const seen = new Set<string>();
  const notes = input.entries.map((e, i) => {
    if (issues.uuid(`entries[${i}].studentId`, e.studentId)) {
      if (seen.has(e.studentId)) issues.add(`entries[${i}].studentId`, 'Học sinh bị lặp trong danh sách / Student listed twice');
      seen.add(e.studentId);
    }
    return issues.text(`entries[${i}].note`, e.note, NOTE_MAX, false);
  });
  if (!classOk || !issues.ok) return ValidationFailed.of(issues.list);

  const schoolClass = await em.findOne(SchoolClass, input.classId, { populate: ['school', 'schoolYear'] });
  if (!schoolClass) return ClassNotFound.of(input.classId);
  if (!teachesClass(access, schoolClass.id) || !p.accountId) return NotAuthorized.of('record attendance: only a teacher of this class');
  const year = schoolClass.schoolYear;
  if (input.date < dateString(year.startsOn) || input.date > dateString(year.endsOn)) {
    issues.add('date', `Ngày ngoài năm học ${year.name} của lớp / Outside the class’s school year ${year.name}`);
    return ValidationFailed.of(issues.list);
  }
  const members = await enrolledIn(em, schoolClass.id, input.date, input.date);
  input.entries.forEach((e, i) => {
    if (!members.has(e.studentId)) issues.add(`entries[${i}].studentId`, `Học sinh không thuộc lớp ${schoolClass.name} ngày ${input.date} / The student is not in this class on that day`);
  });
  if (!issues.ok) return ValidationFailed.of(issues.list);

  return inTransaction(em, async (tx) => {
    const ids = input.entries.map((e) => e.studentId);
    // Locked: two teachers taking the same roll at once apply one after the other, not over each other.
    const existing = new Map(
      (await tx.find(Attendance, { student: { $in: ids }, date: input.date, session: input.session }, { lockMode: LockMode.PESSIMISTIC_WRITE })).map((a) => [a.student.id, a]),
    );
    const students = new Map((await tx.find(Student, { id: { $in: ids } })).map((s) => [s.id, s]));
    const me = tx.getReference(Account, p.accountId!);
    const items: NewContactBookItem[] = [];
    const attendanceIds: string[] = [];
    let changed = 0;
    input.entries.forEach((e, i) => {
      const note = notes[i] ?? null;
      let row = existing.get(e.studentId);
      let version = 1;
      if (row) {
        if (row.status === e.status && (row.note ?? null) === note && row.schoolClass.id === schoolClass.id) {
          attendanceIds.push(row.id);
          return;
        }
        const before = row.status;
        row.status = e.status;
        row.note = note;
        row.schoolClass = schoolClass;
        row.recordedBy = me;
        row.recordedAt = now;
        version = row.version + 1;
        changed++;
        attendanceIds.push(row.id);
        // Only a new or different absence is news for the guardians; a corrected note is not.
        if (before === e.status) return;
      } else {
        row = tx.create(Attendance, { student: students.get(e.studentId)!, schoolClass, date: input.date, session: input.session, status: e.status, note, recordedBy: me, recordedAt: now });
        changed++;
        attendanceIds.push(row.id);
      }
      if (e.status === AttendanceStatus.PRESENT) return;
      items.push({
        studentId: e.studentId,
        classId: schoolClass.id,
        schoolId: schoolClass.school.id,
        subject: { schoolName: schoolClass.school.name, className: schoolClass.name, studentName: students.get(e.studentId)!.fullName },
        facts: { kind: ContactBookEntryKind.ABSENCE, status: e.status, session: input.session, date: input.date, note },
        attendanceId: row.id,
        messageKey: `absence:${row.id}:v${version}`,
      });
    });
    const { messages } = await writeContactBook(tx, items, now);
    await tx.flush();
    return { attendanceIds, changed, notified: items.length, messages };
  });
}
