/**
 * The forms of the education procedures: their published shapes, parsing, the checks against
 * the school register, and the form validators run on submission and reception. The approval
 * hooks (hooks.ts) check them again under row locks.
 */
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { type FormContext, type FormIssue, type FormValidator, isUuid } from '../../src/kernel';
import { SchoolLevel } from './rules/education.types';
import { School, SchoolClass } from './entities/school.entity';
import { Enrolment, Guardian, Student, StudentGuardian } from './entities/student.entity';
import { EDUCATION_PROCEDURE } from './procedures';
import { isIsoDate, localToday } from './rules/school-dates';

/** The published contract of `formData` for a school transfer. */
export interface TransferForm {
  studentCode: string;
  fromSchoolId: string;
  toSchoolId: string;
  reason: string;
  /** A class of the receiving school; absent: the school places the student (placeStudent). */
  toClassId: string | null;
}

/** The published contract of `formData` for a diploma copy. */
export interface DiplomaCopyForm {
  holderName: string;
  dateOfBirth: string;
  diplomaKind: DiplomaKind;
  graduationYear: number;
  schoolName: string;
  copies: number;
}

/** Diplomas and certificates whose original register (sổ gốc) the department keeps (Education Law 2019 art. 12; Circular 21/2019). */
export enum DiplomaKind {
  LOWER_SECONDARY_DIPLOMA = 'LOWER_SECONDARY_DIPLOMA',
  UPPER_SECONDARY_DIPLOMA = 'UPPER_SECONDARY_DIPLOMA',
  SUPPLEMENTARY_SECONDARY_DIPLOMA = 'SUPPLEMENTARY_SECONDARY_DIPLOMA',
  FOREIGN_LANGUAGE_CERTIFICATE = 'FOREIGN_LANGUAGE_CERTIFICATE',
  INFORMATICS_CERTIFICATE = 'INFORMATICS_CERTIFICATE',
}

export const DIPLOMA_KIND_NAMES: Record<DiplomaKind, string> = {
  [DiplomaKind.LOWER_SECONDARY_DIPLOMA]: 'Bằng tốt nghiệp trung học cơ sở',
  [DiplomaKind.UPPER_SECONDARY_DIPLOMA]: 'Bằng tốt nghiệp trung học phổ thông',
  [DiplomaKind.SUPPLEMENTARY_SECONDARY_DIPLOMA]: 'Bằng tốt nghiệp bổ túc trung học',
  [DiplomaKind.FOREIGN_LANGUAGE_CERTIFICATE]: 'Chứng chỉ ngoại ngữ (A, B, C)',
  [DiplomaKind.INFORMATICS_CERTIFICATE]: 'Chứng chỉ tin học ứng dụng (A, B, C)',
};

export const DIPLOMA_COPY_RECORD = 'education.diploma-copy';
const MAX_COPIES = 20;

const TRANSFER_LEVEL: Record<string, SchoolLevel> = {
  [EDUCATION_PROCEDURE.TRANSFER_LOWER_SECONDARY]: SchoolLevel.LOWER_SECONDARY,
  [EDUCATION_PROCEDURE.TRANSFER_UPPER_SECONDARY]: SchoolLevel.UPPER_SECONDARY,
};

function text(issues: FormIssue[], data: Record<string, unknown>, field: string, max: number, required = true): string | null {
  const v = typeof data[field] === 'string' ? (data[field] as string).trim() : '';
  if (!v) {
    if (required) issues.push({ field, message: 'Không được để trống / Required' });
    return null;
  }
  if (v.length > max) issues.push({ field, message: `Tối đa ${max} ký tự / At most ${max} characters` });
  return v.normalize('NFC');
}

function id(issues: FormIssue[], data: Record<string, unknown>, field: string, required = true): string | null {
  const v = data[field];
  if (v === undefined || v === null || v === '') {
    if (required) issues.push({ field, message: 'Không được để trống / Required' });
    return null;
  }
  if (typeof v !== 'string' || !isUuid(v)) {
    issues.push({ field, message: 'Mã định danh không hợp lệ / Malformed id' });
    return null;
  }
  return v;
}

