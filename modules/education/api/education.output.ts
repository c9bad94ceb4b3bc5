import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Busy, NotAuthorized, NotificationChannel, NotificationLanguage, ValidationFailed, VersionConflict } from '../../../src/kernel';
import {
  AnnouncementKind,
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
import { ClassNotFound, GradeNotFound, SchoolNotFound, StudentNotFound } from './education-errors.output';
import type { AttendanceView, ClassView, EntryView, GradeView, StudentView, TermView } from './education.queries';

@ObjectType('School', { description: 'A school under the Department of Education and Training (public information).' })
export class SchoolType {
  @Field(() => ID) id!: string;
  @Field({ description: 'Mã trường.' }) code!: string;
  @Field() name!: string;
  @Field(() => SchoolLevel) level!: SchoolLevel;
  @Field() address!: string;
  @Field({ description: 'GSO code of the commune.' }) adminUnitCode!: string;
  @Field() adminUnitName!: string;
  @Field(() => String, { nullable: true, description: 'The school’s electronic agency code, when it is a unit on the platform.' }) agencyCode!: string | null;
}

@ObjectType('SchoolTerm', { description: 'Học kỳ.' })
export class SchoolTermType {
  @Field(() => ID) id!: string;
  @Field(() => TermCode) code!: TermCode;
  @Field() name!: string;
  @Field({ description: 'YYYY-MM-DD' }) startsOn!: string;
  @Field({ description: 'YYYY-MM-DD' }) endsOn!: string;
  @Field(() => ID) schoolYearId!: string;
  @Field() schoolYearName!: string;
}

@ObjectType('SchoolYear', { description: 'Năm học, set province-wide by the department.' })
export class SchoolYearType {
  @Field(() => ID) id!: string;
  @Field({ description: 'e.g. 2026-2027' }) name!: string;
  @Field() startsOn!: string;
  @Field() endsOn!: string;
}

@ObjectType('SchoolClass', { description: 'A class (lớp) of a school year.' })
export class SchoolClassType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Int) gradeLevel!: number;
  @Field(() => ID) schoolYearId!: string;
  @Field() schoolYearName!: string;
  @Field(() => String, { nullable: true, description: 'Giáo viên chủ nhiệm.' }) homeroomTeacherName!: string | null;
}

@ObjectType('SchoolSubject', { description: 'A subject of the 2018 general education programme.' })
export class SchoolSubjectType {
  @Field() code!: string;
  @Field() name!: string;
  @Field() nameEn!: string;
  @Field({ description: 'Assessed by scores (otherwise by comments only).' }) scored!: boolean;
}

@ObjectType('GuardianContact', { description: 'A guardian of a student as the caller may see them (a guardian sees only their own record).' })
export class GuardianContactType {
  @Field(() => ID) guardianId!: string;
  @Field() fullName!: string;
  @Field(() => GuardianRelation) relation!: GuardianRelation;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
}

@ObjectType('Guardian', { description: 'The signed-in guardian’s own record and contact-book preferences.' })
export class GuardianType {
  @Field(() => ID) id!: string;
  @Field() fullName!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => [NotificationChannel]) channels!: NotificationChannel[];
  @Field(() => ContactDeliveryMode) deliveryMode!: ContactDeliveryMode;
  @Field(() => NotificationLanguage) language!: NotificationLanguage;
  @Field(() => Int) version!: number;
}

@ObjectType('Student', { description: 'A student: personal data, seen by their guardians, the teachers of their classes and their school’s admins only.' })
export class StudentType {
  @Field(() => ID) id!: string;
  @Field({ description: 'Mã học sinh.' }) code!: string;
  @Field() fullName!: string;
  @Field({ description: 'YYYY-MM-DD' }) dateOfBirth!: string;
  @Field(() => StudentGender) gender!: StudentGender;
}

