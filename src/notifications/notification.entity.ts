import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Rel, Unique } from '@mikro-orm/core';
import { uuidv7 } from '../db/ids';
import { Dossier } from '../dossiers/dossier.entity';
import { NotificationChannel, NotificationKind, NotificationStatus } from './notification.types';

/**
 * One message to one applicant on one channel, planned from an outbox event in the relay's
 * transaction (so exactly once per event and channel) and delivered by the delivery worker.
 */
@Entity({ tableName: 'notification' })
@Unique({ name: 'notification_event_channel_unique', properties: ['eventId', 'channel'] })
@Index({
  name: 'notification_due_idx',
  properties: ['nextAttemptAt'],
  expression: `create index "notification_due_idx" on "notification" ("next_attempt_at") where "status" in ('QUEUED', 'FAILED', 'SENDING')`,
})
@Index({ name: 'notification_status_created_idx', properties: ['status', 'createdAt', 'id'] })
export class Notification {
  [OptionalProps]?: 'id' | 'attempts' | 'status' | 'subject' | 'leaseUntil' | 'lastError' | 'sentAt' | 'createdAt' | 'nextAttemptAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The outbox event it was planned from. */
  @Property({ type: 'bigint' })
  eventId!: string;

  @ManyToOne(() => Dossier, { index: true })
  dossier!: Rel<Dossier>;

  @Enum({ items: () => NotificationKind, nativeEnumName: 'notification_kind' })
  kind!: NotificationKind;

  @Enum({ items: () => NotificationChannel, nativeEnumName: 'notification_channel' })
  channel!: NotificationChannel;

  /** E-mail address or phone number (personal data: staff of the dossier's agencies only). */
  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  language!: string;

  @Property({ type: 'text', nullable: true })
  subject?: string | null;

  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => NotificationStatus, nativeEnumName: 'notification_status' })
  status: NotificationStatus = NotificationStatus.QUEUED;

  @Property({ type: 'smallint' })
  attempts: number = 0;

  @Property({ type: 'timestamptz' })
  nextAttemptAt: Date = new Date();

  /** While SENDING: a worker that dies mid-send loses its claim at this time. */
  @Property({ type: 'timestamptz', nullable: true })
  leaseUntil?: Date | null;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date | null;
}

/** The delivery log: one row per attempt, never changed afterwards. */
@Entity({ tableName: 'notification_attempt' })
export class NotificationAttempt {
  [OptionalProps]?: 'id' | 'error' | 'finishedAt' | 'succeeded';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => Notification, { index: true })
  notification!: Rel<Notification>;

  @Property({ type: 'smallint' })
  attempt!: number;

  @Property({ type: 'timestamptz' })
  startedAt!: Date;

  /** Null while the attempt runs (or if its sender died; closed as interrupted on the next claim). */
  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Property({ type: 'boolean', nullable: true })
  succeeded?: boolean | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;
}
