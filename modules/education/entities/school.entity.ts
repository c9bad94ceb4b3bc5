import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, PrimaryKeyProp, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, AdminUnit, uuidv7 } from '../../../src/kernel';
import { SchoolLevel, SchoolStaffRole, TermCode } from '../rules/education.types';

/**
 * A school (trường) under the Department of Education and Training, in a commune of the
 * province. Its code (mã trường) is what statistics use to tell schools apart.
 */
@Entity({ tableName: 'education_school' })
@Check({ name: 'education_school_code_check', expression: "code ~ '^[A-Z0-9][A-Z0-9.-]{2,19}$'::text" })
export class School {
  [OptionalProps]?: 'id' | 'version' | 'agencyCode' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique({ name: 'education_school_code_unique' })
  code!: string;

  /** As parents know it, e.g. `THCS Nguyễn Du`. */
  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => SchoolLevel })
  level!: SchoolLevel;

  /** GSO code of the commune, as printed; `adminUnit` pins the unit it was registered under (codes are reused across the 2025 merger). */
  @Property({ type: 'text' })
  adminUnitCode!: string;

  @ManyToOne(() => AdminUnit)
  adminUnit!: Rel<AdminUnit>;

  @Property({ type: 'text' })
  address!: string;

  /** The school's electronic agency code (QCVN 102:2016) when it is itself a unit on the platform. */
  @Property({ type: 'text', nullable: true })
  agencyCode?: string | null;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();
}

/** A school year (năm học), e.g. 2026-2027, set for the whole province by the department's calendar. */
@Entity({ tableName: 'education_school_year' })
@Check({ name: 'education_school_year_dates_check', expression: 'ends_on > starts_on' })
@Check({ name: 'education_school_year_name_check', expression: "name ~ '^[0-9]{4}-[0-9]{4}$'::text" })
export class SchoolYear {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'text' })
  @Unique({ name: 'education_school_year_name_unique' })
  name!: string;

  /** `YYYY-MM-DD`. */
  @Property({ type: 'date' })
  startsOn!: string;

  @Property({ type: 'date' })
  endsOn!: string;
}

/** A term (học kỳ) of a school year: HK1 or HK2. */
@Entity({ tableName: 'education_term' })
@Unique({ name: 'education_term_code_unique', properties: ['schoolYear', 'code'] })
@Check({ name: 'education_term_dates_check', expression: 'ends_on > starts_on' })
export class Term {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => SchoolYear)
  schoolYear!: Rel<SchoolYear>;

  @Enum({ items: () => TermCode })
  code!: TermCode;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'date' })
  startsOn!: string;

  @Property({ type: 'date' })
  endsOn!: string;
}

/**
 * A subject (môn học) of the 2018 general education programme. Some are assessed by comments
 * only (physical education, arts, experiential activities: Circular 22/2021 art. 5), so they
 * take no scores.
 */
@Entity({ tableName: 'education_subject' })
export class Subject {
  [PrimaryKeyProp]?: 'code';

  /** e.g. `TOAN`, `NGU_VAN`, `TIENG_ANH`. */
  @PrimaryKey({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  nameEn!: string;

  /** Assessed by scores on the 10-point scale (otherwise by comments: Đạt / Chưa đạt). */
  @Property({ type: 'boolean' })
  scored!: boolean;
}

/** A class (lớp) of a school in a school year, e.g. 6A1, with its homeroom teacher (giáo viên chủ nhiệm). */
@Entity({ tableName: 'education_class' })
@Unique({ name: 'education_class_name_unique', properties: ['school', 'schoolYear', 'name'] })
@Check({ name: 'education_class_grade_level_check', expression: '(grade_level >= 1) AND (grade_level <= 12)' })
export class SchoolClass {
  [OptionalProps]?: 'id' | 'version' | 'homeroomTeacher';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => School)
  school!: Rel<School>;

  @ManyToOne(() => SchoolYear)
  schoolYear!: Rel<SchoolYear>;

  @Property({ type: 'smallint' })
  gradeLevel!: number;

  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Account, { nullable: true })
  homeroomTeacher?: Rel<Account> | null;

  @Property({ type: 'integer', version: true })
  version!: number;
}

/** Who works at a school and as what: a school's rights come from here, not from kernel roles. */
@Entity({ tableName: 'education_school_staff' })
@Index({ name: 'education_school_staff_account_idx', properties: ['account'] })
export class SchoolStaff {
  @ManyToOne(() => School, { primary: true })
  school!: Rel<School>;

  @ManyToOne(() => Account, { primary: true })
  account!: Rel<Account>;

  @Enum({ items: () => SchoolStaffRole, primary: true })
  role!: SchoolStaffRole;
}

/** A teacher teaching a subject in a class (phân công chuyên môn): what they may grade. */
@Entity({ tableName: 'education_class_teacher' })
@Index({ name: 'education_class_teacher_account_idx', properties: ['account'] })
export class ClassTeacher {
  @ManyToOne(() => SchoolClass, { primary: true })
  schoolClass!: Rel<SchoolClass>;

  @ManyToOne(() => Account, { primary: true })
  account!: Rel<Account>;

  @ManyToOne(() => Subject, { primary: true })
  subject!: Rel<Subject>;
}
