import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  ErrorResult, type ModuleContext, Issues, NotAuthorized, NotificationChannel, NotificationLanguage, pageSize,
  readPurpose, requirePrincipal, selectedFields, ValidationFailed,
} from '../../../src/kernel';
import { EDUCATION_AGENCY_CODE } from '../procedures';
import { AttendanceStatus, ContactDeliveryMode } from '../rules/education.types';
import { educationAccess, mayReadAttendance, mayReadGrade, teachesClass } from '../access';
import { placeStudent, setGuardianPreferences } from '../services/guardian.service';
import { termAverage } from '../rules/grading';
import { PlaceStudentInput, SetGuardianPreferencesInput } from './education.inputs';
import {
  ChildAttendanceResult,
  ChildGradesResult,
  ContactBookResult,
  ContactBookType,
  GuardianContactType,
  GuardianPreferencesSaved,
  GuardianType,
  PlaceStudentResult,
  SchoolClassType,
  SchoolType,
  StudentAttendanceType,
  StudentGradesType,
  StudentPlaced,
  StudentType,
  SetGuardianPreferencesResult,
  SubjectTermResultType,
} from './education.output';
import {
  attendanceOf,
  ClassView,
  educationLoaders,
  entriesOf,
  findTerm,
  GuardianContactView,
  gradesOf,
  guardianByIdentity,
  SchoolView,
  studentRows,
  StudentView,
} from './education.queries';
import { visibleStudent } from './student-access.queries';

/** What of a guardian's contact record is personal data (Decree 13/2023/NĐ-CP). */
const GUARDIAN_PERSONAL_FIELDS = ['fullName', 'relation', 'phone', 'email'];

const NOT_YOURS = 'this student is not your child, nor in a class you teach or a school you administer';

function guardianType(g: Omit<GuardianContactView, 'studentId' | 'relation'>): GuardianType {
  return Object.assign(new GuardianType(), {
    id: g.guardianId,
    fullName: g.fullName,
    phone: g.phone,
    email: g.email,
    channels: [...(g.notifySms ? [NotificationChannel.SMS] : []), ...(g.notifyEmail ? [NotificationChannel.EMAIL] : [])],
    deliveryMode: g.deliveryMode as ContactDeliveryMode,
    language: g.language as NotificationLanguage,
    version: g.version,
  });
}

function checkIds(ids: Record<string, string>): ValidationFailed | null {
  const issues = new Issues();
  for (const [field, v] of Object.entries(ids)) issues.uuid(field, v);
  return issues.ok ? null : ValidationFailed.of(issues.list);
}

/**
 * A guardian's app: their children, each child's grades, attendance and contact book by term,
 * and their own preferences. Teachers and school admins read the same queries for the students
 * of their classes and schools, narrowed to what they teach.
 */
@Resolver(() => StudentType)
export class StudentResolver {
  @Query(() => [StudentType], { description: 'The signed-in guardian’s children (matched by their CCCD); empty for anyone else.' })
  async myChildren(@Ctx() ctx: ModuleContext): Promise<StudentView[]> {
    requirePrincipal(ctx.principal);
    const access = await educationAccess(ctx);
    const rows = await studentRows(ctx.em, [...access.childIds]);
    return rows.map((r) => ({ ...r, contacts: 'OWN' as const, viewerGuardianIds: access.guardianIds }));
  }

  @Query(() => GuardianType, { nullable: true, description: 'The signed-in guardian’s own record and preferences; null for anyone else.' })
  async myGuardianProfile(@Ctx() ctx: ModuleContext): Promise<GuardianType | null> {
    const p = requirePrincipal(ctx.principal);
    if (!p.identityNumber) return null;
    const g = await guardianByIdentity(ctx.em, p.identityNumber);
    return g ? guardianType(g) : null;
  }

  @Query(() => ChildGradesResult, { description: 'A student’s grades in a term: all of them for a guardian, the school’s for its admins, a teacher’s classes and subjects for a teacher.' })
  async childGrades(@Ctx() ctx: ModuleContext, @Arg('studentId', () => ID) studentId: string, @Arg('termId', () => ID) termId: string): Promise<typeof ChildGradesResult> {
    requirePrincipal(ctx.principal);
    const bad = checkIds({ studentId, termId });
    if (bad) return bad;
    const seen = await visibleStudent(ctx, studentId);
    if (!seen) return NotAuthorized.of(`read grades: ${NOT_YOURS}`);
    const term = await findTerm(ctx.em, termId);
    if (!term) return ValidationFailed.of([{ field: 'termId', message: 'Không tìm thấy học kỳ / No such term' }]);
    const grades = (await gradesOf(ctx.em, studentId, termId)).filter((g) => mayReadGrade(seen.access, seen.scope, g));
    const bySubject = new Map<string, typeof grades>();
    for (const g of grades) bySubject.set(g.subjectCode, [...(bySubject.get(g.subjectCode) ?? []), g]);
    const subjects = [...bySubject.values()].map((gs) =>
      Object.assign(new SubjectTermResultType(), { subjectCode: gs[0].subjectCode, subjectName: gs[0].subjectName, termAverage: termAverage(gs) }),
    );
    return Object.assign(new StudentGradesType(), { student: seen.view, term, grades, subjects });
  }

