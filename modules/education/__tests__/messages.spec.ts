import { NotificationChannel } from '../../../src/kernel';
import { AnnouncementKind, AssessmentKindCode, AttendanceSession, AttendanceStatus, ContactBookEntryKind } from '../rules/education.types';
import { digestMessage, immediateMessage, ItemFacts, SMS_MAX_CHARS } from '../rules/contact-book-messages';

const khoi = { schoolName: 'THCS Nguyễn Du', studentName: 'Nguyễn Văn A', className: '6A1' };
const midTerm: ItemFacts = {
  kind: ContactBookEntryKind.GRADE,
  subjectName: 'Toán',
  subjectNameEn: 'Mathematics',
  assessment: AssessmentKindCode.MID_TERM,
  ordinal: 1,
  score: 8.5,
  previousScore: null,
  date: '2026-11-27',
};
const absence: ItemFacts = { kind: ContactBookEntryKind.ABSENCE, status: AttendanceStatus.EXCUSED_ABSENCE, session: AttendanceSession.MORNING, date: '2026-11-27', note: 'Ốm' };
const meeting: ItemFacts = {
  kind: ContactBookEntryKind.ANNOUNCEMENT,
  announcementKind: AnnouncementKind.PARENT_MEETING,
  title: 'Họp phụ huynh giữa học kỳ I',
  body: 'Kính mời Quý phụ huynh dự họp.',
  eventAt: '2026-11-28T12:30:00.000Z',
  classWide: true,
};

describe('contact-book messages', () => {
  it('tells a grade by SMS in Vietnamese with diacritics, in one or two segments', () => {
    const m = immediateMessage(midTerm, khoi, 'vi', NotificationChannel.SMS, 'Trần Thị Bình');
    expect(m).toEqual({ subject: null, body: 'Nhà trường THCS Nguyễn Du: Em Nguyễn Văn A, lớp 6A1, điểm giữa kỳ môn Toán: 8,5 (ngày 27/11/2026).' });
    expect([...m.body].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });

  it('tells a correction with the old and the new score, and a regular assessment with its number', () => {
    expect(immediateMessage({ ...midTerm, previousScore: 8, score: 8.5 }, khoi, 'vi', NotificationChannel.SMS, 'X').body).toBe(
      'Nhà trường THCS Nguyễn Du: Em Nguyễn Văn A, lớp 6A1, điểm giữa kỳ môn Toán được sửa từ 8 thành 8,5 (ngày 27/11/2026).',
    );
    expect(immediateMessage({ ...midTerm, assessment: AssessmentKindCode.REGULAR, ordinal: 2 }, khoi, 'vi', NotificationChannel.SMS, 'X').body).toContain('điểm thường xuyên lần 2 môn Toán: 8,5');
  });

  it('speaks English to a guardian who asked for it', () => {
    expect(immediateMessage(midTerm, khoi, 'en', NotificationChannel.SMS, 'X').body).toBe('THCS Nguyễn Du: Nguyễn Văn A (class 6A1) – Mathematics, mid-term assessment: 8.5 (27/11/2026).');
    expect(immediateMessage(absence, khoi, 'en', NotificationChannel.SMS, 'X').body).toBe('THCS Nguyễn Du: Nguyễn Văn A (class 6A1) was absent with permission on the morning of 27/11/2026.');
  });

  it('tells absences and meetings, with the note and the text in the e-mail only', () => {
    expect(immediateMessage(absence, khoi, 'vi', NotificationChannel.SMS, 'X').body).toBe('Nhà trường THCS Nguyễn Du: Em Nguyễn Văn A, lớp 6A1, nghỉ học có phép buổi sáng ngày 27/11/2026.');
    const mail = immediateMessage(absence, khoi, 'vi', NotificationChannel.EMAIL, 'Trần Thị Bình');
    expect(mail.subject).toBe('Sổ liên lạc điện tử – THCS Nguyễn Du: Em Nguyễn Văn A – chuyên cần ngày 27/11/2026');
    expect(mail.body).toContain('Kính gửi Quý phụ huynh Trần Thị Bình,');
    expect(mail.body).toContain('Ghi chú: Ốm');
    // 12:30 UTC is 19:30 in Vietnam.
    expect(immediateMessage(meeting, khoi, 'vi', NotificationChannel.SMS, 'X').body).toBe(
      'Nhà trường THCS Nguyễn Du: Họp phụ huynh lớp 6A1: Họp phụ huynh giữa học kỳ I – 19:30 ngày 28/11/2026.',
    );
  });

  it('cuts a long SMS to two segments', () => {
    const long = immediateMessage({ ...meeting, title: 'Thông báo '.repeat(30) }, khoi, 'vi', NotificationChannel.SMS, 'X').body;
    expect([...long].length).toBe(SMS_MAX_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('puts a day’s items in one digest: all of them by e-mail, what fits by SMS', () => {
    const items = [midTerm, absence, meeting, { ...midTerm, subjectName: 'Ngữ văn', score: 7 }, { ...midTerm, subjectName: 'Tiếng Anh', score: 9 }].map((facts) => ({ facts, subject: khoi }));
    const mail = digestMessage('2026-11-27', items, 'vi', NotificationChannel.EMAIL, 'Trần Thị Bình');
    expect(mail.subject).toBe('Sổ liên lạc điện tử ngày 27/11/2026 (5 mục)');
    expect(mail.body.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(5);
    const sms = digestMessage('2026-11-27', items, 'vi', NotificationChannel.SMS, 'Trần Thị Bình');
    expect([...sms.body].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms.body.startsWith('Sổ liên lạc 27/11/2026: Nguyễn Văn A: Toán giữa kỳ 8,5')).toBe(true);
    expect(sms.body).toMatch(/\+\d mục khác trên ứng dụng$/);
  });
});
