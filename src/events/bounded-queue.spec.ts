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

  it('past the limit gives up a reader that took nothing for stallMs, dropping what waited', async () => {
    const overflow = jest.fn();
    const cleanup = jest.fn();
    const q = new BoundedQueue<number>(3, overflow, { stallMs: 30, hardLimit: 100 });
    q.onEnd(cleanup);
    for (let i = 0; i < 4; i++) q.push(i); // a burst: the reader took something a moment ago
    expect(overflow).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 40));
    q.push(4);
    expect(overflow).toHaveBeenCalledWith({ waiting: 4, idleMs: expect.any(Number) });
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(q.size).toBe(0);
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('never holds more than hardLimit, even for a reader that keeps taking', () => {
    const overflow = jest.fn();
    const q = new BoundedQueue<number>(2, overflow, { stallMs: 60_000, hardLimit: 5 });
    for (let i = 0; i < 6; i++) q.push(i);
    expect(overflow).toHaveBeenCalledTimes(1);
  });

  it('mapQueue leaves the queue when mapping fails', async () => {
    const cleanup = jest.fn();
    const q = new BoundedQueue<number>(10, () => undefined);
    q.onEnd(cleanup);
    const it = mapQueue(q, async () => {
      throw new Error('database down');
    });
    q.push(1);
    await expect(it.next()).rejects.toThrow('database down');
    expect(cleanup).toHaveBeenCalledTimes(1);
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
