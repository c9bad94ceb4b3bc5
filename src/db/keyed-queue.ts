/**
 * Runs the writes to one record one after the other on this instance, before they take a pool
 * connection. Fifty concurrent actions on one dossier would otherwise take every connection of
 * the pool just to wait for the same row lock, and an unrelated request would queue behind them
 * (issue 13, defect 6). Here they wait in memory; only the one whose turn it is holds a
 * connection. Across instances the row lock (bounded by `lock_timeout`) still decides.
 *
 * The queue per key is bounded: past `maxWaiting`, `run` answers `busy()` at once, without
 * touching the database.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(private readonly maxWaiting = 32) {}

  async run<T>(key: string, work: () => Promise<T>, busy: () => T): Promise<T> {
    const entry = this.tails.get(key) ?? { tail: Promise.resolve(), waiting: 0 };
    if (entry.waiting >= this.maxWaiting) return busy();
    entry.waiting++;
    this.tails.set(key, entry);
    const previous = entry.tail;
    let release!: () => void;
    entry.tail = new Promise<void>((r) => (release = r));
    try {
      await previous;
      return await work();
    } finally {
      entry.waiting--;
      if (entry.waiting === 0) this.tails.delete(key);
      release();
    }
  }
}