  @Query(() => ChildAttendanceResult, { description: 'A student’s attendance records in a term (guardians; teachers of the classes; admins of the school).' })
  async childAttendance(@Ctx() ctx: ModuleContext, @Arg('studentId', () => ID) studentId: string, @Arg('termId', () => ID) termId: string): Promise<typeof ChildAttendanceResult> {
    requirePrincipal(ctx.principal);
    const bad = checkIds({ studentId, termId });
    if (bad) return bad;
    const seen = await visibleStudent(ctx, studentId);
    if (!seen) return NotAuthorized.of(`read attendance: ${NOT_YOURS}`);
    const term = await findTerm(ctx.em, termId);
    if (!term) return ValidationFailed.of([{ field: 'termId', message: 'Không tìm thấy học kỳ / No such term' }]);
    const records = (await attendanceOf(ctx.em, studentId, term)).filter((r) => mayReadAttendance(seen.access, seen.scope, r));
    const count = (s: AttendanceStatus) => records.filter((r) => r.status === s).length;
    return Object.assign(new StudentAttendanceType(), {
      student: seen.view,
      term,
      records,
      summary: { excusedAbsences: count(AttendanceStatus.EXCUSED_ABSENCE), unexcusedAbsences: count(AttendanceStatus.UNEXCUSED_ABSENCE), late: count(AttendanceStatus.LATE) },
    });
  }

  @Query(() => ContactBookResult, { description: 'A student’s contact book, newest first (guardians; teachers of the classes; admins of the school).' })
  async contactBook(
    @Ctx() ctx: ModuleContext,
    @Arg('studentId', () => ID) studentId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
  ): Promise<typeof ContactBookResult> {
    requirePrincipal(ctx.principal);
    const limit = pageSize(first, ctx.services.config.limits.maxPageSize, 20); // out of range is BAD_USER_INPUT, not clamped
    const bad = checkIds({ studentId });
    if (bad) return bad;
    const seen = await visibleStudent(ctx, studentId);
    if (!seen) return NotAuthorized.of(`read the contact book: ${NOT_YOURS}`);
    const entries = (await entriesOf(ctx.em, studentId, limit)).filter(
      (e) => seen.scope.guardian || seen.scope.adminSchoolIds.has(e.classSchoolId) || teachesClass(seen.access, e.classId),
    );
    return Object.assign(new ContactBookType(), { student: seen.view, entries });
  }

  @Mutation(() => SetGuardianPreferencesResult, { description: 'The signed-in guardian chooses channels (SMS, e-mail, none), immediate or daily digest, language, and may update phone and e-mail.' })
  async setGuardianPreferences(@Ctx() ctx: ModuleContext, @Arg('input') input: SetGuardianPreferencesInput): Promise<typeof SetGuardianPreferencesResult> {
    const p = requirePrincipal(ctx.principal);
    const r = await setGuardianPreferences(ctx.em, p, input);
    if (r instanceof ErrorResult) return r;
    const g = await guardianByIdentity(ctx.em, p.identityNumber!);
    return Object.assign(new GuardianPreferencesSaved(), { guardian: guardianType(g!) });
  }

  @Mutation(() => PlaceStudentResult, { description: 'A school admin places a student of the school who has no class (e.g. after a transfer) in a class.' })
  async placeStudent(@Ctx() ctx: ModuleContext, @Arg('input') input: PlaceStudentInput): Promise<typeof PlaceStudentResult> {
    requirePrincipal(ctx.principal);
    const r = await placeStudent(ctx.em, await educationAccess(ctx), input, ctx.services.clock.now());
    if (r instanceof ErrorResult) return r;
    const seen = await visibleStudent(ctx, r.studentId);
    return Object.assign(new StudentPlaced(), { student: seen!.view });
  }

  @FieldResolver(() => SchoolType, { description: 'The school the student attends now.' })
  async school(@Root() s: StudentView, @Ctx() ctx: ModuleContext): Promise<SchoolView | null> {
    return educationLoaders(ctx).schoolById.load(s.schoolId);
  }

  @FieldResolver(() => SchoolClassType, { nullable: true, description: 'The class the student is in now; null between a transfer and the new school’s placement.' })
  async currentClass(@Root() s: StudentView, @Ctx() ctx: ModuleContext): Promise<ClassView | null> {
    return educationLoaders(ctx).currentClassOfStudent.load(s.id);
  }

  @FieldResolver(() => [GuardianContactType], { description: 'A guardian sees their own record; the homeroom teacher and the school’s admins see all; others none.' })
  async guardians(@Root() s: StudentView, @Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo): Promise<GuardianContactView[]> {
    if (s.contacts === 'NONE') return [];
    const all = await educationLoaders(ctx).guardiansOfStudent.load(s.id);
    const shown = s.contacts === 'ALL' ? all : all.filter((g) => s.viewerGuardianIds.includes(g.guardianId));
    // A teacher's or school admin's read of a guardian's contacts is logged for the guardian (a guardian's own is not).
    const fields = selectedFields(info, GUARDIAN_PERSONAL_FIELDS);
    const agencyId = ctx.services.reference.agencyByCode(EDUCATION_AGENCY_CODE)?.id ?? null;
    for (const g of shown) {
      ctx.dataAccess.note({ subjectIdNumber: g.identityNumber, recordType: 'education-guardian', recordId: g.guardianId, recordLabel: `HS ${s.code}`, fields, purpose: readPurpose(info), agencyId });
    }
    return shown;
  }
}
