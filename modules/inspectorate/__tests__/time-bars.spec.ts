import { atLocal } from '../../../src/kernel';
import { seededWorkingCalendar } from '../../../test/support/calendar';
import { petitionMessage } from '../rules/messages';
import { isTimeBarred, secondComplaintStart, timeBar } from '../rules/time-bars';
import { PetitionStatus } from '../entities/petition.entity';

/** The province's calendar as seeded (Tết 16–20/02/2026, 27/04, 30/04, 01/05, 01–02/09/2026 off). */
const calendar = seededWorkingCalendar();

describe('the first complaint: 90 days from receipt or knowledge of the decision (Law on Complaints art. 9)', () => {
  it('counts from the next day and ends on the 90th; a day off moves it to the next working day', () => {
    // 01/02/2026 + 90 days = Sun 02/05 → Mon 04/05 (Sat 02, Sun 03).
    const bar = timeBar(calendar, { instance: 1, remote: false, startsOn: '2026-02-01' });
    expect(bar).toMatchObject({ lastDay: '2026-05-04', days: 90, obstacleDays: 0, basis: expect.stringContaining('Điều 9') });
    expect(isTimeBarred(calendar, bar, atLocal('2026-05-04', '16:59'))).toBe(false);
    expect(isTimeBarred(calendar, bar, atLocal('2026-05-05', '07:00'))).toBe(true);
    // 30/01 + 90 = Thu 30/04 (holiday), Fri 01/05 holiday, the weekend: Mon 04/05.
    expect(timeBar(calendar, { instance: 1, remote: false, startsOn: '2026-01-30' }).lastDay).toBe('2026-05-04');
  });

  it('no longer period in remote areas for the first complaint', () => {
    expect(timeBar(calendar, { instance: 1, remote: true, startsOn: '2026-02-01' }).lastDay).toBe('2026-05-04');
  });

  it('the days of an objective obstacle are not counted', () => {
    // 20 days in hospital: 01/02 + 110 = Fri 22/05.
    const bar = timeBar(calendar, { instance: 1, remote: false, startsOn: '2026-02-01', obstacleDays: 20 });
    expect(bar).toMatchObject({ lastDay: '2026-05-22', obstacleDays: 20, basis: expect.stringContaining('trở ngại khách quan') });
    expect(isTimeBarred(calendar, bar, atLocal('2026-05-20', '09:00'))).toBe(false);
  });
});

describe('the second complaint: 30 days, 45 in remote areas (art. 33)', () => {
  it('from receipt of the first decision', () => {
    // Decision received Mon 03/08/2026: + 30 = Wed 02/09 (Quốc khánh) → Thu 03/09; remote + 45 = Thu 17/09.
    expect(timeBar(calendar, { instance: 2, remote: false, startsOn: '2026-08-03' })).toMatchObject({ lastDay: '2026-09-03', basis: expect.stringContaining('Điều 33') });
    expect(timeBar(calendar, { instance: 2, remote: true, startsOn: '2026-08-03' }).lastDay).toBe('2026-09-17');
  });

  it('runs from the decision received, or from the expiry of an unresolved first instance; otherwise it is not open', () => {
    const now = atLocal('2026-06-15', '09:00');
    const base = { decided: false, decisionDate: null, accepted: true, closed: false, resolved: false, dueAt: atLocal('2026-06-01', '17:00') };
    expect(secondComplaintStart(calendar, { ...base, decided: true, decisionDate: '2026-05-20', closed: true, resolved: true }, '2026-05-25', now)).toEqual({ startsOn: '2026-05-25', ground: 'DECISION_NOT_ACCEPTED' });
    expect(secondComplaintStart(calendar, { ...base, decided: true, decisionDate: '2026-05-20', closed: true, resolved: true }, null, now)).toEqual({ startsOn: '2026-05-20', ground: 'DECISION_NOT_ACCEPTED' });
    expect(secondComplaintStart(calendar, base, null, now)).toEqual({ startsOn: '2026-06-01', ground: 'NOT_RESOLVED_IN_TIME' });
    // Still within its time limit, never accepted, or closed without a decision: not open.
    expect(secondComplaintStart(calendar, { ...base, dueAt: atLocal('2026-06-30', '17:00') }, null, now)).toBeNull();
    expect(secondComplaintStart(calendar, { ...base, accepted: false, dueAt: null }, null, now)).toBeNull();
    expect(secondComplaintStart(calendar, { ...base, closed: true }, null, now)).toBeNull();
  });
});

describe('messages to the petitioner', () => {
  const facts = { code: 'TT-2026-000042', label: 'Tố cáo', statusLabel: 'Đã chuyển đơn', toStatus: PetitionStatus.TRANSFERRED, dueOn: null, agencyName: 'Thanh tra tỉnh Lâm Đồng', forwardedTo: 'Công an tỉnh Lâm Đồng', reasons: null, decisionNumber: null };

  it('say the step, the code and where the petition is, nothing about anyone', () => {
    expect(petitionMessage('transfer', facts)).toBe('Thanh tra tỉnh Lâm Đồng: đơn tố cáo số TT-2026-000042 đã được chuyển đến Công an tỉnh Lâm Đồng để giải quyết theo thẩm quyền.');
    expect(petitionMessage('accept', { ...facts, dueOn: '04/05/2026' })).toContain('Thời hạn: 04/05/2026.');
  });

  it('internal steps send nothing', () => {
    expect(petitionMessage('assignInspectors', facts)).toBeNull();
    expect(petitionMessage('secondComplaintFiled', facts)).toBeNull();
  });
});
