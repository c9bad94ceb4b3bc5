import { DurationUnit } from './duration';
import { atLocal, DEFAULT_WORKING_PERIODS, WorkingCalendar } from './working-calendar';

/*
 * All expected instants are written by hand in local time (Asia/Ho_Chi_Minh, UTC+7).
 * Reference weeks (2026):
 *   Fri 03-13, Sat 03-14, Sun 03-15, Mon 03-16 … Fri 03-20, Sat 03-21, Sun 03-22, Mon 03-23.
 *   Fri 04-24, Sat 04-25 (compensatory working day in this test calendar), Mon 04-27 … Wed 04-29,
 *   Thu 04-30 and Fri 05-01 (holidays), Sat 05-02, Sun 05-03, Mon 05-04, Tue 05-05.
 *   Tết: Thu 02-12, Fri 02-13, holidays Sat 02-14 … Sun 02-22, Mon 02-23.
 */
const TET = ['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'];
const HOLIDAYS = [...TET, '2026-04-30', '2026-05-01'];
const COMPENSATORY_SATURDAY = '2026-04-25';

const cal = new WorkingCalendar({ holidays: HOLIDAYS, workingDays: [COMPENSATORY_SATURDAY] });
const plain = new WorkingCalendar({ holidays: [] });
const at = atLocal;

const days = (amount: number) => ({ amount, unit: DurationUnit.WORKING_DAYS });
const hours = (amount: number) => ({ amount, unit: DurationUnit.WORKING_HOURS });
const calendarDays = (amount: number) => ({ amount, unit: DurationUnit.CALENDAR_DAYS });
const sameDay = { amount: 1, unit: DurationUnit.SAME_DAY };