export function parseTransferForm(data: Record<string, unknown>): { form?: TransferForm; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const studentCode = text(issues, data, 'studentCode', 40);
  const fromSchoolId = id(issues, data, 'fromSchoolId');
  const toSchoolId = id(issues, data, 'toSchoolId');
  const reason = text(issues, data, 'reason', 1000);
  const toClassId = id(issues, data, 'toClassId', false);
  if (fromSchoolId && toSchoolId && fromSchoolId === toSchoolId) issues.push({ field: 'toSchoolId', message: 'Trường nơi đến phải khác trường nơi đi / The receiving school must differ' });
  if (issues.length) return { issues };
  return { form: { studentCode: studentCode!, fromSchoolId: fromSchoolId!, toSchoolId: toSchoolId!, reason: reason!, toClassId }, issues };
}

/** What a checked transfer moves. */
/** One answer for "no such student", "not your child" and, at the counter, every other fact of the pupil's record. */
const NOT_ON_RECORD: FormIssue = { field: 'studentCode', message: 'Không tìm thấy học sinh có mã này mà người nộp là cha mẹ hoặc người giám hộ, hoặc thông tin không khớp với sổ đăng bộ / No student with this code whose parent or guardian is the applicant, or the details do not match the register' };

export interface TransferFacts {
  student: Student;
  openEnrolment: Enrolment;
  fromSchool: School;
  toSchool: School;
  toClass: SchoolClass | null;
}

/**
 * Checks a transfer form against the register. The applicant must be a parent or guardian of
 * the student on record (matched by CCCD); one message covers "no such student" and "not your
 * child", so the form cannot be used to find out who studies where.
 */
