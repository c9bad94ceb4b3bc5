/**
 * The read path of the education module: plain rows mapped without the unit of work, and one
 * DataLoader per relation a list can reach (ARCHITECTURE rule 5), created per request through
 * `ctx.loaders.forModule` so nothing is cached across callers with different rights.
 */
import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { grouped, type ModuleContext, query } from '../../../src/kernel';
import {
  AssessmentKindCode,
  AttendanceSession,
  AttendanceStatus,
  ContactBookEntryKind,
  ContactDeliveryMode,
  GuardianRelation,
  SchoolLevel,
  StudentGender,
  TermCode,
} from '../rules/education.types';

export interface SchoolView {
  id: string;
  code: string;
  name: string;
  level: SchoolLevel;
  address: string;
  adminUnitCode: string;
  adminUnitName: string;
  agencyCode: string | null;
}

export interface SchoolYearView {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface TermView {
  id: string;
  code: TermCode;
  name: string;
  startsOn: string;
  endsOn: string;
  schoolYearId: string;
  schoolYearName: string;
}

export interface ClassView {
  id: string;
  name: string;
  gradeLevel: number;
  schoolId: string;
  schoolYearId: string;
  schoolYearName: string;
  homeroomTeacherName: string | null;
}

/** Whose guardian contacts the caller sees on this student (decided when the student was read). */
type ContactsVisible = 'OWN' | 'ALL' | 'NONE';

export interface StudentView {
  id: string;
  code: string;
  fullName: string;
  dateOfBirth: string;
  gender: StudentGender;
  schoolId: string;
  contacts: ContactsVisible;
  /** The caller's own guardian records, for `OWN`. */
  viewerGuardianIds: readonly string[];
}

export interface GuardianContactView {
  studentId: string;
  guardianId: string;
  fullName: string;
  relation: GuardianRelation;
  /** The guardian's CCCD when recorded: whose reads of this contact are logged (never returned). */
  identityNumber?: string | null;
  phone: string | null;
  email: string | null;
  notifySms: boolean;
  notifyEmail: boolean;
  deliveryMode: ContactDeliveryMode;
  language: string;
  version: number;
}

export interface GradeView {
  id: string;
  studentId: string;
  classId: string;
  classSchoolId: string;
  termId: string;
  subjectCode: string;
  subjectName: string;
  kind: AssessmentKindCode;
  ordinal: number;
  score: number;
  enteredAt: Date;
  enteredByName: string;
  version: number;
}

export interface GradeRevisionView {
  gradeId: string;
  version: number;
  score: number;
  enteredAt: Date;
  enteredByName: string;
  reason: string | null;
}

export interface AttendanceView {
  id: string;
  studentId: string;
  classId: string;
  classSchoolId: string;
  date: string;
  session: AttendanceSession;
  status: AttendanceStatus;
  note: string | null;
  recordedAt: Date;
  version: number;
}

export interface AnnouncementView {
  id: string;
  schoolId: string;
  classId: string | null;
  kind: string;
  title: string;
  body: string;
  eventAt: Date | null;
  publishedAt: Date;
}

export interface EntryView {
  id: string;
  studentId: string;
  classId: string;
  classSchoolId: string;
  kind: ContactBookEntryKind;
  detail: Record<string, unknown>;
  createdAt: Date;
  studentName: string;
  className: string;
  schoolName: string;
}

const SCHOOL_COLUMNS = `s.id, s.code, s.name, s.level, s.address, s.admin_unit_code as "adminUnitCode", u.name as "adminUnitName", s.agency_code as "agencyCode"`;
const SCHOOL_FROM = `education_school s join admin_unit u on u.id = s.admin_unit_id`;
const CLASS_COLUMNS = `c.id, c.name, c.grade_level as "gradeLevel", c.school_id as "schoolId", c.school_year_id as "schoolYearId", y.name as "schoolYearName", a.full_name as "homeroomTeacherName"`;
const CLASS_FROM = `education_class c join education_school_year y on y.id = c.school_year_id left join account a on a.id = c.homeroom_teacher_id`;
const TERM_COLUMNS = `t.id, t.code, t.name, t.starts_on::text as "startsOn", t.ends_on::text as "endsOn", t.school_year_id as "schoolYearId", y.name as "schoolYearName"`;
const STUDENT_COLUMNS = `st.id, st.code, st.full_name as "fullName", st.date_of_birth::text as "dateOfBirth", st.gender, st.school_id as "schoolId"`;
const GRADE_COLUMNS = `g.id, g.student_id as "studentId", g.school_class_id as "classId", c.school_id as "classSchoolId", g.term_id as "termId",
  g.subject_code as "subjectCode", sub.name as "subjectName", g.kind, g.ordinal, g.score::float8 as score, g.entered_at as "enteredAt",
  a.full_name as "enteredByName", g.version`;
const GRADE_FROM = `education_grade g join education_class c on c.id = g.school_class_id join education_subject sub on sub.code = g.subject_code join account a on a.id = g.entered_by_id`;
const ATTENDANCE_COLUMNS = `r.id, r.student_id as "studentId", r.school_class_id as "classId", c.school_id as "classSchoolId", r.date::text as date, r.session, r.status, r.note,
  r.recorded_at as "recordedAt", r.version`;
const ENTRY_COLUMNS = `e.id, e.student_id as "studentId", e.school_class_id as "classId", e.kind, e.detail, e.created_at as "createdAt",
  c.school_id as "classSchoolId", st.full_name as "studentName", c.name as "className", s.name as "schoolName"`;
const ENTRY_FROM = `education_contact_book_entry e join education_student st on st.id = e.student_id join education_class c on c.id = e.school_class_id join education_school s on s.id = c.school_id`;

export async function allSchools(em: EntityManager): Promise<SchoolView[]> {
  return query<SchoolView>(em, `select ${SCHOOL_COLUMNS} from ${SCHOOL_FROM} order by s.level, s.name`);
}

export async function schoolYears(em: EntityManager): Promise<SchoolYearView[]> {
  return query<SchoolYearView>(em, `select id, name, starts_on::text as "startsOn", ends_on::text as "endsOn" from education_school_year order by starts_on desc`);
}

export async function terms(em: EntityManager, schoolYearId: string | null): Promise<TermView[]> {
  return query<TermView>(
    em,
    `select ${TERM_COLUMNS} from education_term t join education_school_year y on y.id = t.school_year_id
      where $1::uuid is null or t.school_year_id = $1::uuid order by t.starts_on desc`,
    [schoolYearId],
  );
}

export async function findTerm(em: EntityManager, id: string): Promise<TermView | null> {
  return (await query<TermView>(em, `select ${TERM_COLUMNS} from education_term t join education_school_year y on y.id = t.school_year_id where t.id = $1`, [id]))[0] ?? null;
}

export async function findClass(em: EntityManager, id: string): Promise<ClassView | null> {
  return (await query<ClassView>(em, `select ${CLASS_COLUMNS} from ${CLASS_FROM} where c.id = $1`, [id]))[0] ?? null;
}

export async function studentRows(em: EntityManager, ids: readonly string[]): Promise<Omit<StudentView, 'contacts' | 'viewerGuardianIds'>[]> {
  if (!ids.length) return [];
  return query(em, `select ${STUDENT_COLUMNS} from education_student st where st.id = any($1::uuid[]) order by st.full_name, st.id`, [ids]);
}

/** A class's students in `[from, to]` (local dates), with their enrolment. */
export async function rosterRows(em: EntityManager, classId: string, onDate: string | null): Promise<(Omit<StudentView, 'contacts' | 'viewerGuardianIds'> & { fromDate: string; toDate: string | null })[]> {
  return query(
    em,
    `select ${STUDENT_COLUMNS}, e.from_date::text as "fromDate", e.to_date::text as "toDate"
       from education_enrolment e join education_student st on st.id = e.student_id
      where e.school_class_id = $1 and ($2::date is null or (e.from_date <= $2::date and (e.to_date is null or e.to_date > $2::date)))
      order by split_part(st.full_name, ' ', -1), st.full_name, st.id`,
    [classId, onDate],
  );
}

export async function gradesOf(em: EntityManager, studentId: string, termId: string): Promise<GradeView[]> {
  return query<GradeView>(
    em,
    `select ${GRADE_COLUMNS} from ${GRADE_FROM} where g.student_id = $1 and g.term_id = $2
      order by sub.name, case g.kind when 'REGULAR' then 1 when 'MID_TERM' then 2 else 3 end, g.ordinal`,
    [studentId, termId],
  );
}

export async function gradesByIds(em: EntityManager, ids: readonly string[]): Promise<GradeView[]> {
  if (!ids.length) return [];
  const rows = await query<GradeView>(em, `select ${GRADE_COLUMNS} from ${GRADE_FROM} where g.id = any($1::uuid[])`, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

export async function attendanceOf(em: EntityManager, studentId: string, term: { startsOn: string; endsOn: string }): Promise<AttendanceView[]> {
  return query<AttendanceView>(
    em,
    `select ${ATTENDANCE_COLUMNS} from education_attendance r join education_class c on c.id = r.school_class_id
      where r.student_id = $1 and r.date between $2::date and $3::date order by r.date, r.session`,
    [studentId, term.startsOn, term.endsOn],
  );
}

export async function attendanceByIds(em: EntityManager, ids: readonly string[]): Promise<AttendanceView[]> {
  if (!ids.length) return [];
  return query<AttendanceView>(
    em,
    `select ${ATTENDANCE_COLUMNS} from education_attendance r join education_class c on c.id = r.school_class_id where r.id = any($1::uuid[]) order by r.id`,
    [ids],
  );
}

export async function findAnnouncement(em: EntityManager, id: string): Promise<AnnouncementView | null> {
  return (
    (
      await query<AnnouncementView>(
        em,
        `select id, school_id as "schoolId", school_class_id as "classId", kind, title, body, event_at as "eventAt", published_at as "publishedAt" from education_announcement where id = $1`,
        [id],
      )
    )[0] ?? null
  );
}

export async function entriesOf(em: EntityManager, studentId: string, limit: number): Promise<EntryView[]> {
  return query<EntryView>(em, `select ${ENTRY_COLUMNS} from ${ENTRY_FROM} where e.student_id = $1 order by e.created_at desc, e.id desc limit $2`, [studentId, limit]);
}

export async function findEntry(em: EntityManager, id: string): Promise<EntryView | null> {
  return (await query<EntryView>(em, `select ${ENTRY_COLUMNS} from ${ENTRY_FROM} where e.id = $1`, [id]))[0] ?? null;
}

/** The caller's own guardian record. */
export async function guardianByIdentity(em: EntityManager, identityNumber: string): Promise<Omit<GuardianContactView, 'studentId' | 'relation'> | null> {
  return (
    (
      await query(
        em,
        `select id as "guardianId", full_name as "fullName", phone, email, notify_sms as "notifySms", notify_email as "notifyEmail", delivery_mode as "deliveryMode", language, version
           from education_guardian where identity_number = $1`,
        [identityNumber],
      )
    )[0] as Omit<GuardianContactView, 'studentId' | 'relation'> | undefined
  ) ?? null;
}

/** Per-request loaders of the module. */
export function educationLoaders(ctx: ModuleContext) {
  const em = ctx.em;
  return ctx.loaders.forModule('education.loaders', () => ({
    schoolById: new DataLoader<string, SchoolView | null>(async (ids) => {
      const rows = await query<SchoolView>(em, `select ${SCHOOL_COLUMNS} from ${SCHOOL_FROM} where s.id = any($1::uuid[])`, [ids]);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    classById: new DataLoader<string, ClassView | null>(async (ids) => {
      const rows = await query<ClassView>(em, `select ${CLASS_COLUMNS} from ${CLASS_FROM} where c.id = any($1::uuid[])`, [ids]);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** `schoolId|schoolYearId` (year optional) → classes. */
    classesOfSchool: new DataLoader<string, ClassView[]>(async (keys) => {
      const schoolIds = [...new Set(keys.map((k) => k.split('|')[0]))];
      const rows = await query<ClassView>(em, `select ${CLASS_COLUMNS} from ${CLASS_FROM} where c.school_id = any($1::uuid[]) order by c.grade_level, c.name`, [schoolIds]);
      return keys.map((k) => {
        const [schoolId, yearId] = k.split('|');
        return rows.filter((r) => r.schoolId === schoolId && (!yearId || r.schoolYearId === yearId));
      });
    }),
    currentClassOfStudent: new DataLoader<string, ClassView | null>(async (ids) => {
      const rows = await query<ClassView & { studentId: string }>(
        em,
        `select e.student_id as "studentId", ${CLASS_COLUMNS} from education_enrolment e join ${CLASS_FROM} on c.id = e.school_class_id
          where e.student_id = any($1::uuid[]) and e.to_date is null`,
        [ids],
      );
      const map = new Map(rows.map((r) => [r.studentId, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    guardiansOfStudent: new DataLoader<string, GuardianContactView[]>(async (ids) =>
      grouped(
        ids,
        await query<GuardianContactView>(
          em,
          `select sg.student_id as "studentId", g.id as "guardianId", g.full_name as "fullName", sg.relation, g.phone, g.email, g.identity_number as "identityNumber",
                  g.notify_sms as "notifySms", g.notify_email as "notifyEmail", g.delivery_mode as "deliveryMode", g.language, g.version
             from education_student_guardian sg join education_guardian g on g.id = sg.guardian_id
            where sg.student_id = any($1::uuid[]) order by sg.relation, g.full_name`,
          [ids],
        ),
        (r) => r.studentId,
      ),
    ),
    revisionsOfGrade: new DataLoader<string, GradeRevisionView[]>(async (ids) =>
      grouped(
        ids,
        await query<GradeRevisionView>(
          em,
          `select r.grade_id as "gradeId", r.version, r.score::float8 as score, r.entered_at as "enteredAt", a.full_name as "enteredByName", r.reason
             from education_grade_revision r join account a on a.id = r.entered_by_id where r.grade_id = any($1::uuid[]) order by r.version`,
          [ids],
        ),
        (r) => r.gradeId,
      ),
    ),
    termsOfYear: new DataLoader<string, TermView[]>(async (ids) =>
      grouped(
        ids,
        await query<TermView>(em, `select ${TERM_COLUMNS} from education_term t join education_school_year y on y.id = t.school_year_id where t.school_year_id = any($1::uuid[]) order by t.starts_on`, [ids]),
        (r) => r.schoolYearId,
      ),
    ),
  }));
}
