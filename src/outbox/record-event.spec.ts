import type { EntityManager } from '@mikro-orm/postgresql';
import { OutboxEvent } from './outbox-event.entity';
import { recordEvent } from './record-event';

/** Only `create` is reached: the writer adds the row to the caller's unit of work and flushes nothing. */
function unitOfWork() {
  const created: [unknown, unknown][] = [];
  const em = { create: (entity: unknown, data: unknown) => created.push([entity, data]) } as unknown as EntityManager;
  return { em, created };
}

describe('recordEvent (the modules\' outbox writer)', () => {
  it('records an event of the module\'s own aggregate', () => {
    const { em, created } = unitOfWork();
    const event = { aggregateType: 'Petition', aggregateId: 'p1', type: 'PetitionStatusChanged', payload: { petitionId: 'p1' } };
    recordEvent(em, event);
    expect(created).toEqual([[OutboxEvent, event]]);
  });

  it.each(['Dossier', 'Account', 'Calendar', 'Document'])('refuses an event of the kernel aggregate %s', (aggregateType) => {
    const { em, created } = unitOfWork();
    expect(() => recordEvent(em, { aggregateType, aggregateId: 'x', type: `${aggregateType}StatusChanged`, payload: {} })).toThrow(`A module cannot record ${aggregateType} events`);
    expect(created).toEqual([]);
  });
});
