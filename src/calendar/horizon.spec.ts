import { CALENDAR_HORIZON_WARNING_DAYS, confirmedThrough, horizonWarning, unconfirmedFrom } from './horizon';

describe('the confirmed holiday horizon (Labour Code 2019, art. 112: the lunar holidays are announced yearly)', () => {
  it('runs to 31 December of the last year of the unbroken run of confirmed years', () => {
    expect(confirmedThrough([2025, 2026])).toBe('2026-12-31');
    expect(confirmedThrough([2026, 2025, 2027])).toBe('2027-12-31');
    // 2028 confirmed does not vouch for 2027, which nobody confirmed.
    expect(confirmedThrough([2025, 2026, 2028])).toBe('2026-12-31');
    expect(confirmedThrough([])).toBeUndefined();
  });

  it('flags an answer reaching past the horizon from the first unconfirmed day', () => {
    expect(unconfirmedFrom('2026-12-31', '2026-12-31')).toBeUndefined();
    expect(unconfirmedFrom('2026-12-31', '2027-03-11')).toBe('2027-01-01');
    expect(unconfirmedFrom(undefined, '2027-03-11')).toBe('2027-01-01');
  });

  it(`warns when fewer than ${CALENDAR_HORIZON_WARNING_DAYS} days are confirmed ahead, naming the last confirmed day`, () => {
    expect(CALENDAR_HORIZON_WARNING_DAYS).toBe(90);
    // 2026-10-02 → 2026-12-31 is 90 days: enough; a day later it is not.
    expect(horizonWarning('2026-12-31', '2026-10-02')).toBeUndefined();
    expect(horizonWarning('2026-12-31', '2026-10-03')).toContain('confirmed through 2026-12-31 only (89 days ahead');
    expect(horizonWarning('2026-12-31', '2027-01-05')).toContain('(-5 days ahead');
    expect(horizonWarning(undefined, '2026-10-03')).toContain('no year');
    expect(horizonWarning('2026-12-31', '2026-12-01', 10)).toBeUndefined();
  });
});
