import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Issues, type ModuleContext, NotAuthorized, query, requirePrincipal, ValidationFailed } from '../../../src/kernel';
import { educationAccess, teachesClass } from '../access';
import { isIsoDate, localToday } from '../rules/school-dates';
import { ClassNotFound } from './education-errors.output';
import { ClassRosterResult, ClassRosterType, RosterEntryType, SchoolClassType, SchoolSubjectType, SchoolTermType, SchoolType, SchoolYearType } from './education.output';
import { allSchools, ClassView, educationLoaders, findClass, rosterRows, SchoolView, schoolYears, SchoolYearView, terms, TermView } from './education.queries';

/** Schools, years, terms and subjects are public; rosters are for the class's teachers and the school's admins. */
@Resolver(() => SchoolType)
export class SchoolResolver {
  @Query(() => [SchoolType], { description: 'Schools of the department (public).' })
  async schools(@Ctx() ctx: ModuleContext): Promise<SchoolView[]> {
    return allSchools(ctx.em);
  }

  @Query(() => [SchoolYearType], { description: 'School years, newest first (public).' })
  async schoolYears(@Ctx() ctx: ModuleContext): Promise<SchoolYearView[]> {
    return schoolYears(ctx.em);
  }

  @Query(() => [SchoolTermType], { description: 'Terms, newest first; of one school year when given (public).' })
  async terms(@Ctx() ctx: ModuleContext, @Arg('schoolYearId', () => ID, { nullable: true }) schoolYearId?: string | null): Promise<TermView[]> {
    if (schoolYearId && !new Issues().uuid('schoolYearId', schoolYearId)) return [];
    return terms(ctx.em, schoolYearId ?? null);
  }

  @Query(() => [SchoolSubjectType], { description: 'Subjects of the 2018 general education programme (public).' })
  async schoolSubjects(@Ctx() ctx: ModuleContext): Promise<SchoolSubjectType[]> {
    return query<SchoolSubjectType>(ctx.em, `select code, name, name_en as "nameEn", scored from education_subject order by scored desc, name`);
  }

  @Query(() => [SchoolClassType], { description: 'Classes the signed-in teacher teaches (homeroom or a subject).' })
  async myClasses(@Ctx() ctx: ModuleContext): Promise<ClassView[]> {
    requirePrincipal(ctx.principal);
    const access = await educationAccess(ctx);
    const ids = [...new Set([...access.homeroomClassIds, ...access.subjectsByClass.keys()])];
    const found = await educationLoaders(ctx).classById.loadMany(ids);
    return found.filter((c): c is ClassView => !!c && !(c instanceof Error)).sort((a, b) => a.schoolYearName.localeCompare(b.schoolYearName) || a.name.localeCompare(b.name));
  }

  @Query(() => ClassRosterResult, { description: 'The students of a class on a day (today by default): teachers of the class and admins of its school.' })
  async classRoster(
    @Ctx() ctx: ModuleContext,
    @Arg('classId', () => ID) classId: string,
    @Arg('onDate', () => String, { nullable: true, description: 'YYYY-MM-DD' }) onDate?: string | null,
  ): Promise<typeof ClassRosterResult> {
    requirePrincipal(ctx.principal);
    const issues = new Issues();
    issues.uuid('classId', classId);
    if (onDate != null && !isIsoDate(onDate)) issues.add('onDate', 'Ngày không hợp lệ (YYYY-MM-DD) / Not a date (YYYY-MM-DD)');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const c = await findClass(ctx.em, classId);
    if (!c) return ClassNotFound.of(classId);
    const access = await educationAccess(ctx);
    const admin = access.adminSchoolIds.has(c.schoolId);
    if (!admin && !teachesClass(access, c.id)) return NotAuthorized.of('class roster: teachers of the class and admins of the school');
    const today = localToday(ctx.services.clock.now());
    const day = onDate ?? today;
    const contacts = admin || access.homeroomClassIds.has(c.id) ? ('ALL' as const) : ('NONE' as const);
    const rows = await rosterRows(ctx.em, c.id, day);
    return Object.assign(new ClassRosterType(), {
      schoolClass: c,
      onDate: day,
      entries: rows.map(({ fromDate, toDate, ...s }) => {
        // A pupil who has left the class (a past roster) is no longer the school's to contact.
        const current = toDate === null || toDate > today;
        return Object.assign(new RosterEntryType(), { student: { ...s, contacts: current ? contacts : ('NONE' as const), viewerGuardianIds: access.guardianIds }, fromDate, toDate });
      }),
    });
  }

  @FieldResolver(() => [SchoolClassType], { description: 'The school’s classes, of one school year when given.' })
  async classes(@Root() s: SchoolView, @Ctx() ctx: ModuleContext, @Arg('schoolYearId', () => ID, { nullable: true }) schoolYearId?: string | null): Promise<ClassView[]> {
    return educationLoaders(ctx).classesOfSchool.load(`${s.id}|${schoolYearId ?? ''}`);
  }
}

@Resolver(() => SchoolClassType)
export class SchoolClassResolver {
  @FieldResolver(() => SchoolType)
  async school(@Root() c: ClassView, @Ctx() ctx: ModuleContext): Promise<SchoolView | null> {
    return educationLoaders(ctx).schoolById.load(c.schoolId);
  }
}

@Resolver(() => SchoolYearType)
export class SchoolYearResolver {
  @FieldResolver(() => [SchoolTermType])
  async terms(@Root() y: SchoolYearView, @Ctx() ctx: ModuleContext): Promise<TermView[]> {
    return educationLoaders(ctx).termsOfYear.load(y.id);
  }
}
