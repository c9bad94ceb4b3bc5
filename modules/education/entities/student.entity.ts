import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { NotificationLanguage, uuidv7 } from '../../../src/kernel';
import { ContactDeliveryMode, GuardianRelation, StudentGender } from '../rules/education.types';
import { School, SchoolClass } from './school.entity';

/**
 * A student (học sinh): a child's personal data. Readable only by the child's guardians, the
 * teachers of the child's classes and the admins of the child's school.
 */
@Entity({ tableName: 'education_student' })
@Index({ name: 'education_student_school_idx', properties: ['school'] })
export class Student {
  [OptionalProps]?: 'id' | 'version' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** Mã học sinh (the sector database's student code). */
  @Property({ type: 'text' })
  @Unique({ name: 'education_student_code_unique' })
  code!: string;

  /** The school the student attends now (changes with an approved transfer). */
  @ManyToOne(() => School)
  school!: Rel<School>;

  @Property({ type: 'text' })
  fullName!: string;

  @Property({ type: 'date' })
  dateOfBirth!: string;

  @Enum({ items: () => StudentGender })
  gender!: StudentGender;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/**
 * A student's place in a class over `[fromDate, toDate)`: a transfer ends one enrolment and
 * starts another, so a student's history stays. At most one is open at a time.
 */
@Entity({ tableName: 'education_enrolment' })
@Index({ name: 'education_enrolment_class_idx', properties: ['schoolClass'] })
@Index({ name: 'education_enrolment_student_idx', properties: ['student'] })
@Index({
  name: 'education_enrolment_open_unique',
  properties: ['student'],
  expression: 'create unique index "education_enrolment_open_unique" on "education_enrolment" ("student_id") where "to_date" is null',
})
@Check({ name: 'education_enrolment_dates_check', expression: '(to_date IS NULL) OR (to_date >= from_date)' })
export class Enrolment {
  [OptionalProps]?: 'id' | 'toDate';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Student)
  student!: Rel<Student>;

  @ManyToOne(() => SchoolClass)
  schoolClass!: Rel<SchoolClass>;

  @Property({ type: 'date' })
  fromDate!: string;

  /** First day no longer in the class; null while enrolled. */
  @Property({ type: 'date', nullable: true })
  toDate?: string | null;
}

/**
 * A parent or guardian (phụ huynh) and how they want to hear from the school. They sign in as a
 * citizen; their identity number (CCCD) links the account to this record.
 */
@Entity({ tableName: 'education_guardian' })
@Check({ name: 'education_guardian_identity_number_check', expression: "identity_number ~ '^[0-9]{12}$'::text" })
@Check({ name: 'education_guardian_sms_check', expression: '(NOT notify_sms) OR (phone IS NOT NULL)' })
@Check({ name: 'education_guardian_email_check', expression: '(NOT notify_email) OR (email IS NOT NULL)' })
export class Guardian {
  [OptionalProps]?: 'id' | 'version' | 'createdAt' | 'identityNumber' | 'phone' | 'email';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  fullName!: string;

  /** CCCD; the sign-in link. */
  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'education_guardian_identity_number_unique' })
  identityNumber?: string | null;

  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Property({ type: 'boolean' })
  notifySms!: boolean;

  @Property({ type: 'boolean' })
  notifyEmail!: boolean;

  @Enum({ items: () => ContactDeliveryMode })
  deliveryMode!: ContactDeliveryMode;

  /** Vietnamese (default) or English. */
  @Enum({ items: () => NotificationLanguage })
  language!: NotificationLanguage;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** Whose guardian is who, and how they are related (one person may be father to two pupils). */
@Entity({ tableName: 'education_student_guardian' })
@Index({ name: 'education_student_guardian_guardian_idx', properties: ['guardian'] })
export class StudentGuardian {
  @ManyToOne(() => Student, { primary: true })
  student!: Rel<Student>;

  @ManyToOne(() => Guardian, { primary: true })
  guardian!: Rel<Guardian>;

  @Enum({ items: () => GuardianRelation })
  relation!: GuardianRelation;
}
