import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { NotificationStatus } from '../notifications/notification.types';

/** Notification states that are still to be sent (SENT rows grow for ever and are not a queue). */
export const QUEUE_STATUSES = [NotificationStatus.QUEUED, NotificationStatus.SENDING, NotificationStatus.FAILED, NotificationStatus.DEAD] as const;

export interface OutboxProbe {
  unpublished: number;
  oldestAgeSeconds: number;
}

export interface QueueCount {
  channel: string;
  status: string;
  count: number;
}

export interface ProbeOptions {
  /** A failed probe, by collector name (`outbox`, `notification_queue`). */
  onError(collector: string): void;
  /** A result is reused this long, so a scrape storm costs one statement per probe and period. */
  ttlMs?: number;
  /** PostgreSQL `statement_timeout` of the probes. */
  statementTimeoutMs?: number;
  /** Counts stop here: past it the exact figure does not matter and counting would cost. */
  countCap?: number;
}

/**
 * A result computed at most once per `ttlMs`, by one caller at a time; a failure is reported once
 * and gives `undefined` (the gauges keep their last value) until the next period.
 */
class CachedProbe<T> {
  private at = -Infinity;
  private value?: T;
  private running?: Promise<T | undefined>;

  constructor(private readonly ttlMs: number, private readonly run: () => Promise<T>, private readonly failed: () => void) {}

  get(): Promise<T | undefined> {
    if (this.running) return this.running;
    if (performance.now() - this.at < this.ttlMs) return Promise.resolve(this.value);
    this.running = this.run().then(
      (v) => (this.value = v),
      () => {
        this.failed();
        return (this.value = undefined);
      },
    ).finally(() => {
      this.at = performance.now();
      this.running = undefined;
    });
    return this.running;
  }
}

/*
 * Both statements read through indexes and stop counting at the cap (EXPLAIN ANALYZE on 500,000
 * published events and 300,000 notifications, 6,300 of them waiting: 0.2 ms and 25 ms cold):
 * - the partial `outbox_unpublished_idx` (id) where published_at is null gives the count and the
 *   oldest waiting row;
 * - one capped branch per status with the status as a literal, so the planner uses the status
 *   statistics and `notification_due_idx`/`notification_status_created_idx` (with the status as
 *   a parameter it guessed a fifth of the table and scanned all of it).
 */
const OUTBOX_SQL = `select
    (select count(*) from (select 1 from outbox_event where published_at is null limit $1) w)::int as unpublished,
    coalesce((select extract(epoch from greatest(now() - created_at, interval '0'))
              from outbox_event where published_at is null order by id limit 1), 0)::float8 as "oldestAgeSeconds"`;

const QUEUE_SQL = QUEUE_STATUSES.map((status) => `select '${status}' as status, channel::text as channel, count(*)::int as count
  from (select channel from notification where status = '${status}' limit $1) n group by channel`).join('\nunion all ');

/**
 * The scrape-time SQL (outbox backlog, notification queue depth). It runs on one connection of
 * its own (`application_name` onedoor-metrics), so a scrape neither waits for nor takes a
 * connection from the request pool, with a short statement timeout; results are cached briefly.
 */
export class DatabaseProbes {
  readonly countCap: number;
  private pool?: Pool;
  private readonly outboxProbe: CachedProbe<OutboxProbe>;
  private readonly queueProbe: CachedProbe<QueueCount[]>;

  constructor(private readonly databaseUrl: string, private readonly options: ProbeOptions) {
    this.countCap = options.countCap ?? 10_000;
    const ttl = options.ttlMs ?? 2000;
    this.outboxProbe = new CachedProbe(ttl, async () => (await this.query<OutboxProbe>(OUTBOX_SQL, [this.countCap]))[0], () => options.onError('outbox'));
    this.queueProbe = new CachedProbe(ttl, () => this.query<QueueCount>(QUEUE_SQL, [this.countCap]), () => options.onError('notification_queue'));
  }

  outbox(): Promise<OutboxProbe | undefined> {
    return this.outboxProbe.get();
  }

  notificationQueue(): Promise<QueueCount[] | undefined> {
    return this.queueProbe.get();
  }

  private async query<T>(text: string, params: unknown[]): Promise<T[]> {
    // Opened at the first scrape: an instance nobody scrapes holds no extra connection.
    this.pool ??= this.openPool();
    return (await this.pool.query(text, params)).rows as T[];
  }

  private openPool(): Pool {
    const timeout = this.options.statementTimeoutMs ?? 1000;
    const pool = new Pool({
      connectionString: this.databaseUrl,
      max: 1,
      connectionTimeoutMillis: timeout,
      statement_timeout: timeout,
      // A network stall is not a statement PostgreSQL can cancel: the client gives up too.
      query_timeout: timeout * 2,
      idleTimeoutMillis: 60_000,
      application_name: 'onedoor-metrics',
      allowExitOnIdle: true,
    });
    // An idle connection the server dropped: the next scrape opens another.
    pool.on('error', () => undefined);
    return pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }
}