describe('atLocal / localDate (fixed UTC+7)', () => {
  it('builds the instant of a local date and time', () => {
    expect(at('2026-03-16', '07:00').toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(at('2026-03-16', '17:00').toISOString()).toBe('2026-03-16T10:00:00.000Z');
    expect(at('2026-03-16', '00:00').toISOString()).toBe('2026-03-15T17:00:00.000Z');
  });

  it('uses +07:00 all year round (no daylight saving)', () => {
    expect(at('2026-01-15', '12:00').toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(at('2026-07-15', '12:00').toISOString()).toBe('2026-07-15T05:00:00.000Z');
  });

  it('gives the local date, which differs from the UTC date between 17:00Z and 24:00Z', () => {
    expect(cal.localDate(new Date('2026-03-15T17:00:00.000Z'))).toBe('2026-03-16');
    expect(cal.localDate(new Date('2026-03-15T16:59:59.999Z'))).toBe('2026-03-15');
    expect(cal.localDate(at('2026-03-16', '06:59'))).toBe('2026-03-16');
    expect(cal.localDate(at('2026-12-31', '23:59'))).toBe('2026-12-31');
  });

  it('rejects malformed or impossible dates and times', () => {
    expect(() => at('2026-02-30', '07:00')).toThrow(RangeError);
    expect(() => at('2026-3-1', '07:00')).toThrow(RangeError);
    expect(() => at('2026-03-16', '25:00')).toThrow(RangeError);
    expect(() => at('2026-03-16', '07:60')).toThrow(RangeError);
    expect(() => at('2026-03-16', '7:00')).toThrow(RangeError);
    expect(() => at('2026-03-16', '24:00')).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('is true Monday–Friday and false on weekends', () => {
    expect(cal.isWorkingDay(at('2026-03-16', '10:00'))).toBe(true); // Mon
    expect(cal.isWorkingDay(at('2026-03-20', '10:00'))).toBe(true); // Fri
    expect(cal.isWorkingDay(at('2026-03-21', '10:00'))).toBe(false); // Sat
    expect(cal.isWorkingDay(at('2026-03-22', '10:00'))).toBe(false); // Sun
  });

  it('uses the local date, not the UTC date', () => {
    // Sat 2026-03-14 00:30 local is still Friday in UTC.
    expect(cal.isWorkingDay(at('2026-03-14', '00:30'))).toBe(false);
    // Mon 2026-03-16 00:30 local is still Sunday in UTC.
    expect(cal.isWorkingDay(at('2026-03-16', '00:30'))).toBe(true);
  });

  it('is false on holidays (30/4, 1/5, Tết)', () => {
    expect(cal.isWorkingDay(at('2026-04-30', '10:00'))).toBe(false);
    expect(cal.isWorkingDay(at('2026-05-01', '10:00'))).toBe(false);
    expect(cal.isWorkingDay(at('2026-02-17', '10:00'))).toBe(false);
    expect(cal.isWorkingDay(at('2026-02-13', '10:00'))).toBe(true);
    expect(cal.isWorkingDay(at('2026-02-23', '10:00'))).toBe(true);
  });

  it('is true on a compensatory Saturday and false on other Saturdays', () => {
    expect(cal.isWorkingDay(at(COMPENSATORY_SATURDAY, '10:00'))).toBe(true);
    expect(cal.isWorkingDay(at('2026-04-18', '10:00'))).toBe(false);
    expect(plain.isWorkingDay(at(COMPENSATORY_SATURDAY, '10:00'))).toBe(false);
  });
});

describe('nextWorkingMoment', () => {
  it('returns the instant itself inside working hours (period starts are inside)', () => {
    expect(cal.nextWorkingMoment(at('2026-03-16', '09:15'))).toEqual(at('2026-03-16', '09:15'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '07:00'))).toEqual(at('2026-03-16', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '13:30'))).toEqual(at('2026-03-16', '13:30'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '16:59'))).toEqual(at('2026-03-16', '16:59'));
  });

  it('moves a reception before opening to 07:00', () => {
    expect(cal.nextWorkingMoment(at('2026-03-16', '06:00'))).toEqual(at('2026-03-16', '07:00'));
  });

  it('moves the lunch break (11:30 included) to 13:30', () => {
    expect(cal.nextWorkingMoment(at('2026-03-16', '11:30'))).toEqual(at('2026-03-16', '13:30'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '12:00'))).toEqual(at('2026-03-16', '13:30'));
  });

  it('moves closing time and after-hours to the next working morning', () => {
    expect(cal.nextWorkingMoment(at('2026-03-16', '17:00'))).toEqual(at('2026-03-17', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '18:00'))).toEqual(at('2026-03-17', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-03-16', '23:59'))).toEqual(at('2026-03-17', '07:00'));
  });

  it('skips weekends', () => {
    expect(cal.nextWorkingMoment(at('2026-03-20', '18:00'))).toEqual(at('2026-03-23', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-03-21', '10:00'))).toEqual(at('2026-03-23', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-03-22', '10:00'))).toEqual(at('2026-03-23', '07:00'));
  });

  it('skips holidays and the weekend after them', () => {
    expect(cal.nextWorkingMoment(at('2026-04-29', '18:00'))).toEqual(at('2026-05-04', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-04-30', '09:00'))).toEqual(at('2026-05-04', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-02-13', '17:00'))).toEqual(at('2026-02-23', '07:00'));
  });

  it('stops on a compensatory Saturday', () => {
    expect(cal.nextWorkingMoment(at('2026-04-24', '18:00'))).toEqual(at('2026-04-25', '07:00'));
    expect(cal.nextWorkingMoment(at('2026-04-25', '10:00'))).toEqual(at('2026-04-25', '10:00'));
    expect(plain.nextWorkingMoment(at('2026-04-24', '18:00'))).toEqual(at('2026-04-27', '07:00'));
  });

  it('does not return or mutate the caller’s Date object', () => {
    const t = at('2026-03-16', '09:00');
    const result = cal.nextWorkingMoment(t);
    expect(result).not.toBe(t);
    expect(t).toEqual(at('2026-03-16', '09:00'));
  });
});

