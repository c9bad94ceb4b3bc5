import { isDay, periodProblems } from './scope';

describe('periods of days', () => {
  it('takes real calendar days only', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('26-01-01')).toBe(false);
    expect(isDay(undefined)).toBe(false);
  });

  it('names each problem of a period', () => {
    expect(periodProblems('2026-01-01', '2026-12-31')).toEqual([]);
    expect(periodProblems('2026-12-31', '2026-01-01')).toEqual([{ field: 'to', message: expect.stringContaining('to is before from') }]);
    expect(periodProblems('x', undefined).map((p) => p.field)).toEqual(['from', 'to']);
  });
});
