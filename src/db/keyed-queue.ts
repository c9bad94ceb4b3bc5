/**
 * Runs the writes to one record one after the other on this instance, before they take a pool
 * connection. Fifty concurrent actions on one dossier would otherwise take every connection of
 * the pool just to wait for the same row lock, and an unrelated request would queue behind them
 * (issue 13, defect 6). Here they wait in memory; only the one whose turn it is holds a
 * connection. Across instances the row lock (bounded by `lock_timeout`) still decides.
 *
 * The queue per key is bounded: past `maxWaiting`, `run` answers `busy()` at once, without
 * touching the database. One caller (`owner`) holds at most `maxPerOwner` places of a key, so
 * that nobody fills someone else's dossier's queue with requests that would be refused anyway
 * (the visibility check runs inside the transaction, after the wait).
 */
export class KeyedQueue {
  private readonly tails = new Map<string, { tail: Promise<void>; waiting: number; owners: Map<string, number> }>();

  constructor(
    private readonly maxWaiting = 32,
    private readonly maxPerOwner = 2,
  ) {}

  async run<T>(key: string, work: () => Promise<T>, busy: () => T, owner?: string): Promise<T> {
    const entry = this.tails.get(key) ?? { tail: Promise.resolve(), waiting: 0, owners: new Map<string, number>() };
    if (entry.waiting >= this.maxWaiting) return busy();
    const held = owner === undefined ? 0 : entry.owners.get(owner) ?? 0;
    if (held >= this.maxPerOwner) return busy();
    if (owner !== undefined) entry.owners.set(owner, held + 1);
    entry.waiting++;
    this.tails.set(key, entry);
    const previous = entry.tail;
    let release!: () => void;
    entry.tail = new Promise<void>((r) => (release = r));
    try {
      await previous;
      return await work();
    } finally {
      if (owner !== undefined) {
        const left = entry.owners.get(owner)! - 1;
        if (left) entry.owners.set(owner, left);
        else entry.owners.delete(owner);
      }
      entry.waiting--;
      if (entry.waiting === 0) this.tails.delete(key);
      release();
    }
  }
}
