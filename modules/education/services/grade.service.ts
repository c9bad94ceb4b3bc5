/**
 * Entering and correcting grades. Entering is all or nothing: one bad score or one student who
 * is not in the class refuses the whole batch, and nothing is written. Entering the same scores
 * again (a retried request) changes nothing and sends nothing; a different score for a slot
 * that has one must go through a correction, which keeps the old value.
 */
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Account, ErrorResult, inTransaction, Issues, NotAuthorized, type Principal, ValidationFailed, VersionConflict } from '../../../src/kernel';
import { AssessmentKindCode, ContactBookEntryKind, SchoolLevel } from '../rules/education.types';
import { ClassNotFound, GradeNotFound } from '../api/education-errors.output';
import { Grade, GradeRevision } from '../entities/grade.entity';
import { SchoolClass, Subject, Term } from '../entities/school.entity';
import { Enrolment, Student } from '../entities/student.entity';
import { CorrectGradeInput, EnterGradesInput } from '../api/education.inputs';
import { writeContactBook } from './contact-book.service';
import { dateString, localToday } from '../rules/school-dates';
import { EducationAccess, teachesSubject } from '../access';
import { assessmentProblem, scoreProblem } from '../rules/grading';

const MAX_BATCH = 100;
const REASON_MAX = 500;

/** What `enterGrades` wrote (unchanged: already there with the same score). */
export interface GradesWritten {
  gradeIds: string[];
  created: number;
  unchanged: number;
  messages: number;
}

/** Students with an enrolment in the class that overlaps `[from, to]` (local dates). */
export async function enrolledIn(em: EntityManager, classId: string, from: string, to: string): Promise<Set<string>> {
  const rows = await em.find(Enrolment, { schoolClass: classId, fromDate: { $lte: to }, $or: [{ toDate: null }, { toDate: { $gt: from } }] }, { fields: ['student'] });
  return new Set(rows.map((r) => r.student.id));
}

/** One assessment's scores for students of a class by the teacher of that subject there; all or nothing. */
export async function enterGrades(em: EntityManager, p: Principal, access: EducationAccess, input: EnterGradesInput, now: Date): Promise<GradesWritten | ErrorResult> {
  const issues = new Issues();
  const ordinal = input.ordinal ?? 1;
  const classOk = issues.uuid('classId', input.classId);
  issues.uuid('termId', input.termId);
  const subjectCode = issues.text('subjectCode', input.subjectCode, 40);
  if (!input.grades.length) issues.add('grades', 'Cần ít nhất một điểm / At least one score');
  if (input.grades.length > MAX_BATCH) issues.add('grades', `Tối đa ${MAX_BATCH} điểm mỗi lần / At most ${MAX_BATCH} scores at once`);
  const seen = new Set<string>();
  input.grades.forEach((g, i) => {
    if (!issues.uuid(`grades[${i}].studentId`, g.studentId)) return;
    if (seen.has(g.studentId)) issues.add(`grades[${i}].studentId`, 'Học sinh bị lặp trong danh sách / Student listed twice');
    seen.add(g.studentId);
    // The level-specific rules (decimals) need the school; the scale does not.
    if (!Number.isFinite(g.score) || g.score < 0 || g.score > 10) issues.add(`grades[${i}].score`, 'Điểm phải từ 0 đến 10 / The score must lie between 0 and 10');
  });
  if (!classOk || !issues.ok) return ValidationFailed.of(issues.list);

  const schoolClass = await em.findOne(SchoolClass, input.classId, { populate: ['school'] });
  if (!schoolClass) return ClassNotFound.of(input.classId);
  if (!teachesSubject(access, schoolClass.id, subjectCode!) || !p.accountId) {
    return NotAuthorized.of('enter grades: only the teacher of this subject in this class');
  }
  const level = schoolClass.school.level;
  const [subject, term] = await Promise.all([em.findOne(Subject, subjectCode!), em.findOne(Term, input.termId)]);
  if (!subject) issues.add('subjectCode', `Môn học không tồn tại / Unknown subject ${subjectCode}`);
  else if (!subject.scored) issues.add('subjectCode', 'Môn học đánh giá bằng nhận xét, không cho điểm / This subject is assessed by comments, not scores (Circular 22/2021, art. 5)');
  if (!term || term.schoolYear.id !== schoolClass.schoolYear.id) issues.add('termId', 'Học kỳ không thuộc năm học của lớp / Not a term of the class’s school year');
  else if (dateString(term.startsOn) > localToday(now)) issues.add('termId', 'Học kỳ chưa bắt đầu / The term has not begun');
  const kindProblem = assessmentProblem(input.kind, ordinal, level);
  if (kindProblem) issues.add(input.kind === AssessmentKindCode.REGULAR || ordinal !== 1 ? 'ordinal' : 'kind', kindProblem);
  input.grades.forEach((g, i) => {
    const problem = scoreProblem(g.score, level);
    if (problem) issues.add(`grades[${i}].score`, problem);
  });
  if (!issues.ok || !term) return ValidationFailed.of(issues.list);
  const members = await enrolledIn(em, schoolClass.id, dateString(term.startsOn), dateString(term.endsOn));
  input.grades.forEach((g, i) => {
    if (!members.has(g.studentId)) issues.add(`grades[${i}].studentId`, 'Học sinh không thuộc lớp này trong học kỳ / The student is not in this class in this term');
  });
  if (!issues.ok) return ValidationFailed.of(issues.list);

  const write = () =>
    inTransaction(em, async (tx): Promise<GradesWritten | ErrorResult> => {
      const existing = await tx.find(Grade, { student: { $in: input.grades.map((g) => g.studentId) }, subject: subject!.code, term: term.id, kind: input.kind, ordinal });
      const byStudent = new Map(existing.map((g) => [g.student.id, g]));
      const students = new Map((await tx.find(Student, { id: { $in: input.grades.map((g) => g.studentId) } })).map((s) => [s.id, s]));
      const me = tx.getReference(Account, p.accountId!);
      const conflicts = new Issues();
      const gradeIds: string[] = [];
      const fresh: { grade: Grade; revision: GradeRevision }[] = [];
      let unchanged = 0;
      input.grades.forEach((g, i) => {
        const old = byStudent.get(g.studentId);
        if (old) {
          if (Number(old.score) === g.score) {
            unchanged++;
            gradeIds.push(old.id);
          } else {
            conflicts.add(`grades[${i}].score`, `Đã có điểm ${old.score}; dùng chức năng sửa điểm / Already scored ${old.score}: use correctGrade`);
          }
          return;
        }
        const grade = tx.create(Grade, {
          student: students.get(g.studentId)!,
          schoolClass,
          subject: subject!,
          term,
          kind: input.kind,
          ordinal,
          score: g.score.toFixed(1),
          enteredBy: me,
          enteredAt: now,
        });
        const revision = tx.create(GradeRevision, { grade, version: 1, score: g.score.toFixed(1), enteredBy: me, enteredAt: now });
        fresh.push({ grade, revision });
        gradeIds.push(grade.id);
      });
      if (!conflicts.ok) return ValidationFailed.of(conflicts.list);
      const day = localToday(now);
      const { messages } = await writeContactBook(
        tx,
        fresh.map(({ grade, revision }) => ({
          studentId: grade.student.id,
          classId: schoolClass.id,
          schoolId: schoolClass.school.id,
          subject: { schoolName: schoolClass.school.name, className: schoolClass.name, studentName: students.get(grade.student.id)!.fullName },
          facts: {
            kind: ContactBookEntryKind.GRADE,
            subjectName: subject!.name,
            subjectNameEn: subject!.nameEn,
            assessment: input.kind,
            ordinal,
            score: Number(grade.score),
            previousScore: null,
            date: day,
          },
          gradeRevisionId: revision.id,
          messageKey: `grade:${grade.id}:v1`,
        })),
        now,
      );
      await tx.flush();
      return { gradeIds, created: fresh.length, unchanged, messages };
    });
  try {
    return await write();
  } catch (e) {
    // Two teachers' requests raced for the same slot: the second now sees the first's rows.
    if (e instanceof UniqueConstraintViolationException) return write();
    throw e;
  }
}

