import { EntityManager } from '@mikro-orm/postgresql';
import { transaction, Tx } from '../db/sql';
import { errorForLog, Logger } from '../logging/logger';
import { CoalescedTask } from './coalesced-task';
import { PublicationSpans, publicationSpans, PublishedEventTrace } from '../outbox/outbox-tracing';
import { EVENTS_CHANNEL, PUBLISHED_EVENT_COLUMNS, PublishedEvent, toPublishedEvent } from '../outbox/published-event';

/**
 * Work that must happen exactly once per committed event, platform-wide (planning
 * notifications, later rollups). It runs inside the relay's publishing transaction, so what it
 * writes commits together with the publication or not at all.
 */
export interface OutboxConsumer {
  name: string;
  consume(tx: Tx, events: PublishedEvent[]): Promise<void>;
}

/** Any fixed 64-bit key: one relay at a time holds it, per database. */
const RELAY_LOCK_KEY = 0x0ed0_0001;
/** 200 ids of at most 19 digits keep the NOTIFY payload under 4.5 kB (PostgreSQL's limit is 8 kB). */
const RELAY_BATCH = 200;

export interface RelayOptions {
  /** How often to look for unpublished events without being woken (a safety net; NOTIFY wakes it). */
  sweepMs: number;
  /** Published events older than this are deleted (hourly); 0 keeps them. History stays in `dossier_history`. */
  retentionDays?: number;
  /** The `relay` component's logger. */
  logger: Logger;
}

/**
 * Publishes committed outbox rows. Each batch is one transaction that takes a transaction-level
 * advisory lock (so several instances' relays never publish the same row), numbers the oldest
 * unpublished rows with consecutive `published_seq` values in id order, lets the consumers write,
 * and sends one NOTIFY with the ids. If the process dies anywhere before COMMIT, nothing is
 * published and the rows wait for the next relay; the NOTIFY leaves only on commit.
 */
export class OutboxRelay {
  private stopped = true;
  private retry?: NodeJS.Timeout;
  private lastPurge = Date.now();
  /** When a batch last succeeded (publishing, finding nothing, or finding another relay at work). */
  private lastOkAt = 0;
  /** Since when the current batch runs (absent between batches). */
  private batchSince?: number;
  /** The last batch threw; cleared by the next success. */
  private failing = false;
  private readonly task = new CoalescedTask(() => this.drain(), () => !this.stopped);
  private readonly publishedListeners = new Set<(events: PublishedEvent[]) => void>();

  constructor(
    private readonly em: EntityManager,
    private readonly consumers: OutboxConsumer[],
    private readonly options: RelayOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastOkAt = Date.now(); // the first sweep's grace
    this.task.repeatEvery(this.options.sweepMs);
    this.kick();
  }

  /** Called with each batch once it committed (metrics: relay lag); returns the unsubscribe. */
  onPublished(listener: (events: PublishedEvent[]) => void): () => void {
    this.publishedListeners.add(listener);
    return () => this.publishedListeners.delete(listener);
  }

