import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { Account, uuidv7 } from '../../../src/kernel';
import { AttendanceSession, AttendanceStatus } from '../rules/education.types';
import { SchoolClass } from './school.entity';
import { Student } from './student.entity';

/**
 * A student's attendance in one session (buổi) of a school day. One row per student, date and
 * session: recording the session again updates it. A session of a class that has any row is a
 * roll call; students without a row in it count as present.
 */
@Entity({ tableName: 'education_attendance' })
@Unique({ name: 'education_attendance_session_unique', properties: ['student', 'date', 'session'] })
@Index({ name: 'education_attendance_class_date_idx', properties: ['schoolClass', 'date'] })
export class Attendance {
  [OptionalProps]?: 'id' | 'version' | 'note';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Student)
  student!: Rel<Student>;

  @ManyToOne(() => SchoolClass)
  schoolClass!: Rel<SchoolClass>;

  @Property({ type: 'date' })
  date!: string;

  @Enum({ items: () => AttendanceSession })
  session!: AttendanceSession;

  @Enum({ items: () => AttendanceStatus })
  status!: AttendanceStatus;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @ManyToOne(() => Account)
  recordedBy!: Rel<Account>;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Property({ type: 'integer', version: true })
  version!: number;
}
