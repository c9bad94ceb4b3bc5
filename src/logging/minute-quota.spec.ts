import { MinuteQuota } from './minute-quota';

describe('MinuteQuota', () => {
  it('admits so many per minute and reports the rest once the minute is over', () => {
    const reports: number[] = [];
    const q = new MinuteQuota(2, (n) => reports.push(n));
    const at = (s: number) => new Date(Date.UTC(2026, 10, 27, 3, 0, s));
    expect([q.admit(at(1)), q.admit(at(2)), q.admit(at(3)), q.admit(at(59))]).toEqual([true, true, false, false]);
    expect(reports).toEqual([]);
    expect(q.admit(at(60))).toBe(true);
    expect(reports).toEqual([2]);
  });

  it('admits nothing with a quota of zero', () => {
    const q = new MinuteQuota(0, () => undefined);
    expect(q.admit(new Date())).toBe(false);
  });
});
