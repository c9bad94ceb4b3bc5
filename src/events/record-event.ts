import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox-event.entity';

/** An event as its recorder names it: what changed (aggregate), how, and the ids subscribers re-read with. */
interface RecordedEvent {
  /** e.g. `Petition`. */
  aggregateType: string;
  aggregateId: string;
  /** e.g. `PetitionStatusChanged`. */
  type: string;
  /** Ids and dates only: subscribers re-read the record with their own rights. */
  payload: Record<string, unknown>;
  /** When it happened, by the service's clock (defaults to the machine's). */
  createdAt?: Date;
}

/**
 * Records an outbox event in the caller's unit of work: it is written by the same flush as the
 * state change it describes, so a rolled-back change publishes nothing (the relay publishes
 * committed rows only).
 */
export function recordEvent(em: EntityManager, event: RecordedEvent): void {
  em.create(OutboxEvent, event);
}
