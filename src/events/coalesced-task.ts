/**
 * Runs `work` one at a time. A `kick` while it runs makes it run once more right after, so a
 * wake-up is never lost and never runs in parallel with the previous one. `work` handles its
 * own errors (it must not throw).
 */
export class CoalescedTask {
  private running = false;
  private again = false;
  private idle: Promise<void> = Promise.resolve();

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
    this.idle = this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.work();
    } while (this.again && this.enabled());
  }

  /** Resolves when the current run (if any) is over. */
  settled(): Promise<void> {
    return this.idle.catch(() => undefined);
  }
}
