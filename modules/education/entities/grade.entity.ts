import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, uuidv7 } from '../../../src/kernel';
import { AssessmentKindCode } from '../rules/education.types';
import { SchoolClass, Subject, Term } from './school.entity';
import { Student } from './student.entity';

/**
 * A grade (điểm đánh giá) of a student in a subject and term: one mid-term and one end-of-term
 * score, and up to four regular ones (`ordinal` 1–4). Scores are on the 10-point scale with at
 * most one decimal (Circular 22/2021/TT-BGDĐT art. 5(3)(b)), hence numeric(3,1). The row holds
 * the current value; every value it ever had is a {@link GradeRevision}.
 */
@Entity({ tableName: 'education_grade' })
@Unique({ name: 'education_grade_slot_unique', properties: ['student', 'subject', 'term', 'kind', 'ordinal'] })
@Index({ name: 'education_grade_class_term_idx', properties: ['schoolClass', 'term'] })
@Check({ name: 'education_grade_score_check', expression: '(score >= (0)::numeric) AND (score <= (10)::numeric)' })
@Check({ name: 'education_grade_ordinal_check', expression: "(ordinal >= 1) AND (ordinal <= 4) AND ((kind = 'REGULAR'::text) OR (ordinal = 1))" })
export class Grade {
  [OptionalProps]?: 'id' | 'version';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Student)
  student!: Rel<Student>;

  /** The class the student was in when graded: whose teacher entered it. */
  @ManyToOne(() => SchoolClass)
  schoolClass!: Rel<SchoolClass>;

  @ManyToOne(() => Subject)
  subject!: Rel<Subject>;

  @ManyToOne(() => Term)
  term!: Rel<Term>;

  @Enum({ items: () => AssessmentKindCode })
  kind!: AssessmentKindCode;

  @Property({ type: 'smallint' })
  ordinal!: number;

  /** PostgreSQL numeric, as a string. */
  @Property({ type: 'decimal', precision: 3, scale: 1 })
  score!: string;

  @ManyToOne(() => Account)
  enteredBy!: Rel<Account>;

  @Property({ type: 'timestamptz' })
  enteredAt!: Date;

  /** 1 when entered; each correction adds one (and a revision keeping the old value). */
  @Property({ type: 'integer', version: true })
  version!: number;
}

/** One value a grade had: the first entry (version 1) and each correction with its reason. Append-only. */
@Entity({ tableName: 'education_grade_revision' })
@Unique({ name: 'education_grade_revision_unique', properties: ['grade', 'version'] })
@Check({ name: 'education_grade_revision_score_check', expression: '(score >= (0)::numeric) AND (score <= (10)::numeric)' })
export class GradeRevision {
  [OptionalProps]?: 'id' | 'reason';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Grade)
  grade!: Rel<Grade>;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'decimal', precision: 3, scale: 1 })
  score!: string;

  @ManyToOne(() => Account)
  enteredBy!: Rel<Account>;

  @Property({ type: 'timestamptz' })
  enteredAt!: Date;

  /** Why it was corrected; null for the first entry. */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;
}