@ObjectType('GradeRevision', { description: 'A value a grade had; corrections keep the old ones.' })
export class GradeRevisionType {
  @Field(() => Int) version!: number;
  @Field(() => Float) score!: number;
  @Field(() => Date) enteredAt!: Date;
  @Field() enteredByName!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType('StudentGrade', { description: 'A grade on the 10-point scale.' })
export class StudentGradeType {
  @Field(() => ID) id!: string;
  @Field(() => ID) studentId!: string;
  @Field(() => ID) classId!: string;
  @Field(() => ID) termId!: string;
  @Field() subjectCode!: string;
  @Field() subjectName!: string;
  @Field(() => AssessmentKindCode) kind!: AssessmentKindCode;
  @Field(() => Int, { description: 'Which regular assessment (1–4); 1 for mid-term and end-of-term.' }) ordinal!: number;
  @Field(() => Float) score!: number;
  @Field(() => Date) enteredAt!: Date;
  @Field() enteredByName!: string;
  @Field(() => Int, { description: '1, plus one per correction; pass it to correctGrade.' }) version!: number;
}

@ObjectType('SubjectTermResult', { description: 'A subject’s grades in a term and its term average.' })
export class SubjectTermResultType {
  @Field() subjectCode!: string;
  @Field() subjectName!: string;
  @Field(() => Float, { nullable: true, description: 'ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), one decimal (Circular 22/2021 art. 9); null until the three kinds are in.' })
  termAverage!: number | null;
}

@ObjectType('StudentGrades', { description: 'A student’s grades in a term, as far as the caller may see them.' })
export class StudentGradesType {
  @Field(() => StudentType) student!: StudentView;
  @Field(() => SchoolTermType) term!: TermView;
  @Field(() => [StudentGradeType]) grades!: GradeView[];
  @Field(() => [SubjectTermResultType]) subjects!: SubjectTermResultType[];
}

@ObjectType('AttendanceRecord')
class AttendanceRecordType {
  @Field(() => ID) id!: string;
  @Field(() => ID) studentId!: string;
  @Field(() => ID) classId!: string;
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
  @Field(() => AttendanceSession) session!: AttendanceSession;
  @Field(() => AttendanceStatus) status!: AttendanceStatus;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Date) recordedAt!: Date;
  @Field(() => Int) version!: number;
}

@ObjectType('AttendanceSummary')
export class AttendanceSummaryType {
  @Field(() => Int) excusedAbsences!: number;
  @Field(() => Int) unexcusedAbsences!: number;
  @Field(() => Int) late!: number;
}

@ObjectType('StudentAttendance', { description: 'A student’s attendance records in a term (sessions without one were attended).' })
export class StudentAttendanceType {
  @Field(() => StudentType) student!: StudentView;
  @Field(() => SchoolTermType) term!: TermView;
  @Field(() => [AttendanceRecordType]) records!: AttendanceView[];
  @Field(() => AttendanceSummaryType) summary!: AttendanceSummaryType;
}

@ObjectType('RosterEntry')
export class RosterEntryType {
  @Field(() => StudentType) student!: StudentView;
  @Field() fromDate!: string;
  @Field(() => String, { nullable: true }) toDate!: string | null;
}

@ObjectType('ClassRoster', { description: 'The students of a class (teachers of the class, admins of the school).' })
export class ClassRosterType {
  @Field(() => SchoolClassType) schoolClass!: ClassView;
  @Field({ description: 'The day the roster is for, YYYY-MM-DD.' }) onDate!: string;
  @Field(() => [RosterEntryType]) entries!: RosterEntryType[];
}

@ObjectType('SchoolAnnouncement')
export class SchoolAnnouncementType {
  @Field(() => ID) id!: string;
  @Field(() => ID) schoolId!: string;
  @Field(() => ID, { nullable: true }) classId!: string | null;
  @Field(() => AnnouncementKind) kind!: AnnouncementKind;
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => Date, { nullable: true }) eventAt!: Date | null;
  @Field(() => Date) publishedAt!: Date;
}

@ObjectType('ContactBookEntry', { description: 'An item of a student’s electronic contact book (sổ liên lạc điện tử).' })
export class ContactBookEntryType {
  @Field(() => ID) id!: string;
  @Field(() => ID) studentId!: string;
  @Field(() => ID) classId!: string;
  @Field(() => ContactBookEntryKind) kind!: ContactBookEntryKind;
  @Field(() => Date) createdAt!: Date;
}

