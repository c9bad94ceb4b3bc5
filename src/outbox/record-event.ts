import type { EntityManager } from '@mikro-orm/postgresql';
import { KERNEL_AGGREGATE_TYPES, type RecordedEvent, recordOutboxEvent } from './outbox-event.entity';

/**
 * Records a module's outbox event in the caller's unit of work (same flush as the state change
 * it describes; a rolled-back change publishes nothing). The aggregate is the module's own
 * (e.g. `Petition`, `EducationContactBook`): the kernel's aggregates (`Dossier`, `Account`,
 * `Calendar`, `Document`) are refused, since the kernel's consumers (statistics, notifications,
 * sessions) act on them and a module changes a dossier only through the kernel.
 */
export function recordEvent(em: EntityManager, event: RecordedEvent): void {
  if (KERNEL_AGGREGATE_TYPES.has(event.aggregateType)) {
    throw new Error(`A module cannot record ${event.aggregateType} events: the kernel records its own aggregates' events`);
  }
  recordOutboxEvent(em, event);
}
