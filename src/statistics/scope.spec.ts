import { isDay, periodCount, periodProblems } from './scope';

describe('periods of days', () => {
  it('takes real calendar days only', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('26-01-01')).toBe(false);
    expect(isDay('0000-01-01')).toBe(false); // PostgreSQL has no year 0
    expect(isDay('0001-01-01')).toBe(true);
    expect(isDay(undefined)).toBe(false);
  });

  it('names each problem of a period', () => {
    expect(periodProblems('2026-01-01', '2026-12-31')).toEqual([]);
    expect(periodProblems('2026-12-31', '2026-01-01')).toEqual([{ field: 'to', message: expect.stringContaining('to is before from') }]);
    expect(periodProblems('x', undefined).map((p) => p.field)).toEqual(['from', 'to']);
  });
});

describe('periodCount', () => {
  it('counts the periods a range touches, from the dates alone', () => {
    expect(periodCount('2026-01-01', '2026-12-31', 'day')).toBe(365);
    expect(periodCount('2024-01-01', '2024-12-31', 'day')).toBe(366);
    expect(periodCount('2026-03-05', '2026-03-05', 'day')).toBe(1);
    // 2026-01-01 is a Thursday: its ISO week runs to Sunday 2026-01-04.
    expect(periodCount('2026-01-01', '2026-01-04', 'week')).toBe(1);
    expect(periodCount('2026-01-01', '2026-01-05', 'week')).toBe(2);
    expect(periodCount('2026-01-15', '2026-03-01', 'month')).toBe(3);
    expect(periodCount('2026-03-31', '2026-04-01', 'quarter')).toBe(2);
    expect(periodCount('2025-12-31', '2026-01-01', 'year')).toBe(2);
    expect(periodCount('0001-01-01', '9999-12-31', 'day')).toBe(3652059);
    expect(periodCount('0001-01-01', '9999-12-31', 'year')).toBe(9999);
  });
});
