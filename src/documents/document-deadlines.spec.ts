import { atLocal, WorkingCalendar } from '../calendar/working-calendar';
import { acknowledgeDueAt, isLate, issueDueAt } from './document-deadlines';
import { Urgency } from './document.types';

// 2026: Thursday 30/4 and Friday 1/5 are public holidays.
const calendar = new WorkingCalendar({ holidays: ['2026-04-30', '2026-05-01'] });

describe('a document’s own deadlines (Decree 30/2020/NĐ-CP)', () => {
  it('issue: by the end of the next working day after signing, over a weekend and a holiday', () => {
    expect(issueDueAt(calendar, atLocal('2026-03-02', '09:00'), Urgency.NORMAL)).toEqual(atLocal('2026-03-03', '17:00'));
    expect(issueDueAt(calendar, atLocal('2026-03-06', '16:59'), Urgency.NORMAL)).toEqual(atLocal('2026-03-09', '17:00'));
    expect(issueDueAt(calendar, atLocal('2026-03-07', '10:00'), Urgency.NORMAL)).toEqual(atLocal('2026-03-09', '17:00'));
    expect(issueDueAt(calendar, atLocal('2026-04-29', '20:00'), Urgency.NORMAL)).toEqual(atLocal('2026-05-04', '17:00'));
  });

  it('issue of an urgent document: the working day it is signed, or the next one after closing', () => {
    expect(issueDueAt(calendar, atLocal('2026-03-06', '10:00'), Urgency.HOA_TOC)).toEqual(atLocal('2026-03-06', '17:00'));
    expect(issueDueAt(calendar, atLocal('2026-04-29', '17:00'), Urgency.KHAN)).toEqual(atLocal('2026-05-04', '17:00'));
  });

  it('acknowledgement: the working day of arrival', () => {
    expect(acknowledgeDueAt(calendar, atLocal('2026-03-06', '06:00'))).toEqual(atLocal('2026-03-06', '17:00'));
    expect(acknowledgeDueAt(calendar, atLocal('2026-03-06', '12:00'))).toEqual(atLocal('2026-03-06', '17:00'));
    expect(acknowledgeDueAt(calendar, atLocal('2026-03-06', '17:00'))).toEqual(atLocal('2026-03-09', '17:00'));
    expect(acknowledgeDueAt(calendar, atLocal('2026-04-30', '09:00'))).toEqual(atLocal('2026-05-04', '17:00'));
  });

  it('late: done after the due date, or not done past it; never without a due date', () => {
    const due = atLocal('2026-03-09', '17:00');
    expect(isLate(due, atLocal('2026-03-09', '17:00'), atLocal('2026-03-20', '08:00'))).toBe(false);
    expect(isLate(due, atLocal('2026-03-09', '17:01'), atLocal('2026-03-09', '17:01'))).toBe(true);
    expect(isLate(due, null, atLocal('2026-03-09', '16:00'))).toBe(false);
    expect(isLate(due, null, atLocal('2026-03-10', '07:00'))).toBe(true);
    expect(isLate(null, null, atLocal('2030-01-01', '07:00'))).toBe(false);
  });

  it('endOfWorkingDay refuses a negative or fractional day count', () => {
    expect(() => calendar.endOfWorkingDay(atLocal('2026-03-06', '10:00'), -1)).toThrow(RangeError);
    expect(() => calendar.endOfWorkingDay(atLocal('2026-03-06', '10:00'), 0.5)).toThrow(RangeError);
  });
});
