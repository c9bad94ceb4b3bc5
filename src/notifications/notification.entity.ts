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
  [OptionalProps]?: 'id' | 'attempts' | 'status' | 'subject' | 'leaseUntil' | 'lastError' | 'sentAt' | 'createdAt' | 'nextAttemptAt' | 'eventId' | 'dossier' | 'moduleName' | 'topic' | 'dedupeKey';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  /** The outbox event it was planned from (dossier notifications); null for a module's message. */
  @Property({ type: 'bigint', nullable: true })
  eventId?: string | null;

  /** The dossier it is about; null for a module's message (a school's contact book). */
  @ManyToOne(() => Dossier, { index: true, nullable: true, deleteRule: 'no action' })
  dossier?: Rel<Dossier> | null;

  /** For a module's message: the module, its topic (e.g. `education.grade`) and its idempotency key. */
  @Property({ type: 'text', nullable: true })
  moduleName?: string | null;

  @Property({ type: 'text', nullable: true })
  topic?: string | null;

  /** Unique: queueing the same message twice (a retried transaction, a re-run job) sends it once. */
  @Property({ type: 'text', nullable: true, unique: true })
  dedupeKey?: string | null;

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