describe('addWorkingMinutes', () => {
  it('keeps a deadline that lands exactly at a period end at that end', () => {
    expect(cal.addWorkingMinutes(at('2026-03-16', '07:00'), 480)).toEqual(at('2026-03-16', '17:00'));
    expect(cal.addWorkingMinutes(at('2026-03-16', '07:00'), 270)).toEqual(at('2026-03-16', '11:30'));
  });

  it('skips the lunch break', () => {
    expect(cal.addWorkingMinutes(at('2026-03-16', '11:00'), 60)).toEqual(at('2026-03-16', '14:00'));
    expect(cal.addWorkingMinutes(at('2026-03-16', '07:00'), 271)).toEqual(at('2026-03-16', '13:31'));
  });

  it('continues on the next working morning, over the weekend', () => {
    expect(cal.addWorkingMinutes(at('2026-03-16', '16:00'), 120)).toEqual(at('2026-03-17', '08:00'));
    expect(cal.addWorkingMinutes(at('2026-03-20', '16:00'), 120)).toEqual(at('2026-03-23', '08:00'));
  });

  it('skips holidays and uses compensatory Saturdays', () => {
    expect(cal.addWorkingMinutes(at('2026-04-29', '16:00'), 120)).toEqual(at('2026-05-04', '08:00'));
    expect(cal.addWorkingMinutes(at('2026-04-24', '16:00'), 120)).toEqual(at('2026-04-25', '08:00'));
  });

  it('starts from the next working moment when started outside working hours', () => {
    expect(cal.addWorkingMinutes(at('2026-03-21', '10:00'), 60)).toEqual(at('2026-03-23', '08:00'));
    expect(cal.addWorkingMinutes(at('2026-03-16', '12:00'), 30)).toEqual(at('2026-03-16', '14:00'));
    expect(cal.addWorkingMinutes(at('2026-03-16', '05:00'), 30)).toEqual(at('2026-03-16', '07:30'));
  });

  it('returns the start unchanged for 0 minutes', () => {
    expect(cal.addWorkingMinutes(at('2026-03-21', '10:00'), 0)).toEqual(at('2026-03-21', '10:00'));
  });

  it('handles fractional minutes', () => {
    expect(cal.addWorkingMinutes(at('2026-03-16', '07:00'), 0.5)).toEqual(new Date(at('2026-03-16', '07:00').getTime() + 30_000));
  });

  it('rejects negative and non-finite minutes', () => {
    expect(() => cal.addWorkingMinutes(at('2026-03-16', '07:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(at('2026-03-16', '07:00'), NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(at('2026-03-16', '07:00'), Infinity)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(new Date('nope'), 10)).toThrow(RangeError);
  });

  it('covers hundreds of working days quickly (no per-minute loop)', () => {
    const started = Date.now();
    // 500 working days = exactly 100 weeks: Mon 2026-03-16 07:00 → Fri 2028-02-11 17:00.
    expect(plain.addWorkingMinutes(at('2026-03-16', '07:00'), 500 * 480)).toEqual(at('2028-02-11', '17:00'));
    // 100 000 working days (~380 years) still finishes in well under a second.
    plain.addWorkingMinutes(at('2026-03-16', '07:00'), 100_000 * 480);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('is the inverse of workingMinutesBetween', () => {
    const starts = [at('2026-03-16', '07:00'), at('2026-03-16', '11:10'), at('2026-02-12', '16:45'), at('2026-04-24', '15:00')];
    for (const start of starts) {
      for (const minutes of [1, 29, 270, 480, 481, 2400, 7777]) {
        const end = cal.addWorkingMinutes(start, minutes);
        expect(cal.workingMinutesBetween(start, end)).toBe(minutes);
      }
    }
  });
});

describe('workingMinutesBetween', () => {
  it('is 0 when b <= a', () => {
    expect(cal.workingMinutesBetween(at('2026-03-16', '10:00'), at('2026-03-16', '10:00'))).toBe(0);
    expect(cal.workingMinutesBetween(at('2026-03-16', '11:00'), at('2026-03-16', '10:00'))).toBe(0);
  });

  it('excludes the lunch break', () => {
    expect(cal.workingMinutesBetween(at('2026-03-16', '11:00'), at('2026-03-16', '14:00'))).toBe(60);
    expect(cal.workingMinutesBetween(at('2026-03-16', '11:45'), at('2026-03-16', '13:15'))).toBe(0);
  });

  it('counts a full day as 480 minutes and a full week as 2400', () => {
    expect(cal.workingMinutesBetween(at('2026-03-16', '07:00'), at('2026-03-16', '17:00'))).toBe(480);
    expect(cal.workingMinutesBetween(at('2026-03-16', '00:00'), at('2026-03-23', '00:00'))).toBe(2400);
  });

  it('excludes nights and weekends', () => {
    expect(cal.workingMinutesBetween(at('2026-03-20', '16:00'), at('2026-03-23', '08:00'))).toBe(120);
    expect(cal.workingMinutesBetween(at('2026-03-21', '00:00'), at('2026-03-23', '00:00'))).toBe(0);
  });

  it('excludes holidays and includes compensatory Saturdays', () => {
    expect(cal.workingMinutesBetween(at('2026-04-29', '07:00'), at('2026-05-04', '17:00'))).toBe(960);
    expect(cal.workingMinutesBetween(at('2026-04-24', '07:00'), at('2026-04-27', '07:00'))).toBe(960);
    expect(plain.workingMinutesBetween(at('2026-04-24', '07:00'), at('2026-04-27', '07:00'))).toBe(480);
  });

  it('is fractional for sub-minute spans', () => {
    const a = at('2026-03-16', '07:00');
    expect(cal.workingMinutesBetween(a, new Date(a.getTime() + 30_000))).toBe(0.5);
  });
});

describe('dueDate: WORKING_DAYS', () => {
  it('counts one working day from opening to closing of the same day', () => {
    expect(cal.dueDate(at('2026-03-16', '07:00'), days(1))).toEqual(at('2026-03-16', '17:00'));
  });

  it('counts from the time of reception', () => {
    expect(cal.dueDate(at('2026-03-16', '10:00'), days(3))).toEqual(at('2026-03-19', '10:00'));
  });

  it('skips weekends', () => {
    expect(cal.dueDate(at('2026-03-19', '10:00'), days(2))).toEqual(at('2026-03-23', '10:00'));
  });

  it('skips holidays (30/4 and 1/5)', () => {
    expect(cal.dueDate(at('2026-04-29', '10:00'), days(2))).toEqual(at('2026-05-05', '10:00'));
  });

  it('counts a compensatory Saturday', () => {
    expect(cal.dueDate(at('2026-04-24', '10:00'), days(2))).toEqual(at('2026-04-27', '10:00'));
    expect(plain.dueDate(at('2026-04-24', '10:00'), days(2))).toEqual(at('2026-04-28', '10:00'));
  });

  it('counts a reception after hours from the next morning', () => {
    expect(cal.dueDate(at('2026-03-16', '18:00'), days(1))).toEqual(at('2026-03-17', '17:00'));
    expect(cal.dueDate(at('2026-03-20', '17:00'), days(1))).toEqual(at('2026-03-23', '17:00'));
  });

  it('counts a reception on a weekend from Monday morning', () => {
    expect(cal.dueDate(at('2026-03-21', '09:00'), days(1))).toEqual(at('2026-03-23', '17:00'));
  });

  it('allows fractional days: 0.5 day = 4 working hours', () => {
    // The morning period is 4.5 h long, so 4 working hours from 07:00 end at 11:00.
    expect(cal.dueDate(at('2026-03-16', '07:00'), days(0.5))).toEqual(at('2026-03-16', '11:00'));
    // 09:00–11:30 is 2.5 h, the remaining 1.5 h run from 13:30.
    expect(cal.dueDate(at('2026-03-16', '09:00'), days(0.5))).toEqual(at('2026-03-16', '15:00'));
    expect(cal.dueDate(at('2026-03-16', '09:00'), days(0.5))).toEqual(cal.dueDate(at('2026-03-16', '09:00'), hours(4)));
    expect(cal.dueDate(at('2026-03-16', '07:00'), days(1.5))).toEqual(at('2026-03-17', '11:00'));
    expect(cal.dueDate(at('2026-03-16', '07:00'), days(0.5625))).toEqual(at('2026-03-16', '11:30'));
  });

  it('counts 15 working days across Tết', () => {
    // Thu 12, Fri 13 Feb; Tết 14–22 Feb; 23 Feb–6 Mar = 10 days; 9, 10, 11 Mar.
    expect(cal.dueDate(at('2026-02-12', '07:00'), days(15))).toEqual(at('2026-03-11', '17:00'));
    expect(cal.dueDate(at('2026-02-12', '10:00'), days(15))).toEqual(at('2026-03-12', '10:00'));
    // Without the Tết holidays it would be a week earlier.
    expect(plain.dueDate(at('2026-02-12', '07:00'), days(15))).toEqual(at('2026-03-04', '17:00'));
  });

  it('with 0 days is the (snapped) moment of reception', () => {
    expect(cal.dueDate(at('2026-03-16', '18:00'), days(0))).toEqual(at('2026-03-17', '07:00'));
  });

  it('rejects negative and non-finite amounts', () => {
    expect(() => cal.dueDate(at('2026-03-16', '07:00'), days(-1))).toThrow(RangeError);
    expect(() => cal.dueDate(at('2026-03-16', '07:00'), days(NaN))).toThrow(RangeError);
  });
});

describe('dueDate: WORKING_HOURS', () => {
  it('skips the lunch break: received 11:00 + 1 h = 14:00', () => {
    expect(cal.dueDate(at('2026-03-16', '11:00'), hours(1))).toEqual(at('2026-03-16', '14:00'));
  });

  it('counts a reception during lunch from 13:30', () => {
    expect(cal.dueDate(at('2026-03-16', '12:00'), hours(1))).toEqual(at('2026-03-16', '14:30'));
  });

  it('counts a reception before opening from 07:00', () => {
    expect(cal.dueDate(at('2026-03-16', '06:00'), hours(1))).toEqual(at('2026-03-16', '08:00'));
  });

  it('counts a reception after hours from the next morning', () => {
    expect(cal.dueDate(at('2026-03-16', '18:00'), hours(2))).toEqual(at('2026-03-17', '09:00'));
  });

  it('runs over closing into the next working day, skipping the weekend', () => {
    expect(cal.dueDate(at('2026-03-20', '16:00'), hours(3))).toEqual(at('2026-03-23', '09:00'));
  });

  it('allows fractional hours', () => {
    expect(cal.dueDate(at('2026-03-16', '11:00'), hours(1.5))).toEqual(at('2026-03-16', '14:30'));
  });
});

describe('dueDate: CALENDAR_DAYS', () => {
  it('is due at 17:00 n calendar days after reception', () => {
    expect(cal.dueDate(at('2026-03-16', '10:00'), calendarDays(3))).toEqual(at('2026-03-19', '17:00'));
  });

  it('counts weekends as calendar days', () => {
    expect(cal.dueDate(at('2026-03-19', '10:00'), calendarDays(4))).toEqual(at('2026-03-23', '17:00'));
  });

  it('moves a deadline landing on a Sunday to the end of Monday', () => {
    expect(cal.dueDate(at('2026-03-18', '10:00'), calendarDays(4))).toEqual(at('2026-03-23', '17:00'));
  });

  it('moves a deadline landing on a Saturday to the end of Monday', () => {
    expect(cal.dueDate(at('2026-03-16', '10:00'), calendarDays(5))).toEqual(at('2026-03-23', '17:00'));
  });

  it('moves a deadline landing on a holiday past the holidays and the weekend', () => {
    expect(cal.dueDate(at('2026-04-27', '10:00'), calendarDays(3))).toEqual(at('2026-05-04', '17:00'));
  });

  it('keeps a deadline landing on a compensatory Saturday', () => {
    expect(cal.dueDate(at('2026-04-22', '10:00'), calendarDays(3))).toEqual(at('2026-04-25', '17:00'));
  });

  it('counts from the snapped reception date', () => {
    // Received Mon 18:00 → counts from Tue.
    expect(cal.dueDate(at('2026-03-16', '18:00'), calendarDays(1))).toEqual(at('2026-03-18', '17:00'));
    // Received Sat → counts from Mon.
    expect(cal.dueDate(at('2026-03-14', '10:00'), calendarDays(3))).toEqual(at('2026-03-19', '17:00'));
  });

  it('rejects a non-integer number of calendar days', () => {
    expect(() => cal.dueDate(at('2026-03-16', '10:00'), calendarDays(1.5))).toThrow(RangeError);
  });
});

describe('dueDate: SAME_DAY', () => {
  it('received before the 15:00 cut-off: due at 17:00 the same day', () => {
    expect(cal.dueDate(at('2026-03-16', '14:59'), sameDay)).toEqual(at('2026-03-16', '17:00'));
    expect(cal.dueDate(at('2026-03-16', '07:00'), sameDay)).toEqual(at('2026-03-16', '17:00'));
  });

  it('received at or after the cut-off: due at 17:00 the next working day', () => {
    expect(cal.dueDate(at('2026-03-16', '15:00'), sameDay)).toEqual(at('2026-03-17', '17:00'));
    expect(cal.dueDate(at('2026-03-16', '16:00'), sameDay)).toEqual(at('2026-03-17', '17:00'));
  });

  it('received after the cut-off on a Friday: due Monday', () => {
    expect(cal.dueDate(at('2026-03-20', '15:30'), sameDay)).toEqual(at('2026-03-23', '17:00'));
  });

  it('received after the cut-off before holidays: due after them', () => {
    expect(cal.dueDate(at('2026-04-29', '15:00'), sameDay)).toEqual(at('2026-05-04', '17:00'));
    expect(cal.dueDate(at('2026-04-24', '15:00'), sameDay)).toEqual(at('2026-04-25', '17:00'));
  });

  it('received after hours: snapped to the next morning, due that day', () => {
    expect(cal.dueDate(at('2026-03-16', '18:00'), sameDay)).toEqual(at('2026-03-17', '17:00'));
    expect(cal.dueDate(at('2026-03-16', '17:00'), sameDay)).toEqual(at('2026-03-17', '17:00'));
  });

  it('received on a weekend: due Monday 17:00', () => {
    expect(cal.dueDate(at('2026-03-21', '10:00'), sameDay)).toEqual(at('2026-03-23', '17:00'));
  });

  it('received before opening or during lunch: due the same day', () => {
    expect(cal.dueDate(at('2026-03-16', '06:00'), sameDay)).toEqual(at('2026-03-16', '17:00'));
    expect(cal.dueDate(at('2026-03-16', '12:00'), sameDay)).toEqual(at('2026-03-16', '17:00'));
  });

  it('honours a configured cut-off', () => {
    const late = new WorkingCalendar({ holidays: [], sameDayCutoff: '16:00' });
    expect(late.dueDate(at('2026-03-16', '15:30'), sameDay)).toEqual(at('2026-03-16', '17:00'));
    expect(late.dueDate(at('2026-03-16', '16:00'), sameDay)).toEqual(at('2026-03-17', '17:00'));
  });
});

describe('extendForPause', () => {
  it('a 2-working-day pause pushes the due date by 2 working days', () => {
    // Paused Mon 07:00 → Wed 07:00 = Mon + Tue = 960 working minutes.
    const from = at('2026-03-16', '07:00');
    const to = at('2026-03-18', '07:00');
    expect(cal.extendForPause(at('2026-03-19', '10:00'), from, to, DurationUnit.WORKING_DAYS)).toEqual(at('2026-03-23', '10:00'));
    // A due date at a period end continues from the next working moment: Fri 17:00 → Mon 07:00 + 2 days.
    expect(cal.extendForPause(at('2026-03-20', '17:00'), from, to, DurationUnit.WORKING_DAYS)).toEqual(at('2026-03-24', '17:00'));
  });

  it('a pause over a weekend counts only working time', () => {
    // Fri 16:00 → Mon 08:00 = 120 working minutes; due Wed 10:00 → 11:30 + 30 min after lunch.
    expect(
      cal.extendForPause(at('2026-03-18', '10:00'), at('2026-03-13', '16:00'), at('2026-03-16', '08:00'), DurationUnit.WORKING_DAYS),
    ).toEqual(at('2026-03-18', '14:00'));
  });

  it('a pause entirely on a weekend changes nothing', () => {
    expect(
      cal.extendForPause(at('2026-03-18', '10:00'), at('2026-03-14', '08:00'), at('2026-03-15', '18:00'), DurationUnit.WORKING_DAYS),
    ).toEqual(at('2026-03-18', '10:00'));
  });

  it('a pause over holidays counts only working time', () => {
    // Wed 04-29 07:00 → Mon 05-04 07:00 = Wed only (480 min); due Tue 05-05 17:00 → Wed 05-06 17:00.
    expect(
      cal.extendForPause(at('2026-05-05', '17:00'), at('2026-04-29', '07:00'), at('2026-05-04', '07:00'), DurationUnit.WORKING_DAYS),
    ).toEqual(at('2026-05-06', '17:00'));
  });

  it('a due date at 17:00 pushed by 1 working hour is 08:00 the next working day', () => {
    expect(
      cal.extendForPause(at('2026-03-20', '17:00'), at('2026-03-16', '09:00'), at('2026-03-16', '10:00'), DurationUnit.WORKING_HOURS),
    ).toEqual(at('2026-03-23', '08:00'));
  });

  it('a due date at 11:30 pushed by 30 minutes is 14:00', () => {
    expect(
      cal.extendForPause(at('2026-03-18', '11:30'), at('2026-03-16', '09:00'), at('2026-03-16', '09:30'), DurationUnit.WORKING_HOURS),
    ).toEqual(at('2026-03-18', '14:00'));
  });

  it('SAME_DAY procedures are pushed by working time too', () => {
    expect(
      cal.extendForPause(at('2026-03-16', '17:00'), at('2026-03-16', '10:00'), at('2026-03-17', '10:00'), DurationUnit.SAME_DAY),
    ).toEqual(at('2026-03-17', '17:00'));
  });

  it('CALENDAR_DAYS: pushed by the calendar duration of the pause', () => {
    // 3 calendar days including a weekend: due Tue 17:00 → Fri 17:00.
    expect(
      cal.extendForPause(at('2026-03-17', '17:00'), at('2026-03-13', '17:00'), at('2026-03-16', '17:00'), DurationUnit.CALENDAR_DAYS),
    ).toEqual(at('2026-03-20', '17:00'));
  });

  it('CALENDAR_DAYS: landing on a weekend moves to the end of the next working day', () => {
    // 2 calendar days: due Thu 17:00 → Sat 17:00 → Mon 17:00.
    expect(
      cal.extendForPause(at('2026-03-19', '17:00'), at('2026-03-16', '10:00'), at('2026-03-18', '10:00'), DurationUnit.CALENDAR_DAYS),
    ).toEqual(at('2026-03-23', '17:00'));
  });

  it('CALENDAR_DAYS: landing on a holiday moves past the holidays', () => {
    expect(
      cal.extendForPause(at('2026-04-27', '17:00'), at('2026-03-16', '10:00'), at('2026-03-19', '10:00'), DurationUnit.CALENDAR_DAYS),
    ).toEqual(at('2026-05-04', '17:00'));
  });

  it('an empty or reversed pause changes nothing', () => {
    const due = at('2026-03-18', '10:00');
    expect(cal.extendForPause(due, at('2026-03-16', '10:00'), at('2026-03-16', '10:00'), DurationUnit.WORKING_DAYS)).toEqual(due);
    expect(cal.extendForPause(due, at('2026-03-17', '10:00'), at('2026-03-16', '10:00'), DurationUnit.WORKING_DAYS)).toEqual(due);
    expect(cal.extendForPause(due, at('2026-03-17', '10:00'), at('2026-03-16', '10:00'), DurationUnit.CALENDAR_DAYS)).toEqual(due);
  });
});

describe('configuration', () => {
  it('defaults to 07:00–11:30 and 13:30–17:00 (480 minutes a day)', () => {
    expect(DEFAULT_WORKING_PERIODS).toEqual([
      { start: '07:00', end: '11:30' },
      { start: '13:30', end: '17:00' },
    ]);
    expect(cal.workingDayMinutes).toBe(480);
  });

  it('accepts custom office hours (in any order) and a custom work week', () => {
    const custom = new WorkingCalendar({
      holidays: new Set<string>(),
      periods: [
        { start: '13:00', end: '17:00' },
        { start: '08:00', end: '12:00' },
      ],
      workWeek: [1, 2, 3, 4, 5, 6],
    });
    expect(custom.workingDayMinutes).toBe(480);
    expect(custom.nextWorkingMoment(at('2026-03-16', '07:00'))).toEqual(at('2026-03-16', '08:00'));
    expect(custom.dueDate(at('2026-03-16', '08:00'), days(1))).toEqual(at('2026-03-16', '17:00'));
    expect(custom.dueDate(at('2026-03-16', '11:00'), hours(2))).toEqual(at('2026-03-16', '14:00'));
    expect(custom.isWorkingDay(at('2026-03-21', '10:00'))).toBe(true);
    expect(custom.dueDate(at('2026-03-20', '16:00'), hours(2))).toEqual(at('2026-03-21', '09:00'));
  });

  it('copies its inputs (later changes to the arrays do not leak in)', () => {
    const holidays = ['2026-03-17'];
    const c = new WorkingCalendar({ holidays });
    holidays.push('2026-03-18');
    expect(c.isWorkingDay(at('2026-03-17', '10:00'))).toBe(false);
    expect(c.isWorkingDay(at('2026-03-18', '10:00'))).toBe(true);
  });

  it('rejects invalid configuration', () => {
    expect(() => new WorkingCalendar({ holidays: ['2026-02-30'] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: ['30/04/2026'] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: ['2026-04-25'], workingDays: ['2026-04-25'] })).toThrow(/both/);
    expect(() => new WorkingCalendar({ holidays: [], periods: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: [], periods: [{ start: '11:00', end: '10:00' }] })).toThrow(RangeError);
    expect(
      () =>
        new WorkingCalendar({
          holidays: [],
          periods: [
            { start: '07:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        }),
    ).toThrow(/overlap/);
    expect(() => new WorkingCalendar({ holidays: [], workWeek: [7] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ holidays: [], sameDayCutoff: '3pm' })).toThrow(RangeError);
  });
});

describe('guard against calendars without working days', () => {
  const none = new WorkingCalendar({ holidays: [], workWeek: [] });

  it('has no working days and no working minutes', () => {
    expect(none.isWorkingDay(at('2026-03-16', '10:00'))).toBe(false);
    expect(none.workingMinutesBetween(at('2026-03-16', '00:00'), at('2027-03-16', '00:00'))).toBe(0);
  });

  it('throws a clear error instead of looping forever', () => {
    const t = at('2026-03-16', '10:00');
    expect(() => none.nextWorkingMoment(t)).toThrow(/no working day/);
    expect(() => none.addWorkingMinutes(t, 60)).toThrow(/no working day/);
    expect(() => none.dueDate(t, days(1))).toThrow(/no working day/);
    expect(() => none.dueDate(t, hours(1))).toThrow(/no working day/);
    expect(() => none.dueDate(t, calendarDays(3))).toThrow(/no working day/);
    expect(() => none.dueDate(t, sameDay)).toThrow(/no working day/);
  });

  it('throws once the declared working days run out', () => {
    const only = new WorkingCalendar({ holidays: [], workWeek: [], workingDays: ['2026-03-21'] });
    expect(only.dueDate(at('2026-03-16', '10:00'), days(1))).toEqual(at('2026-03-21', '17:00'));
    expect(() => only.dueDate(at('2026-03-16', '10:00'), days(2))).toThrow(/no working day/);
    expect(() => only.dueDate(at('2026-03-21', '15:00'), sameDay)).toThrow(/no working day/);
  });
});
