import { Check, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel } from '@mikro-orm/core';
import { Account, uuidv7 } from '../../../src/kernel';
import { AnnouncementKind } from '../rules/education.types';
import { School, SchoolClass } from './school.entity';

/** A school's announcement to the guardians of a class, or of the whole school when `schoolClass` is null. */
@Entity({ tableName: 'education_announcement' })
@Index({ name: 'education_announcement_school_idx', properties: ['school', 'publishedAt'] })
@Check({ name: 'education_announcement_event_check', expression: "(kind <> 'PARENT_MEETING'::text) OR (event_at IS NOT NULL)" })
@Check({ name: 'education_announcement_title_check', expression: '(char_length(title) >= 1) AND (char_length(title) <= 200)' })
export class Announcement {
  [OptionalProps]?: 'id' | 'schoolClass' | 'eventAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => School)
  school!: Rel<School>;

  @ManyToOne(() => SchoolClass, { nullable: true })
  schoolClass?: Rel<SchoolClass> | null;

  @Enum({ items: () => AnnouncementKind })
  kind!: AnnouncementKind;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  /** When the meeting or event takes place. */
  @Property({ type: 'timestamptz', nullable: true })
  eventAt?: Date | null;

  @ManyToOne(() => Account)
  publishedBy!: Rel<Account>;

  @Property({ type: 'timestamptz' })
  publishedAt!: Date;
}
