import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { uuidv7 } from '../../../src/kernel';
import { ContactBookEntryKind, ContactDeliveryMode } from '../rules/education.types';
import { Announcement } from './announcement.entity';
import { Attendance } from './attendance.entity';
import { GradeRevision } from './grade.entity';
import { SchoolClass } from './school.entity';
import { Guardian, Student } from './student.entity';

/**
 * An item of a student's electronic contact book (sổ liên lạc điện tử): a grade (or its
 * correction), an absence or an announcement. `detail` keeps what the item said when it was
 * written (the score, the status), so the book reads the same after later changes.
 */
@Entity({ tableName: 'education_contact_book_entry' })
@Index({ name: 'education_contact_book_entry_student_idx', properties: ['student', 'createdAt'] })
@Check({
  name: 'education_contact_book_entry_ref_check',
  expression:
    "((kind = 'GRADE'::text) AND (grade_revision_id IS NOT NULL)) OR ((kind = 'ABSENCE'::text) AND (attendance_id IS NOT NULL)) OR ((kind = 'ANNOUNCEMENT'::text) AND (announcement_id IS NOT NULL))",
})
export class ContactBookEntry {
  [OptionalProps]?: 'id' | 'gradeRevision' | 'attendance' | 'announcement';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Student)
  student!: Rel<Student>;

  /** The student's class when the item was written. */
  @ManyToOne(() => SchoolClass)
  schoolClass!: Rel<SchoolClass>;

  @Enum({ items: () => ContactBookEntryKind })
  kind!: ContactBookEntryKind;

  @ManyToOne(() => GradeRevision, { nullable: true })
  gradeRevision?: Rel<GradeRevision> | null;

  @ManyToOne(() => Attendance, { nullable: true })
  attendance?: Rel<Attendance> | null;

  @ManyToOne(() => Announcement, { nullable: true })
  announcement?: Rel<Announcement> | null;

  @Property({ type: 'jsonb' })
  detail!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * How an entry reached one guardian: at once (IMMEDIATE, messages queued with the entry), or
 * in the daily digest (DIGEST, pending until the digest job sends it and sets `deliveredAt`).
 * Per guardian, because two guardians of one child may choose differently.
 */
@Entity({ tableName: 'education_contact_book_delivery' })
@Index({
  name: 'education_contact_book_delivery_pending_idx',
  properties: ['guardian'],
  expression: 'create index "education_contact_book_delivery_pending_idx" on "education_contact_book_delivery" ("guardian_id") where "delivered_at" is null',
})
export class ContactBookDelivery {
  [OptionalProps]?: 'digestDay' | 'deliveredAt';

  @ManyToOne(() => ContactBookEntry, { primary: true })
  entry!: Rel<ContactBookEntry>;

  @ManyToOne(() => Guardian, { primary: true })
  guardian!: Rel<Guardian>;

  @Enum({ items: () => ContactDeliveryMode })
  mode!: ContactDeliveryMode;

  /** The local day whose digest carried it. */
  @Property({ type: 'date', nullable: true })
  digestDay?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt?: Date | null;
}
