import { Announcement } from './announcement.entity';
import { Attendance } from './attendance.entity';
import { ContactBookDelivery, ContactBookEntry } from './contact-book.entity';
import { Grade, GradeRevision } from './grade.entity';
import { ClassTeacher, School, SchoolClass, SchoolStaff, SchoolYear, Subject, Term } from './school.entity';
import { Enrolment, Guardian, Student, StudentGuardian } from './student.entity';

/** Every entity of the education module, for the manifest. */
export const EDUCATION_ENTITIES = [
  School,
  SchoolYear,
  Term,
  Subject,
  SchoolClass,
  SchoolStaff,
  ClassTeacher,
  Student,
  Enrolment,
  Guardian,
  StudentGuardian,
  Grade,
  GradeRevision,
  Attendance,
  Announcement,
  ContactBookEntry,
  ContactBookDelivery,
];