export async function checkTransfer(em: EntityManager, procedureCode: string, form: TransferForm, applicantIdNumber: string, lock = false): Promise<{ facts?: TransferFacts; issues: FormIssue[] }> {
  const issues: FormIssue[] = [];
  const student = await em.findOne(Student, { code: form.studentCode }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  const guardian = student ? await em.findOne(Guardian, { identityNumber: applicantIdNumber }) : null;
  const link = student && guardian ? await em.count(StudentGuardian, { student, guardian }) : 0;
  if (!student || !link) return { issues: [NOT_ON_RECORD] };
  const level = TRANSFER_LEVEL[procedureCode];
  const [fromSchool, toSchool] = await Promise.all([em.findOne(School, form.fromSchoolId), em.findOne(School, form.toSchoolId)]);
  if (!fromSchool || student.school.id !== fromSchool.id) issues.push({ field: 'fromSchoolId', message: 'Học sinh không đang học tại trường này / The student is not at this school' });
  if (!toSchool) issues.push({ field: 'toSchoolId', message: 'Không tìm thấy trường nơi đến / No such school' });
  else if (level && toSchool.level !== level) issues.push({ field: 'toSchoolId', message: 'Trường nơi đến không cùng cấp học của thủ tục / The receiving school is not of this procedure’s level' });
  if (fromSchool && level && fromSchool.level !== level) issues.push({ field: 'fromSchoolId', message: 'Trường nơi đi không cùng cấp học của thủ tục / The school left is not of this procedure’s level' });
  const openEnrolment = await em.findOne(Enrolment, { student, toDate: null }, { populate: ['schoolClass'], ...(lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {}) });
  if (!openEnrolment) issues.push({ field: 'studentCode', message: 'Học sinh hiện không có lớp để chuyển đi / The student is in no class to leave' });
  let toClass: SchoolClass | null = null;
  if (form.toClassId) {
    toClass = await em.findOne(SchoolClass, form.toClassId);
    if (!toClass || !toSchool || toClass.school.id !== toSchool.id) issues.push({ field: 'toClassId', message: 'Lớp không thuộc trường nơi đến / The class is not of the receiving school' });
    else if (openEnrolment) {
      const current = openEnrolment.schoolClass;
      if (toClass.schoolYear.id !== current.schoolYear.id) issues.push({ field: 'toClassId', message: 'Lớp không cùng năm học / The class is of another school year' });
      if (toClass.gradeLevel !== current.gradeLevel) issues.push({ field: 'toClassId', message: `Lớp nơi đến phải là lớp ${current.gradeLevel} / The class must be of grade ${current.gradeLevel}` });
    }
  }
  if (issues.length) return { issues };
  return { facts: { student, openEnrolment: openEnrolment!, fromSchool: fromSchool!, toSchool: toSchool!, toClass }, issues };
}

async function validateTransfer(data: Record<string, unknown>, ctx: FormContext): Promise<FormIssue[]> {
  const parsed = parseTransferForm(data);
  if (!parsed.form) return parsed.issues;
  // The signed-in citizen's guardianship online, not a typed-in CCCD: that would tell anyone whose
  // child a student is and where the child studies (issue 13, no oracles).
  const { issues } = await checkTransfer(ctx.em, ctx.procedureCode, parsed.form, ctx.verifiedIdNumber ?? '');
  // At the counter the number is proven by papers the officer holds, not by the officer's
  // session: an officer with a guessed CCCD and pupil code must not learn, from which check
  // fails next, the pupil's school, class or grade. Online, the signed-in parent may be told.
  if (ctx.channel === 'ONLINE' || !issues.some((i) => RECORD_FIELDS.has(i.field))) return issues;
  return [NOT_ON_RECORD, ...issues.filter((i) => !RECORD_FIELDS.has(i.field))];
}

/** The form fields whose checks read the pupil's record (school attended, open class, grade). */
const RECORD_FIELDS: ReadonlySet<string> = new Set(['studentCode', 'fromSchoolId', 'toClassId']);

export function parseDiplomaCopyForm(data: Record<string, unknown>, now: Date): { form?: DiplomaCopyForm; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const holderName = text(issues, data, 'holderName', 200);
  const schoolName = text(issues, data, 'schoolName', 300);
  const dob = data.dateOfBirth;
  const today = localToday(now);
  if (typeof dob !== 'string' || !isIsoDate(dob)) issues.push({ field: 'dateOfBirth', message: 'Ngày sinh không hợp lệ (YYYY-MM-DD) / Not a date (YYYY-MM-DD)' });
  else if (dob >= today) issues.push({ field: 'dateOfBirth', message: 'Ngày sinh phải trước hôm nay / Must lie in the past' });
  const kind = data.diplomaKind;
  if (typeof kind !== 'string' || !(kind in DIPLOMA_KIND_NAMES)) issues.push({ field: 'diplomaKind', message: `Loại văn bằng không hợp lệ; một trong ${Object.keys(DIPLOMA_KIND_NAMES).join(', ')} / Unknown kind` });
  const year = data.graduationYear;
  const thisYear = Number(today.slice(0, 4));
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1945 || year > thisYear) {
    issues.push({ field: 'graduationYear', message: `Năm tốt nghiệp từ 1945 đến ${thisYear} / A year between 1945 and ${thisYear}` });
  } else if (typeof dob === 'string' && isIsoDate(dob) && year < Number(dob.slice(0, 4)) + 10) {
    issues.push({ field: 'graduationYear', message: 'Năm tốt nghiệp không phù hợp với năm sinh / Does not fit the year of birth' });
  }
  const copies = data.copies;
  if (typeof copies !== 'number' || !Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES) issues.push({ field: 'copies', message: `Số bản sao từ 1 đến ${MAX_COPIES} / Between 1 and ${MAX_COPIES} copies` });
  if (issues.length) return { issues };
  return { form: { holderName: holderName!, dateOfBirth: dob as string, diplomaKind: kind as DiplomaKind, graduationYear: year as number, schoolName: schoolName!, copies: copies as number }, issues };
}

export function formOf(data: unknown): Record<string, unknown> | null {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}

/** The manifest's `formValidators`. */
export const educationFormValidators: Record<string, FormValidator> = {
  [EDUCATION_PROCEDURE.TRANSFER_LOWER_SECONDARY]: (data, ctx) => validateTransfer(formOf(data) ?? {}, ctx),
  [EDUCATION_PROCEDURE.TRANSFER_UPPER_SECONDARY]: (data, ctx) => validateTransfer(formOf(data) ?? {}, ctx),
  [EDUCATION_PROCEDURE.DIPLOMA_COPY]: (data, ctx) => parseDiplomaCopyForm(formOf(data) ?? {}, ctx.now).issues,
};
