import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { NotificationChannel, NotificationLanguage } from '../../../src/kernel';
import { AnnouncementKind, AssessmentKindCode, AttendanceSession, AttendanceStatus, ContactDeliveryMode } from '../rules/education.types';

@InputType()
export class GradeEntryInput {
  @Field(() => ID)
  studentId!: string;

  @Field(() => Float, { description: '0–10; one decimal at most (secondary), a whole number (primary periodic tests).' })
  score!: number;
}

@InputType({ description: 'Scores of one assessment for students of a class, all or nothing.' })
export class EnterGradesInput {
  @Field(() => ID)
  classId!: string;

  @Field()
  subjectCode!: string;

  @Field(() => ID)
  termId!: string;

  @Field(() => AssessmentKindCode)
  kind!: AssessmentKindCode;

  @Field(() => Int, { nullable: true, description: 'Which regular assessment of the term (1–4); 1 for mid-term and end-of-term. Default 1.' })
  ordinal?: number | null;

  @Field(() => [GradeEntryInput])
  grades!: GradeEntryInput[];
}

@InputType()
export class CorrectGradeInput {
  @Field(() => ID)
  gradeId!: string;

  @Field(() => Int, { description: 'The grade version the caller saw.' })
  expectedVersion!: number;

  @Field(() => Float)
  score!: number;

  @Field({ description: 'Why the score is corrected; kept with the old value.' })
  reason!: string;
}

@InputType()
export class AttendanceEntryInput {
  @Field(() => ID)
  studentId!: string;

  @Field(() => AttendanceStatus)
  status!: AttendanceStatus;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType({ description: 'The roll call of one session of a class; students left out are present.' })
export class RecordAttendanceInput {
  @Field(() => ID)
  classId!: string;

  @Field({ description: 'YYYY-MM-DD (local date).' })
  date!: string;

  @Field(() => AttendanceSession)
  session!: AttendanceSession;

  @Field(() => [AttendanceEntryInput])
  entries!: AttendanceEntryInput[];
}

@InputType()
export class PublishAnnouncementInput {
  @Field(() => ID)
  schoolId!: string;

  @Field(() => ID, { nullable: true, description: 'A class of the school; the whole school when absent.' })
  classId?: string | null;

  @Field(() => AnnouncementKind)
  kind!: AnnouncementKind;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => Date, { nullable: true, description: 'When the meeting or event takes place (required for a parent meeting).' })
  eventAt?: Date | null;
}

@InputType()
export class SetGuardianPreferencesInput {
  @Field(() => Int, { description: 'The guardian record version the caller saw.' })
  expectedVersion!: number;

  @Field(() => [NotificationChannel], { description: 'Empty: only the app.' })
  channels!: NotificationChannel[];

  @Field(() => ContactDeliveryMode)
  deliveryMode!: ContactDeliveryMode;

  @Field(() => NotificationLanguage)
  language!: NotificationLanguage;

  @Field(() => String, { nullable: true, description: 'A new mobile number; unchanged when absent.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'A new e-mail address; unchanged when absent.' })
  email?: string | null;
}

@InputType({ description: 'A school admin places a student of the school who has no class (e.g. after a transfer) in one.' })
export class PlaceStudentInput {
  @Field(() => ID)
  studentId!: string;

  @Field(() => ID)
  classId!: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; today when absent.' })
  fromDate?: string | null;
}
