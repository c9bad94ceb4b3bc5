/** Why a queue gave up on its reader. */
export interface Overflow {
  waiting: number;
  /** Milliseconds since the reader last took an item. */
  idleMs: number;
}

/**
 * The events waiting for one subscriber. graphql-ws sends the next message only when the
 * previous one was written to the socket, so a client that stops reading stops pulling from
 * here. Past `limit` waiting items, a reader that has taken nothing for `stallMs` is given up:
 * the queue ends itself and calls `onOverflow` (which closes the connection with a reason). A
 * reader that keeps taking may fall behind in a burst (a relay catching up) up to `hardLimit`.
 */
export class BoundedQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private waiter?: (r: IteratorResult<T>) => void;
  private ended = false;
  private lastTaken = Date.now();
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly onOverflow: (o: Overflow) => void,
    private readonly options: { stallMs: number; hardLimit: number } = { stallMs: 2000, hardLimit: limit * 10 },
  ) {}

  /** Runs when the queue ends for any reason (completion, overflow, disconnect). */
  onEnd(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  push(item: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      const idleMs = Date.now() - this.lastTaken;
      if (idleMs >= this.options.stallMs || this.items.length >= this.options.hardLimit) {
        const waiting = this.items.length;
        this.end();
        this.onOverflow({ waiting, idleMs });
        return;
      }
    }
    this.items.push(item);
  }

  /** Keeps only the newest item (a dashboard wants the latest counts, not every past state). */
  replace(item: T): void {
    if (this.ended) return;
    if (this.waiter) return this.push(item);
    this.items = [item];
  }

  get size(): number {
    return this.items.length;
  }

  next(): Promise<IteratorResult<T>> {
    this.lastTaken = Date.now();
    if (this.items.length) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.items = [];
    this.waiter?.({ value: undefined, done: true });
    this.waiter = undefined;
    for (const c of this.cleanups.splice(0)) c();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Turns queued items into subscription results one at a time, in order: `map` may drop an item
 * (an empty array, e.g. the subscriber may no longer see it) or expand it. Unlike an async
 * generator, `return()` ends a subscription that is waiting for its next event at once.
 */
export function mapQueue<T, R>(queue: BoundedQueue<T>, map: (item: T) => Promise<R[]>): AsyncIterableIterator<R> {
  const ready: R[] = [];
  const it: AsyncIterableIterator<R> = {
    async next() {
      while (!ready.length) {
        const r = await queue.next();
        if (r.done) return { value: undefined, done: true };
        try {
          ready.push(...(await map(r.value)));
        } catch (e) {
          // The consumer will not call return() after a failed next(): leave the feed now.
          queue.end();
          throw e;
        }
      }
      return { value: ready.shift()!, done: false };
    },
    return: () => {
      ready.length = 0;
      return queue.return() as Promise<IteratorResult<R>>;
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}
