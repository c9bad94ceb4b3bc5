import { EntityManager } from '@mikro-orm/postgresql';
import { CalendarService } from './calendar.service';

/** An entity manager whose connection answers the calendar query, counting calls and the transaction context passed. */
function fakeEm(rows: { date: string; kind: string }[], ctx?: object) {
  const calls: unknown[] = [];
  const em = {
    getTransactionContext: () => ctx,
    getConnection: () => ({
      execute: async (_sql: string, _params: unknown[], _method: string, txCtx: unknown) => {
        calls.push(txCtx);
        await new Promise((r) => setImmediate(r));
        return rows;
      },
    }),
  } as unknown as EntityManager;
  return { em, calls };
}

describe('CalendarService', () => {
  it('loads on the caller’s own connection (its transaction), once for concurrent callers', async () => {
    const trx = {};
    const { em, calls } = fakeEm([{ date: '2026-09-02', kind: 'HOLIDAY' }], trx);
    const service = new CalendarService({ ttlMs: 60_000 });
    const [a, b] = await Promise.all([service.calendar(em), service.calendar(em)]);
    expect(a).toBe(b);
    expect(calls).toEqual([trx]);
  });

  it('serves an expired calendar at once and refreshes it in the background on another entity manager', async () => {
    const caller = fakeEm([], {});
    const background = fakeEm([{ date: '2026-09-02', kind: 'HOLIDAY' }]);
    const service = new CalendarService({ ttlMs: 0, backgroundEm: () => background.em });
    const first = await service.calendar(caller.em);
    const stale = await service.calendar(caller.em);
    expect(stale).toBe(first);
    expect(caller.calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(background.calls).toHaveLength(1);
    expect(await service.calendar(caller.em)).not.toBe(first);
  });

  it('after an invalidation, the next caller loads again and an older load does not overwrite it', async () => {
    const { em, calls } = fakeEm([]);
    const service = new CalendarService({ ttlMs: 60_000 });
    const before = service.calendar(em);
    service.invalidate();
    const after = await service.calendar(em);
    await before;
    expect(calls).toHaveLength(2);
    expect(await service.calendar(em)).toBe(after);
  });
});