@ObjectType('ContactBook', { description: 'A student’s contact book, newest first.' })
export class ContactBookType {
  @Field(() => StudentType) student!: StudentView;
  @Field(() => [ContactBookEntryType]) entries!: EntryView[];
}

// --- mutation payloads --------------------------------------------------------------------------

@ObjectType('GradesEntered')
export class GradesEntered {
  @Field(() => [StudentGradeType], { description: 'The grades of the batch, new and unchanged.' }) grades!: GradeView[];
  @Field(() => Int) created!: number;
  @Field(() => Int, { description: 'Already there with the same score (a retried request): nothing written, nothing sent.' }) unchanged!: number;
  @Field(() => Int, { description: 'Messages queued for guardians who want them at once.' }) messagesQueued!: number;
}

@ObjectType('GradeCorrected')
export class GradeCorrected {
  @Field(() => StudentGradeType) grade!: GradeView;
  @Field(() => Int) messagesQueued!: number;
}

@ObjectType('AttendanceRecorded')
export class AttendanceRecorded {
  @Field(() => [AttendanceRecordType]) records!: AttendanceView[];
  @Field(() => Int, { description: 'Rows written or changed.' }) changed!: number;
  @Field(() => Int, { description: 'Absences and latenesses that went to the contact book.' }) notified!: number;
  @Field(() => Int) messagesQueued!: number;
}

@ObjectType('AnnouncementPublished')
export class AnnouncementPublished {
  @Field(() => SchoolAnnouncementType) announcement!: SchoolAnnouncementType;
  @Field(() => Int, { description: 'Students whose contact book got it.' }) students!: number;
  @Field(() => Int) messagesQueued!: number;
}

@ObjectType('GuardianPreferencesSaved')
export class GuardianPreferencesSaved {
  @Field(() => GuardianType) guardian!: GuardianType;
}

@ObjectType('StudentPlaced')
export class StudentPlaced {
  @Field(() => StudentType) student!: StudentView;
}

export const EnterGradesResult = createUnionType({ name: 'EnterGradesResult', types: () => [GradesEntered, ValidationFailed, NotAuthorized, ClassNotFound, Busy] as const });
export const CorrectGradeResult = createUnionType({ name: 'CorrectGradeResult', types: () => [GradeCorrected, ValidationFailed, NotAuthorized, GradeNotFound, VersionConflict, Busy] as const });
export const RecordAttendanceResult = createUnionType({ name: 'RecordAttendanceResult', types: () => [AttendanceRecorded, ValidationFailed, NotAuthorized, ClassNotFound, Busy] as const });
export const PublishAnnouncementResult = createUnionType({
  name: 'PublishAnnouncementResult',
  types: () => [AnnouncementPublished, ValidationFailed, NotAuthorized, SchoolNotFound, ClassNotFound, Busy] as const,
});
export const SetGuardianPreferencesResult = createUnionType({ name: 'SetGuardianPreferencesResult', types: () => [GuardianPreferencesSaved, ValidationFailed, NotAuthorized, VersionConflict, Busy] as const });
export const PlaceStudentResult = createUnionType({ name: 'PlaceStudentResult', types: () => [StudentPlaced, ValidationFailed, NotAuthorized, StudentNotFound, ClassNotFound, Busy] as const });
export const ChildGradesResult = createUnionType({ name: 'ChildGradesResult', types: () => [StudentGradesType, NotAuthorized, ValidationFailed] as const });
export const ChildAttendanceResult = createUnionType({ name: 'ChildAttendanceResult', types: () => [StudentAttendanceType, NotAuthorized, ValidationFailed] as const });
export const ClassRosterResult = createUnionType({ name: 'ClassRosterResult', types: () => [ClassRosterType, NotAuthorized, ValidationFailed, ClassNotFound] as const });
export const ContactBookResult = createUnionType({ name: 'ContactBookResult', types: () => [ContactBookType, NotAuthorized, ValidationFailed] as const });
