import { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/sql';
import { errorForLog, Logger } from '../logging/logger';
import { CoalescedTask } from './coalesced-task';
import { PUBLISHED_EVENT_COLUMNS, PublishedEvent, toPublishedEvent } from '../outbox/published-event';

export type EventHandler = (e: PublishedEvent) => void;

/**
 * This instance's view of the published events, in publication order. A NOTIFY only says
 * "there is more": the feed always reads `published_seq > last seen` from the outbox, so a
 * notification lost while the listener was down is caught up on reconnect, and an event is
 * never handed out twice.
 */
export class EventFeed {
  private lastSeq = 0;
  private readonly handlers = new Set<EventHandler>();
  private running = false;
  private readonly task = new CoalescedTask(() => this.drain(), () => this.running);

  constructor(
    private readonly em: EntityManager,
    /** The `feed` component's logger. */
    private readonly logger: Logger,
  ) {}

  /** Starts after what has been published so far: subscribers want what happens next. */
  async init(pollMs: number): Promise<void> {
    const [row] = await query(this.em, 'select coalesce(max(published_seq), 0)::int8 as seq from outbox_event');
    this.lastSeq = Number(row.seq);
    this.running = true;
    this.task.repeatEvery(pollMs);
  }

  get position(): number {
    return this.lastSeq;
  }

  subscribe(handler: EventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  get subscriberCount(): number {
    return this.handlers.size;
  }

  /** Reads and dispatches everything published after the last event seen. */
  pull(): void {
    this.task.kick();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const rows = await query(this.em, `select ${PUBLISHED_EVENT_COLUMNS} from outbox_event o
          where o.published_seq > $1 order by o.published_seq limit 1000`, [this.lastSeq]);
        for (const r of rows) this.dispatch(toPublishedEvent(r));
        if (rows.length < 1000) break;
      }
    } catch (e) {
      this.logger.warn({ error: errorForLog(e) }, 'reading published events failed, will retry');
      await new Promise((r) => setTimeout(r, 200));
      this.pull();
    }
  }

  private dispatch(e: PublishedEvent): void {
    if (e.seq <= this.lastSeq) return; // already handed out
    this.lastSeq = e.seq;
    for (const h of this.handlers) {
      try {
        h(e);
      } catch (err) {
        this.logger.error({ requestId: e.requestId ?? undefined, eventId: e.id, eventType: e.type, error: errorForLog(err) }, 'subscriber failed on an event');
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.task.settled();
  }
}