/** A new value for a grade, with a reason; the version the caller saw must still be current. */
export async function correctGrade(em: EntityManager, p: Principal, access: EducationAccess, input: CorrectGradeInput, now: Date): Promise<{ gradeId: string; messages: number } | ErrorResult> {
  const issues = new Issues();
  if (!issues.uuid('gradeId', input.gradeId)) return ValidationFailed.of(issues.list);
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
  const reason = issues.text('reason', input.reason, REASON_MAX);
  if (!issues.ok) return ValidationFailed.of(issues.list);
  const found = await em.findOne(Grade, input.gradeId, { populate: ['schoolClass', 'schoolClass.school'] });
  if (!found) return GradeNotFound.of(input.gradeId);
  const schoolClass = found.schoolClass;
  const mayCorrect = teachesSubject(access, schoolClass.id, found.subject.code) || access.adminSchoolIds.has(schoolClass.school.id);
  if (!mayCorrect || !p.accountId) return NotAuthorized.of('correct a grade: the teacher of the subject in the class, or an admin of the school');
  const problem = scoreProblem(input.score, schoolClass.school.level as SchoolLevel);
  if (problem) issues.add('score', problem);
  if (!issues.ok) return ValidationFailed.of(issues.list);

  return inTransaction(em, async (tx) => {
    const grade = await tx.findOneOrFail(Grade, input.gradeId, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['subject', 'student'] });
    if (grade.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, grade.version, { vi: 'Điểm', en: 'grade' });
    const previous = Number(grade.score);
    if (previous === input.score) {
      issues.add('score', 'Điểm mới trùng điểm hiện tại / The new score equals the current one');
      return ValidationFailed.of(issues.list);
    }
    const me = tx.getReference(Account, p.accountId!);
    const version = grade.version + 1;
    grade.score = input.score.toFixed(1);
    grade.enteredBy = me;
    grade.enteredAt = now;
    const revision = tx.create(GradeRevision, { grade, version, score: grade.score, enteredBy: me, enteredAt: now, reason });
    const { messages } = await writeContactBook(
      tx,
      [
        {
          studentId: grade.student.id,
          classId: schoolClass.id,
          schoolId: schoolClass.school.id,
          subject: { schoolName: schoolClass.school.name, className: schoolClass.name, studentName: grade.student.fullName },
          facts: {
            kind: ContactBookEntryKind.GRADE,
            subjectName: grade.subject.name,
            subjectNameEn: grade.subject.nameEn,
            assessment: grade.kind,
            ordinal: grade.ordinal,
            score: input.score,
            previousScore: previous,
            date: localToday(now),
          },
          gradeRevisionId: revision.id,
          messageKey: `grade:${grade.id}:v${version}`,
        },
      ],
      now,
    );
    await tx.flush();
    return { gradeId: grade.id, messages };
  });
}
