import { EntityManager } from '@mikro-orm/postgresql';
import { uuidv7 } from '../db/ids';
import { Notification } from './notification.entity';
import { NotificationChannel, NotificationKind, NotificationLanguage, NotificationStatus } from './notification.types';

/** A message a module sends to someone through the kernel's channels (e-mail, SMS). */
export interface ModuleMessage {
  moduleName: string;
  /** What it is about, e.g. `education.grade` or `education.digest`. */
  topic: string;
  /** Idempotency: a message with a key already queued is not queued again. */
  dedupeKey: string;
  channel: NotificationChannel;
  recipient: string;
  language: NotificationLanguage | string;
  subject?: string | null;
  body: string;
  /** Not sent before this moment (e.g. the morning after). */
  notBefore?: Date;
}

/**
 * Queues module messages in the caller's transaction: they are sent by the delivery worker with
 * the same retries, delivery log and dead letters as dossier notifications, and only if the
 * transaction commits. Returns how many were new (the rest were already queued).
 */
export async function queueModuleMessages(em: EntityManager, messages: ModuleMessage[], now: Date): Promise<number> {
  if (!messages.length) return 0;
  const res = await em
    .createQueryBuilder(Notification)
    .insert(
      messages.map((m) => ({
        id: uuidv7(),
        kind: NotificationKind.MODULE_MESSAGE,
        moduleName: m.moduleName,
        topic: m.topic,
        dedupeKey: m.dedupeKey,
        channel: m.channel,
        recipient: m.recipient,
        language: m.language,
        subject: m.subject ?? null,
        body: m.body,
        status: NotificationStatus.QUEUED,
        attempts: 0,
        nextAttemptAt: m.notBefore ?? now,
        createdAt: now,
      })),
    )
    .onConflict('dedupe_key')
    .ignore()
    .execute('run');
  return res.affectedRows;
}
