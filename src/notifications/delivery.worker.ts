import { EntityManager } from '@mikro-orm/postgresql';
import { query, transaction } from '../db/sql';
import { Logger, maskPersonalData } from '../logging/logger';
import { CoalescedTask } from '../events/coalesced-task';
import { NotificationSender } from './channels';
import { NotificationChannel, NotificationStatus } from './notification.types';

export interface DeliveryOptions {
  /** Attempts before a notification is dead-lettered. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one (capped at one day). */
  backoffMs: number;
  /** A claim older than this is taken over by another worker (the sender died mid-send). */
  leaseMs: number;
  pollMs: number;
  batch: number;
  /** Strings that must never reach the log or the delivery log (passwords, signing secrets). */
  secrets: string[];
  /** The `delivery` component's logger. */
  logger: Logger;
}

interface Claimed {
  id: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string | null;
  body: string;
  attempts: number;
  /** The delivery-log row of this attempt. */
  attemptId: string;
  /** The request that recorded the event the notification was planned from (null: none, or a module's message). */
  requestId: string | null;
}

/**
 * Sends queued notifications. Every instance runs one: rows are claimed with
 * `FOR UPDATE SKIP LOCKED`, so two workers never send the same message at once; each attempt is
 * logged; a failure is retried with exponential backoff and dead-lettered after the last try.
 */
export class DeliveryWorker {
  private stopped = true;
  private readonly task = new CoalescedTask(() => this.drain(), () => !this.stopped);
  private readonly senders: Map<NotificationChannel, NotificationSender>;

  constructor(
    private readonly em: EntityManager,
    senders: NotificationSender[],
    private readonly options: DeliveryOptions,
  ) {
    this.senders = new Map(senders.map((s) => [s.channel, s]));
  }

  start(): void {
    if (!this.stopped || !this.senders.size) return;
    this.stopped = false;
    this.task.repeatEvery(this.options.pollMs);
    this.kick();
  }

  kick(): void {
    this.task.kick();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const claimed = await this.claim();
        await Promise.all(claimed.map((n) => this.deliver(n)));
        if (claimed.length < this.options.batch || this.stopped) break;
      }
    } catch (e) {
      this.options.logger.warn({ error: { type: (e as Error)?.name, message: maskPersonalData(this.redact((e as Error)?.message ?? String(e))) } }, 'delivery round failed');
    }
  }

  /**
   * Claims due rows of the channels this worker can send, with a lease; opens an attempt row
   * for each (an attempt whose sender died stays visible, closed as interrupted when the row is
   * claimed again).
   */
  private async claim(): Promise<Claimed[]> {
    return transaction(this.em, async (tx) => {
      const rows = await tx.query<Claimed>(`update notification n set status = 'SENDING', attempts = n.attempts + 1,
          lease_until = now() + make_interval(secs => $2::float8 / 1000)
        from (select id from notification
              where channel = any($3::notification_channel[])
                and ((status in ('QUEUED', 'FAILED') and next_attempt_at <= now()) or (status = 'SENDING' and lease_until < now()))
              order by next_attempt_at limit $1 for update skip locked) c
        where n.id = c.id
        returning n.id, n.channel, n.recipient, n.subject, n.body, n.attempts,
          (select o.request_id from outbox_event o where o.id = n.event_id) as "requestId"`, [this.options.batch, this.options.leaseMs, [...this.senders.keys()]]);
      if (!rows.length) return rows;
      const ids = rows.map((r) => r.id);
      await tx.query(`update notification_attempt set finished_at = now(), succeeded = false,
          error = 'interrupted: the sending instance stopped before reporting a result'
        where notification_id = any($1::uuid[]) and finished_at is null`, [ids]);
      // Numbered over the notification's whole life: a resend starts a new series of tries, not a new log.
      const attempts = await tx.query<{ id: string; notificationId: string }>(`insert into notification_attempt (notification_id, attempt, started_at)
        select c.id, (select count(*) + 1 from notification_attempt a where a.notification_id = c.id), now()
        from unnest($1::uuid[]) as c(id) returning id::text, notification_id as "notificationId"`, [ids]);
      const byNotification = new Map(attempts.map((a) => [a.notificationId, a.id]));
      return rows.map((r) => ({ ...r, attemptId: byNotification.get(r.id)! }));
    });
  }

  private async deliver(n: Claimed): Promise<void> {
    let error: string | null = null;
    try {
      await this.senders.get(n.channel)!.send(n);
    } catch (e) {
      error = this.redact((e as Error).message || String(e)).slice(0, 1000);
    }
    const dead = error !== null && n.attempts >= this.options.maxAttempts;
    const status = error === null ? NotificationStatus.SENT : dead ? NotificationStatus.DEAD : NotificationStatus.FAILED;
    const delayMs = Math.min(86_400_000, this.options.backoffMs * 2 ** (n.attempts - 1));
    await transaction(this.em, async (tx) => {
      await tx.query(`update notification_attempt set finished_at = now(), succeeded = $2, error = $3 where id = $1`, [n.attemptId, error === null, error]);
      // Fenced by the attempt count: if the lease ran out and another worker claimed the row, its claim wins.
      await tx.query(`update notification set status = $2::notification_status, lease_until = null, last_error = $3,
          sent_at = case when $2::text = 'SENT' then now() else sent_at end,
          next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
        where id = $1 and status = 'SENDING' and attempts = $5`, [n.id, status, error, delayMs, n.attempts]);
    });
    // Never the recipient, subject or body: personal data.
    const about = { requestId: n.requestId ?? undefined, notificationId: n.id, channel: n.channel, attempt: n.attempts };
    if (error === null) this.options.logger.info(about, 'notification sent');
    else if (dead) this.options.logger.error({ ...about, error: maskPersonalData(error) }, 'notification attempt failed; dead-lettered');
    else this.options.logger.warn({ ...about, error: maskPersonalData(error), retryInMs: delayMs }, 'notification attempt failed; will retry');
  }

  private redact(s: string): string {
    return this.options.secrets.filter((x) => x.length > 0).reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  }

  /** Requeues a FAILED or DEAD notification for a fresh series of attempts; false when it is in another state. */
  async resend(id: string): Promise<boolean> {
    const rows = await query(this.em, `update notification set status = 'QUEUED', attempts = 0, next_attempt_at = now(), last_error = null
      where id = $1 and status in ('FAILED', 'DEAD') returning id`, [id]);
    if (rows.length) this.kick();
    return rows.length > 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task.settled();
    for (const s of this.senders.values()) s.close?.();
  }
}
