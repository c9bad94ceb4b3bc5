/**
 * Reading students with the caller's rights: which students, and how much of each (their
 * guardians' contacts), decided once per root so nested fields need no further checks.
 */
import type { ModuleContext } from '../../../src/kernel';
import { educationAccess, EducationAccess, guardianContactsVisible, scopeOf, StudentScope, studentPlaces } from '../access';
import { educationLoaders, studentRows, StudentView } from './education.queries';

export interface VisibleStudent {
  access: EducationAccess;
  scope: StudentScope;
  view: StudentView;
}

/** The student as the caller may see them, or null when they may not see the student at all. */
export async function visibleStudent(ctx: ModuleContext, studentId: string): Promise<VisibleStudent | null> {
  const access = await educationAccess(ctx);
  const places = access.childIds.has(studentId) ? undefined : (await studentPlaces(ctx.em, [studentId])).get(studentId);
  const scope = scopeOf(access, places, studentId);
  if (!scope) return null;
  const [[row], current] = await Promise.all([studentRows(ctx.em, [studentId]), educationLoaders(ctx).currentClassOfStudent.load(studentId)]);
  if (!row) return null;
  return { access, scope, view: { ...row, contacts: guardianContactsVisible(access, scope, current?.id ?? null, row.schoolId), viewerGuardianIds: access.guardianIds } };
}
