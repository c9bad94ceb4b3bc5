import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs `work` one at a time. A `kick` while it runs makes it run once more right after, so a
 * wake-up is never lost and never runs in parallel with the previous one. `work` handles its
 * own errors (it must not throw). It runs in the async context the task was created in (start-up),
 * never in that of whoever kicks it: a request that wakes the relay must not lend it its request
 * id, its SQL statement counter or its transaction scope.
 */
export class CoalescedTask {
  private running = false;
  private again = false;
  private idle: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private readonly inCreationContext = AsyncLocalStorage.snapshot();

  constructor(
    private readonly work: () => Promise<void>,
    /** Checked before each run: false once the owner stops. */
    private readonly enabled: () => boolean,
  ) {}

  kick(): void {
    if (!this.enabled()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = this.inCreationContext(() => this.loop()).finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.work();
    } while (this.again && this.enabled());
  }

  /** Also runs every `ms` (a safety net beside the wake-ups); the timer does not keep the process alive. */
  repeatEvery(ms: number): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), ms);
    this.timer.unref();
  }

  /** Stops repeating and resolves when the current run (if any) is over. */
  settled(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    return this.idle.catch(() => undefined);
  }
}
