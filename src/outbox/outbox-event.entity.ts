import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { activeTraceContext, StoredTraceContext } from './outbox-tracing';
import { currentRequest } from '../logging/request-context';

/**
 * An event written in the same transaction as the state change it describes (transactional
 * outbox). A relay publishes committed rows; nothing is published for a rolled-back change.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ name: 'outbox_unpublished_idx', properties: ['id'], expression: 'create index "outbox_unpublished_idx" on "outbox_event" ("id") where "published_at" is null' })
export class OutboxEvent {
  [OptionalProps]?: 'id' | 'publishedAt' | 'publishedSeq' | 'createdAt' | 'traceContext' | 'requestId';

  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** e.g. `Dossier`. */
  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'text' })
  aggregateId!: string;

  /** e.g. `DossierStatusChanged`. */
  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  /**
   * The trace context of the request that recorded the event (W3C `traceparent`, `tracestate`),
   * taken here so that every place that records an event has it; null when tracing is off. The
   * relay's publish span links to it.
   */
  @Property({ type: 'json', nullable: true })
  traceContext?: StoredTraceContext | null = activeTraceContext();

  /** Publication order across the platform, assigned by the relay under its lock (gap-free, increasing). */
  @Property({ type: 'bigint', nullable: true })
  @Unique({ name: 'outbox_published_seq_unique' })
  publishedSeq?: string | null;

  /**
   * The request (or job run) that recorded the event, taken from the context it is created in;
   * the relay's and the delivery worker's log lines about the event carry it. Null outside one.
   */
  @Property({ type: 'text', nullable: true })
  requestId?: string | null = currentRequest()?.requestId ?? null;
}

/** An event as its recorder names it: what changed (aggregate), how, and the ids subscribers re-read with. */
export interface RecordedEvent {
  /** e.g. `Dossier`, `Petition`. */
  aggregateType: string;
  aggregateId: string;
  /** e.g. `DossierStatusChanged`. */
  type: string;
  /** Ids and dates only: subscribers re-read the record with their own rights. */
  payload: Record<string, unknown>;
  /** When it happened, by the service's clock (defaults to the machine's). */
  createdAt?: Date;
}

/**
 * The aggregates the kernel records events of. Its own consumers (statistics rollup,
 * notification planner, session ends, calendar and document feeds) trust these, so only the
 * kernel writes them: the modules' writer (`record-event.ts`) refuses them.
 */
export const KERNEL_AGGREGATE_TYPES: ReadonlySet<string> = new Set(['Dossier', 'Account', 'Calendar', 'Document']);

/**
 * Records an outbox event in the caller's unit of work: it is written by the same flush as the
 * state change it describes, so a rolled-back change publishes nothing (the relay publishes
 * committed rows only). The one writer of outbox rows, kernel and modules alike.
 */
export function recordOutboxEvent(em: EntityManager, event: RecordedEvent): void {
  em.create(OutboxEvent, event);
}

/**
 * An event a durable consumer could not handle even on its own. The event was published all
 * the same (one bad event must not stop real time for everyone); this row is what is left to
 * repair, for operators.
 */
@Entity({ tableName: 'outbox_consumer_failure' })
@Unique({ name: 'outbox_consumer_failure_unique', properties: ['consumer', 'eventId'] })
export class OutboxConsumerFailure {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  consumer!: string;

  @Property({ type: 'bigint' })
  eventId!: string;

  @Property({ type: 'text' })
  error!: string;

  @Property({ type: 'timestamptz' })
  failedAt!: Date;
}
