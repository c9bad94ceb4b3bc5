/**
 * Announcements to a class (its homeroom teacher or a school admin) or to the whole school (a
 * school admin): each current student's contact book gets the entry, and each guardian gets the
 * message once, however many children they have there.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { Account, ErrorResult, inTransaction, Issues, NotAuthorized, type Principal, ValidationFailed } from '../../../src/kernel';
import { ClassNotFound, SchoolNotFound } from '../api/education-errors.output';
import { PublishAnnouncementInput } from '../api/education.inputs';
import { AnnouncementKind, ContactBookEntryKind } from '../rules/education.types';
import { Announcement } from '../entities/announcement.entity';
import { School, SchoolClass } from '../entities/school.entity';
import { Enrolment } from '../entities/student.entity';
import { writeContactBook } from './contact-book.service';
import { EducationAccess } from '../access';

const TITLE_MAX = 200;
const BODY_MAX = 4000;

/** Publishes an announcement and writes it into the contact book of every current student it concerns. */
export async function publishAnnouncement(
  em: EntityManager,
  p: Principal,
  access: EducationAccess,
  input: PublishAnnouncementInput,
  now: Date,
): Promise<{ announcementId: string; students: number; messages: number } | ErrorResult> {
  const issues = new Issues();
  const schoolOk = issues.uuid('schoolId', input.schoolId);
  const classOk = input.classId ? issues.uuid('classId', input.classId) : true;
  const title = issues.text('title', input.title, TITLE_MAX);
  const body = issues.text('body', input.body, BODY_MAX);
  if (input.kind === AnnouncementKind.PARENT_MEETING && !input.eventAt) issues.add('eventAt', 'Cần thời gian họp / A parent meeting needs its time');
  if (input.eventAt && (Number.isNaN(input.eventAt.getTime()) || input.eventAt <= now)) issues.add('eventAt', 'Thời gian phải sau hiện tại / Must lie ahead');
  if (!schoolOk || !classOk || !issues.ok) return ValidationFailed.of(issues.list);

  const school = await em.findOne(School, input.schoolId);
  if (!school) return SchoolNotFound.of(input.schoolId);
  let schoolClass: SchoolClass | null = null;
  if (input.classId) {
    schoolClass = await em.findOne(SchoolClass, input.classId);
    if (!schoolClass) return ClassNotFound.of(input.classId);
    if (schoolClass.school.id !== school.id) {
      issues.add('classId', 'Lớp không thuộc trường này / The class is not of this school');
      return ValidationFailed.of(issues.list);
    }
  }
  const admin = access.adminSchoolIds.has(school.id);
  const homeroom = !!schoolClass && access.homeroomClassIds.has(schoolClass.id);
  if (!p.accountId || !(admin || homeroom)) {
    return NotAuthorized.of(schoolClass ? 'announce to a class: its homeroom teacher or an admin of the school' : 'announce to a school: an admin of the school');
  }

  return inTransaction(em, async (tx) => {
    const announcement = tx.create(Announcement, {
      school,
      schoolClass,
      kind: input.kind,
      title: title!,
      body: body!,
      eventAt: input.eventAt ?? null,
      publishedBy: tx.getReference(Account, p.accountId!),
      publishedAt: now,
    });
    // Who is in the class (or school) now: open enrolments.
    const audience = await tx.find(
      Enrolment,
      schoolClass ? { schoolClass: schoolClass.id, toDate: null } : { schoolClass: { school: school.id }, toDate: null },
      { populate: ['student', 'schoolClass'], orderBy: { schoolClass: { name: 'asc' }, student: { fullName: 'asc' } } },
    );
    const { messages } = await writeContactBook(
      tx,
      audience.map((e) => ({
        studentId: e.student.id,
        classId: e.schoolClass.id,
        schoolId: school.id,
        subject: { schoolName: school.name, className: e.schoolClass.name, studentName: e.student.fullName },
        facts: {
          kind: ContactBookEntryKind.ANNOUNCEMENT,
          announcementKind: input.kind,
          title: title!,
          body: body!,
          eventAt: input.eventAt ? input.eventAt.toISOString() : null,
          classWide: !!schoolClass,
        },
        announcementId: announcement.id,
        messageKey: `announcement:${announcement.id}`,
      })),
      now,
    );
    await tx.flush();
    return { announcementId: announcement.id, students: audience.length, messages };
  });
}
