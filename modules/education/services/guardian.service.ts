/**
 * A guardian's own settings (channels, digest or not, language, contact details), and a school
 * admin placing a student of the school who has no class (after a transfer left it to the school).
 */
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import {
  emailProblem, ErrorResult, inTransaction, Issues, NotAuthorized, NotificationChannel, phoneProblem, type Principal,
  ValidationFailed, VersionConflict,
} from '../../../src/kernel';
import { ClassNotFound, StudentNotFound } from '../api/education-errors.output';
import { PlaceStudentInput, SetGuardianPreferencesInput } from '../api/education.inputs';
import { SchoolClass } from '../entities/school.entity';
import { Enrolment, Guardian, Student } from '../entities/student.entity';
import { EducationAccess } from '../access';
import { dateString, isIsoDate, localToday } from '../rules/school-dates';

/** The signed-in guardian (matched by CCCD) changes how they hear from schools. */
export async function setGuardianPreferences(em: EntityManager, p: Principal, input: SetGuardianPreferencesInput): Promise<{ guardianId: string } | ErrorResult> {
  if (!p.identityNumber) return NotAuthorized.of('only a parent or guardian on a school’s records');
  const issues = new Issues();
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
  const phone = input.phone != null ? issues.text('phone', input.phone, 20) : undefined;
  if (phone && phoneProblem(phone)) issues.add('phone', phoneProblem(phone)!);
  const email = input.email != null ? issues.text('email', input.email, 254) : undefined;
  if (email && emailProblem(email)) issues.add('email', emailProblem(email)!);
  if (!issues.ok) return ValidationFailed.of(issues.list);
  return inTransaction(em, async (tx) => {
    const g = await tx.findOne(Guardian, { identityNumber: p.identityNumber }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!g) return NotAuthorized.of('only a parent or guardian on a school’s records');
    if (g.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, g.version, { vi: 'Thông tin phụ huynh', en: 'guardian record' });
    const channels = new Set(input.channels);
    const newPhone = phone === undefined ? g.phone : phone;
    const newEmail = email === undefined ? g.email : email;
    if (channels.has(NotificationChannel.SMS) && !newPhone) issues.add('channels', 'Cần số điện thoại để nhận SMS / A phone number is needed for SMS');
    if (channels.has(NotificationChannel.EMAIL) && !newEmail) issues.add('channels', 'Cần địa chỉ e-mail để nhận thư / An e-mail address is needed for e-mail');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    g.phone = newPhone ?? null;
    g.email = newEmail ?? null;
    g.notifySms = channels.has(NotificationChannel.SMS);
    g.notifyEmail = channels.has(NotificationChannel.EMAIL);
    g.deliveryMode = input.deliveryMode;
    g.language = input.language;
    await tx.flush();
    return { guardianId: g.id };
  });
}

/** A school admin puts a student of the school who has no open enrolment into a class. */
export async function placeStudent(em: EntityManager, access: EducationAccess, input: PlaceStudentInput, now: Date): Promise<{ studentId: string } | ErrorResult> {
  const issues = new Issues();
  const ok = issues.uuid('studentId', input.studentId) && issues.uuid('classId', input.classId);
  const from = input.fromDate ?? localToday(now);
  if (!isIsoDate(from)) issues.add('fromDate', 'Ngày không hợp lệ (YYYY-MM-DD) / Not a date (YYYY-MM-DD)');
  if (!ok || !issues.ok) return ValidationFailed.of(issues.list);
  const schoolClass = await em.findOne(SchoolClass, input.classId, { populate: ['schoolYear'] });
  if (!schoolClass) return ClassNotFound.of(input.classId);
  if (!access.adminSchoolIds.has(schoolClass.school.id)) return NotAuthorized.of('place a student: an admin of the school');
  const year = schoolClass.schoolYear;
  if (from < dateString(year.startsOn) || from > dateString(year.endsOn)) issues.add('fromDate', `Ngày ngoài năm học ${year.name} / Outside the school year ${year.name}`);
  return inTransaction(em, async (tx) => {
    const student = await tx.findOne(Student, input.studentId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    // A student of another school is not this admin's to see.
    if (!student || student.school.id !== schoolClass.school.id) return StudentNotFound.of(input.studentId);
    if (await tx.count(Enrolment, { student, toDate: null })) issues.add('studentId', 'Học sinh đang có lớp; dùng chuyển lớp / The student already has a class');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    tx.create(Enrolment, { student, schoolClass, fromDate: from });
    await tx.flush();
    return { studentId: student.id };
  });
}
