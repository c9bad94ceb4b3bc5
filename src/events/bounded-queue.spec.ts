import { BoundedQueue, mapQueue } from './bounded-queue';

describe('BoundedQueue', () => {
  it('hands items out in order, to a waiting reader at once', async () => {
    const q = new BoundedQueue<number>(10, () => undefined);
    const waiting = q.next();
    q.push(1);
    q.push(2);
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(await q.next()).toEqual({ value: 2, done: false });
  });

  it('ends itself and reports past the limit, dropping what waited', async () => {
    const overflow = jest.fn();
    const cleanup = jest.fn();
    const q = new BoundedQueue<number>(3, overflow);
    q.onEnd(cleanup);
    for (let i = 0; i < 4; i++) q.push(i);
    expect(overflow).toHaveBeenCalledWith(3);
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(q.size).toBe(0);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps only the newest item on replace', async () => {
    const q = new BoundedQueue<string>(1, () => undefined);
    q.replace('a');
    q.replace('b');
    expect(q.size).toBe(1);
    expect(await q.next()).toEqual({ value: 'b', done: false });
  });

  it('mapQueue skips dropped items and return() ends a pending read', async () => {
    const q = new BoundedQueue<number>(10, () => undefined);
    const it = mapQueue(q, async (n) => (n % 2 ? [n * 10] : []));
    q.push(2);
    q.push(3);
    expect(await it.next()).toEqual({ value: 30, done: false });
    const pending = it.next();
    await it.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
