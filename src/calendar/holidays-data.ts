import { CalendarDayKind } from './holiday.entity';

/**
 * Public holidays and compensatory working days as announced for 2025–2026 (Labour Code 2019,
 * art. 112, and the Government's yearly notices). The dates change every year: they are data,
 * seeded once and then managed with `setCalendarDay`. Verify against each year's notice.
 */
export const DEFAULT_CALENDAR_DAYS: { date: string; kind: CalendarDayKind; name: string }[] = [
  ...[['2025-01-01', 'Tết Dương lịch']].map(([date, name]) => ({ date, name, kind: CalendarDayKind.HOLIDAY })),
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({ date, name: 'Tết Nguyên đán Ất Tỵ', kind: CalendarDayKind.HOLIDAY })),
  { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương', kind: CalendarDayKind.HOLIDAY },
  { date: '2025-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', kind: CalendarDayKind.HOLIDAY },
  { date: '2025-05-01', name: 'Ngày Quốc tế Lao động', kind: CalendarDayKind.HOLIDAY },
  { date: '2025-05-02', name: 'Nghỉ bù dịp 30/4 – 1/5', kind: CalendarDayKind.HOLIDAY },
  { date: '2025-04-26', name: 'Làm bù cho ngày 2/5', kind: CalendarDayKind.WORKING_DAY },
  { date: '2025-09-01', name: 'Quốc khánh (nghỉ liền kề)', kind: CalendarDayKind.HOLIDAY },
  { date: '2025-09-02', name: 'Quốc khánh', kind: CalendarDayKind.HOLIDAY },
  { date: '2026-01-01', name: 'Tết Dương lịch', kind: CalendarDayKind.HOLIDAY },
  ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({ date, name: 'Tết Nguyên đán Bính Ngọ', kind: CalendarDayKind.HOLIDAY })),
  { date: '2026-04-27', name: 'Giỗ Tổ Hùng Vương (nghỉ bù, 10/3 âm lịch rơi vào Chủ nhật)', kind: CalendarDayKind.HOLIDAY },
  { date: '2026-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước', kind: CalendarDayKind.HOLIDAY },
  { date: '2026-05-01', name: 'Ngày Quốc tế Lao động', kind: CalendarDayKind.HOLIDAY },
  { date: '2026-09-01', name: 'Quốc khánh (nghỉ liền kề)', kind: CalendarDayKind.HOLIDAY },
  { date: '2026-09-02', name: 'Quốc khánh', kind: CalendarDayKind.HOLIDAY },
];
