/**
 * Who may see and do what in the education module (ARCHITECTURE rule 7). Kernel roles cannot
 * say "teacher of 6A1", so rights come from the module's own tables:
 * - a guardian (matched by the CCCD of the signed-in citizen) sees their own children only;
 * - a teacher sees the classes they teach (homeroom, or a subject there), and grades only the
 *   subjects they teach in them;
 * - a school admin sees their whole school;
 * - the department's officers and analysts get aggregate statistics, never a student.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { type ModuleContext, type Principal, query } from '../../src/kernel';
import { SchoolStaffRole } from './rules/education.types';

export interface EducationAccess {
  accountId: string | null;
  /** Guardian records of the caller (one person, matched by CCCD). */
  guardianIds: string[];
  childIds: ReadonlySet<string>;
  adminSchoolIds: ReadonlySet<string>;
  homeroomClassIds: ReadonlySet<string>;
  /** Class → subjects the caller teaches there. */
  subjectsByClass: ReadonlyMap<string, ReadonlySet<string>>;
}

const NO_ACCESS: EducationAccess = {
  accountId: null,
  guardianIds: [],
  childIds: new Set(),
  adminSchoolIds: new Set(),
  homeroomClassIds: new Set(),
  subjectsByClass: new Map(),
};

/** Reads the caller's guardianship and school duties: at most two statements. */
export async function loadEducationAccess(em: EntityManager, p: Principal | undefined): Promise<EducationAccess> {
  if (!p || p.platform) return NO_ACCESS;
  const guardianIds = new Set<string>();
  const childIds = new Set<string>();
  if (p.identityNumber) {
    const rows = await query<{ guardian_id: string; student_id: string | null }>(
      em,
      `select g.id as guardian_id, sg.student_id from education_guardian g
        left join education_student_guardian sg on sg.guardian_id = g.id where g.identity_number = $1`,
      [p.identityNumber],
    );
    for (const r of rows) {
      guardianIds.add(r.guardian_id);
      if (r.student_id) childIds.add(r.student_id);
    }
  }
  const adminSchoolIds = new Set<string>();
  const homeroomClassIds = new Set<string>();
  const subjectsByClass = new Map<string, Set<string>>();
  if (p.accountId) {
    const rows = await query<{ k: string; a: string; b: string | null }>(
      em,
      `select 'staff' as k, school_id::text as a, role as b from education_school_staff where account_id = $1
       union all select 'teach', school_class_id::text, subject_code from education_class_teacher where account_id = $1
       union all select 'home', id::text, null from education_class where homeroom_teacher_id = $1`,
      [p.accountId],
    );
    for (const r of rows) {
      if (r.k === 'staff' && r.b === SchoolStaffRole.SCHOOL_ADMIN) adminSchoolIds.add(r.a);
      else if (r.k === 'home') homeroomClassIds.add(r.a);
      else if (r.k === 'teach') {
        const set = subjectsByClass.get(r.a) ?? new Set<string>();
        set.add(r.b!);
        subjectsByClass.set(r.a, set);
      }
    }
  }
  return { accountId: p.accountId ?? null, guardianIds: [...guardianIds], childIds, adminSchoolIds, homeroomClassIds, subjectsByClass };
}

/** The caller's rights, read once per request (per event for a subscription). */
export function educationAccess(ctx: ModuleContext): Promise<EducationAccess> {
  return ctx.loaders.forModule('education.access', () => loadEducationAccess(ctx.em, ctx.principal));
}

/** Homeroom teacher or teacher of any subject there. */
export function teachesClass(a: EducationAccess, classId: string): boolean {
  return a.homeroomClassIds.has(classId) || a.subjectsByClass.has(classId);
}

export function teachesSubject(a: EducationAccess, classId: string, subjectCode: string): boolean {
  return !!a.subjectsByClass.get(classId)?.has(subjectCode);
}

/** What the caller may see of one student, decided from where the student is and was. */
export interface StudentScope {
  studentId: string;
  /** A guardian of the student: everything. */
  guardian: boolean;
  /** Schools the caller administers that the student attends or attended. */
  adminSchoolIds: ReadonlySet<string>;
  /** Classes of the student the caller teaches in. */
  classIds: ReadonlySet<string>;
}

/** Where a student is and was: the classes of their enrolments and the schools of those classes. */
export interface StudentPlaces {
  studentId: string;
  schoolId: string;
  classes: { classId: string; schoolId: string }[];
}

export async function studentPlaces(em: EntityManager, studentIds: readonly string[]): Promise<Map<string, StudentPlaces>> {
  const rows = await query<{ student_id: string; school_id: string; class_id: string | null; class_school_id: string | null }>(
    em,
    `select s.id as student_id, s.school_id, e.school_class_id as class_id, c.school_id as class_school_id
       from education_student s left join education_enrolment e on e.student_id = s.id left join education_class c on c.id = e.school_class_id
      where s.id = any($1::uuid[])`,
    [studentIds],
  );
  const out = new Map<string, StudentPlaces>();
  for (const r of rows) {
    const p = out.get(r.student_id) ?? { studentId: r.student_id, schoolId: r.school_id, classes: [] };
    if (r.class_id) p.classes.push({ classId: r.class_id, schoolId: r.class_school_id! });
    out.set(r.student_id, p);
  }
  return out;
}

/** The caller's view of a student, or null when they may not see the student at all. */
export function scopeOf(a: EducationAccess, places: StudentPlaces | undefined, studentId: string): StudentScope | null {
  if (a.childIds.has(studentId)) return { studentId, guardian: true, adminSchoolIds: new Set(), classIds: new Set() };
  if (!places) return null;
  const adminSchoolIds = new Set([places.schoolId, ...places.classes.map((c) => c.schoolId)].filter((s) => a.adminSchoolIds.has(s)));
  const classIds = new Set(places.classes.map((c) => c.classId).filter((c) => teachesClass(a, c)));
  if (!adminSchoolIds.size && !classIds.size) return null;
  return { studentId, guardian: false, adminSchoolIds, classIds };
}

/** Whether the caller may read a grade of the student given in `classId` for `subjectCode`. */
export function mayReadGrade(a: EducationAccess, s: StudentScope, g: { classId: string; classSchoolId: string; subjectCode: string }): boolean {
  if (s.guardian || s.adminSchoolIds.has(g.classSchoolId)) return true;
  // The homeroom teacher follows every subject of the class; a subject teacher their subject.
  return a.homeroomClassIds.has(g.classId) || teachesSubject(a, g.classId, g.subjectCode);
}

/** Whether the caller may read an attendance record of the student taken in `classId`. */
export function mayReadAttendance(a: EducationAccess, s: StudentScope, r: { classId: string; classSchoolId: string }): boolean {
  return s.guardian || s.adminSchoolIds.has(r.classSchoolId) || teachesClass(a, r.classId);
}

/**
 * Whose guardians' contacts the caller sees on a student: a guardian only their own record
 * (parents who live apart need not learn each other's number), the homeroom teacher and the
 * school's admins all of them, a subject teacher none.
 */
export function guardianContactsVisible(a: EducationAccess, s: StudentScope, currentClassId: string | null, currentSchoolId: string): 'OWN' | 'ALL' | 'NONE' {
  if (s.guardian) return 'OWN';
  if (s.adminSchoolIds.has(currentSchoolId)) return 'ALL';
  if (currentClassId && a.homeroomClassIds.has(currentClassId)) return 'ALL';
  return 'NONE';
}