  /** Publishes what is waiting now (called when a NOTIFY says rows were written). */
  kick(): void {
    this.task.kick();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        this.batchSince = Date.now();
        const n = await this.publishBatch();
        this.batchSince = undefined;
        this.lastOkAt = Date.now();
        this.failing = false;
        if (n === 'busy') {
          // Another instance publishes now; its snapshot may predate our rows, so look again soon.
          return this.retryIn(25);
        }
        if (n < RELAY_BATCH || this.stopped) break;
      }
      if (this.options.retentionDays && Date.now() - this.lastPurge > 3_600_000) {
        this.lastPurge = Date.now();
        await this.purgePublished(this.options.retentionDays);
      }
    } catch (e) {
      this.batchSince = undefined;
      this.failing = true;
      this.options.logger.warn({ error: errorForLog(e) }, 'relay batch failed, will retry');
      this.retryIn(500);
    }
  }

  private retryIn(ms: number): void {
    // A batch that ends after stop() (busy or failed) must not schedule another.
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.kick(), ms);
  }

  /** One batch; the number of events published, or `busy` when another relay holds the lock. */
  async publishBatch(): Promise<number | 'busy'> {
    let spans: PublicationSpans | undefined;
    let published: PublishedEvent[] = [];
    let n: number | 'busy';
    try {
      n = await this.publishBatchIn((s) => (spans = s), (events) => (published = events));
      spans?.end();
    } catch (e) {
      spans?.end(e);
      throw e;
    }
    // After COMMIT: a listener's failure is not a failed publication.
    for (const listener of published.length ? this.publishedListeners : []) {
      try {
        listener(published);
      } catch (e) {
        this.options.logger.warn({ error: errorForLog(e) }, 'a publication listener failed');
      }
    }
    return n;
  }

  /** The batch's transaction; `traced` receives its spans, which end after the commit; `done` its events. */
  private async publishBatchIn(traced: (spans: PublicationSpans) => void, done: (events: PublishedEvent[]) => void): Promise<number | 'busy'> {
    return transaction(this.em, async (tx) => {
      // A relay stuck mid-batch (frozen process, partition) must not hold the lock for ever.
      await tx.query(`set local idle_in_transaction_session_timeout = '30s'`);
      await tx.query(`set local statement_timeout = '30s'`);
      const [{ locked }] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [RELAY_LOCK_KEY]);
      if (!locked) return 'busy';
      const rows = await tx.query(
        `with batch as (select id from outbox_event where published_at is null order by id limit $1 for update),
              numbered as (select id, row_number() over (order by id) as rn from batch),
              base as (select coalesce(max(published_seq), 0) as seq from outbox_event)
         update outbox_event o set published_seq = base.seq + numbered.rn, published_at = now()
         from numbered, base where o.id = numbered.id
         returning ${PUBLISHED_EVENT_COLUMNS}, o.trace_context as "traceContext"`,
        [RELAY_BATCH],
      );
      if (!rows.length) return 0;
      const spans = publicationSpans(rows as PublishedEventTrace[]);
      traced(spans);
      const events = rows.map(({ traceContext: _, ...r }) => toPublishedEvent(r)).sort((a, b) => a.seq - b.seq);
      return spans.within(async () => {
        for (const c of this.consumers) await this.runConsumer(tx, c, events);
        if (this.options.logger.isLevelEnabled('debug')) {
          for (const e of events) this.options.logger.debug({ requestId: e.requestId ?? undefined, eventId: e.id, eventType: e.type, aggregateType: e.aggregateType, seq: e.seq }, 'event published');
        }
        const payload = JSON.stringify({ from: events[0].seq, to: events[events.length - 1].seq, ids: events.map((e) => e.id) });
        await tx.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
        done(events);
        return events.length;
      });
    });
  }

  /**
   * A consumer runs under a savepoint: if the batch fails, each event is retried alone, and an
   * event that still fails is recorded in `outbox_consumer_failure` (and logged) instead of
   * holding up the publication of every later event on the platform.
   */
  private async runConsumer(tx: Tx, c: OutboxConsumer, events: PublishedEvent[]): Promise<void> {
    const attempt = async (batch: PublishedEvent[]): Promise<unknown> => {
      await tx.query('savepoint consumer');
      try {
        await c.consume(tx, batch);
        await tx.query('release savepoint consumer');
        return null;
      } catch (err) {
        await tx.query('rollback to savepoint consumer');
        await tx.query('release savepoint consumer');
        return err ?? new Error('unknown failure');
      }
    };
    if (!(await attempt(events))) return;
    for (const e of events) {
      const err = await attempt([e]);
      if (!err) continue;
      const message = ((err as Error).message || String(err)).slice(0, 1000);
      await tx.query(`insert into outbox_consumer_failure (consumer, event_id, error, failed_at) values ($1, $2, $3, now())
        on conflict (consumer, event_id) do update set error = excluded.error, failed_at = excluded.failed_at`, [c.name, e.id, message]);
      this.options.logger.error(
        { requestId: e.requestId ?? undefined, consumer: c.name, eventId: e.id, eventType: e.type, error: errorForLog(err) },
        'consumer failed on an event; recorded in outbox_consumer_failure',
      );
    }
  }

  /**
   * Deletes published events older than `days`, in chunks, always keeping the newest published
   * row (its `published_seq` is where the next batch continues). Returns how many went.
   */
  async purgePublished(days: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await transaction(this.em, async (tx) => {
        const rows = await tx.query(`delete from outbox_event where id in (
            select id from outbox_event where published_at < now() - make_interval(days => $1)
              and published_seq < (select max(published_seq) from outbox_event) limit 5000)
          returning id`, [days]);
        return rows.length;
      });
      total += n;
      if (n < 5000) return total;
    }
  }

  /**
   * Running, and a batch succeeded within the last three sweep intervals (at least 2 s): every
   * sweep runs one, so failing batches, or sweeps that stopped, make the relay unhealthy within
   * that time. A batch at work after a success (a backlog) counts as healthy for up to a minute,
   * twice the 30 s statement timeout it runs under.
   */
  healthy(now = Date.now()): boolean {
    if (this.stopped) return false;
    if (this.batchSince !== undefined && !this.failing) return now - this.batchSince <= 60_000;
    return now - this.lastOkAt <= Math.max(3 * this.options.sweepMs, 2000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.task.settled();
  }
}
