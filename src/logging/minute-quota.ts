/**
 * At most `perMinute` admissions per clock minute; what is refused is reported once when the
 * minute ends (one log line per minute, however many were refused).
 */
export class MinuteQuota {
  private minute = -1;
  private used = 0;
  private dropped = 0;

  constructor(
    private readonly perMinute: number,
    private readonly onDropped: (count: number) => void,
  ) {}

  admit(now: Date): boolean {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.minute) {
      if (this.dropped) this.onDropped(this.dropped);
      this.minute = minute;
      this.used = 0;
      this.dropped = 0;
    }
    if (this.used < this.perMinute) {
      this.used++;
      return true;
    }
    this.dropped++;
    return false;
  }
}
