import { parse } from 'graphql';
import { CITIZEN_BINH, pdfFiles, startTestApp, TestApp } from '../../../test/support/harness';
import { sleep, subscribe, Subscriber } from '../../../test/support/ws';

/**
 * The education module over HTTP and WebSocket, on the seeded schools: the contact book (a
 * grade reaches both guardians once, in Vietnamese; the daily digest), who sees what (guardians,
 * teachers, school admins, the department), bad input that writes nothing, the live feed, a
 * school transfer approved through the one-stop workflow, and the statistics on a hand-built set.
 */

let t: TestApp;
const open: Subscriber<unknown>[] = [];
beforeAll(async () => {
  t = await startTestApp({ modules: ['education'], log: process.env.EDU_TEST_LOG ? (m) => console.log(m) : undefined });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await t?.stop();
});

async function gql(user: string | null, query: string, variables: Record<string, unknown> = {}) {
  const r = await t.raw({ query, variables }, user ? await t.login(user) : undefined);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

const one = async <T = any>(sql: string, params: unknown[] = []): Promise<T> => (await t.sql(sql, params))[0];
const count = async (sql: string, params: unknown[] = []): Promise<number> => (await one<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params)).n;
/** Row counts of the tables a write touches, in one statement. */
const counts = async () =>
  one(`select (select count(*)::int from education_grade) as grades, (select count(*)::int from education_grade_revision) as revisions,
    (select count(*)::int from education_attendance) as attendance, (select count(*)::int from education_contact_book_entry) as entries,
    (select count(*)::int from education_contact_book_delivery) as deliveries, (select count(*)::int from notification) as notifications,
    (select count(*)::int from outbox_event) as events`);

const studentId = async (name: string) => (await one<{ id: string }>(`select id from education_student where full_name = $1`, [name])).id;
const classId = async (school: string, name: string) =>
  (await one<{ id: string }>(`select c.id from education_class c join education_school s on s.id = c.school_id where s.name = $1 and c.name = $2`, [school, name])).id;
const schoolId = async (name: string) => (await one<{ id: string }>(`select id from education_school where name = $1`, [name])).id;
const studentsOf = async (classId: string) => (await t.sql(`select student_id as id from education_enrolment where school_class_id = $1 and to_date is null order by student_id`, [classId])).map((r) => r.id as string);

const ENTER_GRADES = `mutation($input: EnterGradesInput!) { enterGrades(input: $input) {
  __typename
  ... on GradesEntered { created unchanged messagesQueued grades { id score version kind subjectCode } }
  ... on ValidationFailed { fieldErrors { field message } }
  ... on ErrorResult { code message } } }`;
const RECORD_ATTENDANCE = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) {
  __typename
  ... on AttendanceRecorded { changed notified messagesQueued records { id status } }
  ... on ValidationFailed { fieldErrors { field message } }
  ... on ErrorResult { code } } }`;
const CHILD_GRADES = `query($s: ID!, $t: ID!) { childGrades(studentId: $s, termId: $t) {
  __typename
  ... on StudentGrades { student { fullName guardians { fullName relation phone } } grades { subjectCode kind score } }
  ... on ErrorResult { code message } } }`;
const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) {
  __typename ... on DossierPayload { dossier { id version } } ... on ValidationFailed { fieldErrors { field message } } ... on ErrorResult { code message } } }`;
const SET_PREFERENCES = `mutation($input: SetGuardianPreferencesInput!) { setGuardianPreferences(input: $input) {
  __typename ... on GuardianPreferencesSaved { guardian { id channels deliveryMode language version } } ... on ErrorResult { code } } }`;

let khoi: string;
let han: string;
let class6A1: string;
let term: string;

async function setPreferences(user: string, channels: string[], deliveryMode: string) {
  const { myGuardianProfile: g } = await gql(user, `{ myGuardianProfile { version } }`);
  const r = await gql(user, SET_PREFERENCES, { input: { expectedVersion: g.version, channels, deliveryMode, language: 'VI' } });
  expect(r.setGuardianPreferences.__typename).toBe('GuardianPreferencesSaved');
  return r.setGuardianPreferences.guardian;
}

beforeAll(async () => {
  khoi = await studentId('Nguyễn Minh Khôi');
  han = await studentId('Nguyễn Ngọc Hân');
  class6A1 = await classId('THCS Nguyễn Du', '6A1');
  term = (await one<{ id: string }>(`select id from education_term where code = 'HK1'`)).id;
  // Friday 27 November 2026, 09:00 in Đà Lạt.
  t.clock.set('2026-11-27T02:00:00Z');
});

describe('the contact book', () => {
  it('brings a grade entered by the teacher to both guardians, once each, in Vietnamese', async () => {
    // Mr An reads the contact book in the evening digest; for this test he wants it at once, by SMS.
    const an = await setPreferences('citizen.an', ['SMS'], 'IMMEDIATE');
    expect(an).toMatchObject({ channels: ['SMS'], deliveryMode: 'IMMEDIATE', language: 'VI' });
    const input = { classId: class6A1, subjectCode: 'TOAN', termId: term, kind: 'MID_TERM', grades: [{ studentId: khoi, score: 8.5 }] };
    const r = (await gql('nguyendu.gv.toan', ENTER_GRADES, { input })).enterGrades;
    expect(r).toMatchObject({ __typename: 'GradesEntered', created: 1, unchanged: 0, messagesQueued: 3, grades: [{ score: 8.5, version: 1, kind: 'MID_TERM' }] });
    const gradeId = r.grades[0].id;

    const sent = await t.sql(`select channel, recipient, language, topic, module_name, kind, subject, body from notification where dedupe_key like $1 order by recipient`, [`education.grade:${gradeId}:%`]);
    const sms = 'Nhà trường THCS Nguyễn Du: Em Nguyễn Minh Khôi, lớp 6A1, điểm giữa kỳ môn Toán: 8,5 (ngày 27/11/2026).';
    expect(sent).toEqual([
      { channel: 'SMS', recipient: '0912345678', language: 'vi', topic: 'education.grade', module_name: 'education', kind: 'MODULE_MESSAGE', subject: null, body: sms },
      { channel: 'SMS', recipient: '0987654321', language: 'vi', topic: 'education.grade', module_name: 'education', kind: 'MODULE_MESSAGE', subject: null, body: sms },
      expect.objectContaining({ channel: 'EMAIL', recipient: 'binh.tran@example.vn', language: 'vi', topic: 'education.grade', subject: 'Sổ liên lạc điện tử – THCS Nguyễn Du: Em Nguyễn Minh Khôi – điểm giữa kỳ môn Toán' }),
    ]);
    expect(sent[2].body).toContain(`Kính gửi Quý phụ huynh ${CITIZEN_BINH.fullName},`);
    expect(sent[2].body).toContain(sms);
    const entries = await t.sql(`select e.kind, count(d.*)::int as deliveries from education_contact_book_entry e join education_contact_book_delivery d on d.entry_id = e.id
      join education_grade_revision r on r.id = e.grade_revision_id where r.grade_id = $1 group by e.kind`, [gradeId]);
    expect(entries).toEqual([{ kind: 'GRADE', deliveries: 2 }]);

    // The same request again (a retry): nothing new is written, nothing is sent again.
    const before = await counts();
    const again = (await gql('nguyendu.gv.toan', ENTER_GRADES, { input })).enterGrades;
    expect(again).toMatchObject({ __typename: 'GradesEntered', created: 0, unchanged: 1, messagesQueued: 0, grades: [{ id: gradeId }] });
    expect(await counts()).toEqual(before);
    expect(await count(`select 1 from notification where dedupe_key like $1`, [`education.grade:${gradeId}:%`])).toBe(3);

    // A different score for the same slot is a correction, not a second entry.
    const clash = (await gql('nguyendu.gv.toan', ENTER_GRADES, { input: { ...input, grades: [{ studentId: khoi, score: 9 }] } })).enterGrades;
    expect(clash).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'grades[0].score' }] });
    const fixed = (
      await gql('nguyendu.gv.toan', `mutation($input: CorrectGradeInput!) { correctGrade(input: $input) { __typename ... on GradeCorrected { messagesQueued grade { score version revisions { version score reason } } } ... on ErrorResult { code } } }`, {
        input: { gradeId, expectedVersion: 1, score: 9, reason: 'Cộng sót điểm câu 4' },
      })
    ).correctGrade;
    expect(fixed).toMatchObject({ __typename: 'GradeCorrected', messagesQueued: 3, grade: { score: 9, version: 2, revisions: [{ version: 1, score: 8.5, reason: null }, { version: 2, score: 9, reason: 'Cộng sót điểm câu 4' }] } });
    expect((await one(`select body from notification where dedupe_key = $1`, [`education.grade:${gradeId}:v2:${(await one<{ id: string }>(`select id from education_guardian where identity_number = '068190004567'`)).id}:SMS`])).body).toBe(
      'Nhà trường THCS Nguyễn Du: Em Nguyễn Minh Khôi, lớp 6A1, điểm giữa kỳ môn Toán được sửa từ 8,5 thành 9 (ngày 27/11/2026).',
    );
    const stale = (await gql('nguyendu.gv.toan', `mutation($input: CorrectGradeInput!) { correctGrade(input: $input) { __typename ... on ErrorResult { code } } }`, {
      input: { gradeId, expectedVersion: 1, score: 8, reason: 'x' },
    })).correctGrade;
    expect(stale).toEqual({ __typename: 'VersionConflict', code: 'VERSION_CONFLICT' });
  });

  it('sends a DIGEST guardian’s day in one message at the digest hour, once however often the job runs', async () => {
    await setPreferences('citizen.an', ['EMAIL'], 'DIGEST');
    const anId = (await one<{ id: string }>(`select id from education_guardian where identity_number = '068085001234'`)).id;
    t.clock.set('2026-11-27T03:00:00Z'); // 10:00
    const regular = (studentIdArg: string, subjectCode: string, score: number) => ({ classId: class6A1, subjectCode, termId: term, kind: 'REGULAR', ordinal: 3, grades: [{ studentId: studentIdArg, score }] });
    expect((await gql('nguyendu.gv.toan', ENTER_GRADES, { input: regular(khoi, 'TOAN', 9.5) })).enterGrades).toMatchObject({ created: 1, messagesQueued: 2 });
    expect((await gql('nguyendu.gv.nguvan', ENTER_GRADES, { input: regular(khoi, 'NGU_VAN', 7) })).enterGrades).toMatchObject({ created: 1, messagesQueued: 2 });
    // Only Mrs Bình (IMMEDIATE) was told at once; Mr An's items wait.
    expect(await count(`select 1 from notification where recipient = 'an.nguyen@example.vn'`)).toBe(0);
    expect(await count(`select 1 from education_contact_book_delivery where guardian_id = $1 and delivered_at is null`, [anId])).toBe(2);

    // Before 19:00 the day is not closed: nothing goes out.
    t.clock.set('2026-11-27T11:30:00Z'); // 18:30
    expect(await t.app.services.jobs.runNow('education.daily-digest')).toBe(true);
    expect(await count(`select 1 from notification where topic = 'education.digest' and recipient = 'an.nguyen@example.vn'`)).toBe(0);

    t.clock.set('2026-11-27T12:05:00Z'); // 19:05
    expect(await t.app.services.jobs.runNow('education.daily-digest')).toBe(true);
    expect(await t.app.services.jobs.runNow('education.daily-digest')).toBe(true);
    const digests = await t.sql(`select dedupe_key, channel, language, subject, body from notification where topic = 'education.digest' and recipient = 'an.nguyen@example.vn'`);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ dedupe_key: `education.digest:${anId}:2026-11-27:EMAIL`, channel: 'EMAIL', language: 'vi', subject: 'Sổ liên lạc điện tử ngày 27/11/2026 (2 mục)' });
    expect(digests[0].body).toContain('- THCS Nguyễn Du: Em Nguyễn Minh Khôi, lớp 6A1, điểm thường xuyên lần 3 môn Toán: 9,5 (ngày 27/11/2026).');
    expect(digests[0].body).toContain('- THCS Nguyễn Du: Em Nguyễn Minh Khôi, lớp 6A1, điểm thường xuyên lần 3 môn Ngữ văn: 7 (ngày 27/11/2026).');
    expect(await t.sql(`select digest_day::text as day, count(*)::int as n from education_contact_book_delivery where guardian_id = $1 and mode = 'DIGEST' and delivered_at = $2 group by 1`, [anId, new Date('2026-11-27T12:05:00Z')])).toEqual([
      { day: '2026-11-27', n: 2 },
    ]);
    // The next morning's run (still the 27th's cutoff) sends nothing more.
    t.clock.set('2026-11-28T00:30:00Z');
    expect(await t.app.services.jobs.runNow('education.daily-digest')).toBe(true);
    expect(await count(`select 1 from notification where topic = 'education.digest' and recipient = 'an.nguyen@example.vn'`)).toBe(1);
    t.clock.set('2026-11-27T02:00:00Z');
  });
});

describe('announcements', () => {
  const PUBLISH = `mutation($input: PublishAnnouncementInput!) { publishAnnouncement(input: $input) {
    __typename ... on AnnouncementPublished { students messagesQueued announcement { id kind title eventAt } }
    ... on ValidationFailed { fieldErrors { field } } ... on ErrorResult { code } } }`;

  it('reaches every guardian of the school once, however many children they have there; only the right people may publish', async () => {
    const school = await schoolId('THCS Nguyễn Du');
    const input = { schoolId: school, kind: 'PARENT_MEETING', title: 'Họp phụ huynh toàn trường cuối học kỳ I', body: 'Kính mời Quý phụ huynh dự họp tại hội trường nhà trường.', eventAt: '2026-12-12T12:30:00Z' };
    const before = await counts();
    expect((await gql('nguyendu.gv.toan', PUBLISH, { input })).publishAnnouncement).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect((await gql('nguyendu.gv.tienganh', PUBLISH, { input: { ...input, classId: class6A1 } })).publishAnnouncement.__typename).toBe('NotAuthorized');
    expect((await gql('baoloc.hieutruong', PUBLISH, { input })).publishAnnouncement.__typename).toBe('NotAuthorized');
    expect((await gql('nguyendu.hieutruong', PUBLISH, { input: { ...input, eventAt: null } })).publishAnnouncement).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'eventAt' }] });
    expect(await counts()).toEqual(before);

    const r = (await gql('nguyendu.hieutruong', PUBLISH, { input })).publishAnnouncement;
    expect(r).toMatchObject({ __typename: 'AnnouncementPublished', students: 20, announcement: { kind: 'PARENT_MEETING', eventAt: '2026-12-12T12:30:00.000Z' } });
    const id = r.announcement.id;
    // Mrs Bình has two children at the school: one SMS and one e-mail, not two of each.
    const toBinh = await t.sql(`select channel, body from notification where dedupe_key like $1 and recipient in ('0987654321', 'binh.tran@example.vn') order by channel`, [`education.announcement:${id}:%`]);
    expect(toBinh.map((m) => m.channel)).toEqual(['EMAIL', 'SMS']);
    expect(toBinh[1].body).toBe('Nhà trường THCS Nguyễn Du: Họp phụ huynh: Họp phụ huynh toàn trường cuối học kỳ I – 19:30 ngày 12/12/2026.');
    // Both children's contact books have it.
    expect(await count(`select 1 from education_contact_book_entry where announcement_id = $1 and student_id in ($2, $3)`, [id, khoi, han])).toBe(2);
    expect(await count(`select 1 from education_contact_book_entry where announcement_id = $1`, [id])).toBe(20);
    expect(r.messagesQueued).toBe(await count(`select 1 from notification where dedupe_key like $1`, [`education.announcement:${id}:%`]));
  });
});

describe('who sees what', () => {
  it('gives a guardian their own children, and a typed NotAuthorized for anyone else’s', async () => {
    const { myChildren } = await gql('citizen.binh', `{ myChildren { fullName school { name } currentClass { name } guardians { fullName relation } } }`);
    expect(myChildren).toEqual(
      expect.arrayContaining([
        { fullName: 'Nguyễn Minh Khôi', school: { name: 'THCS Nguyễn Du' }, currentClass: { name: '6A1' }, guardians: [{ fullName: 'Trần Thị Bình', relation: 'MOTHER' }] },
        { fullName: 'Nguyễn Ngọc Hân', school: { name: 'THCS Nguyễn Du' }, currentClass: { name: '9A2' }, guardians: [{ fullName: 'Trần Thị Bình', relation: 'MOTHER' }] },
      ]),
    );
    expect(myChildren).toHaveLength(2);
    const own = (await gql('citizen.binh', CHILD_GRADES, { s: khoi, t: term })).childGrades;
    expect(own.__typename).toBe('StudentGrades');
    expect(new Set(own.grades.map((g: { subjectCode: string }) => g.subjectCode))).toEqual(new Set(['TOAN', 'NGU_VAN', 'TIENG_ANH']));

    const classmate = (await studentsOf(class6A1)).find((id) => id !== khoi)!;
    const other = (await gql('citizen.binh', CHILD_GRADES, { s: classmate, t: term })).childGrades;
    expect(other).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect(other.message).toMatch(/^Bạn không có quyền/);
    // Someone who is nobody's guardian, an analyst, a department officer: no child's grades either.
    for (const user of ['citizen.cuong', 'analyst', 'edu.specialist', 'admin']) {
      expect((await gql(user, CHILD_GRADES, { s: khoi, t: term })).childGrades.__typename).toBe('NotAuthorized');
    }
    expect((await gql('citizen.binh', CHILD_GRADES, { s: 'nope', t: term })).childGrades).toMatchObject({ __typename: 'ValidationFailed' });
  });

  it('narrows a teacher to their classes and subjects, and a school admin to their school', async () => {
    // The English teacher sees only English grades; the homeroom teacher all subjects and the guardians' contacts.
    const english = (await gql('nguyendu.gv.tienganh', CHILD_GRADES, { s: khoi, t: term })).childGrades;
    expect(new Set(english.grades.map((g: { subjectCode: string }) => g.subjectCode))).toEqual(new Set(['TIENG_ANH']));
    expect(english.student.guardians).toEqual([]);
    const homeroom = (await gql('nguyendu.gv.toan', CHILD_GRADES, { s: khoi, t: term })).childGrades;
    expect(new Set(homeroom.grades.map((g: { subjectCode: string }) => g.subjectCode))).toEqual(new Set(['TOAN', 'NGU_VAN', 'TIENG_ANH']));
    expect(homeroom.student.guardians.map((g: { phone: string }) => g.phone).sort()).toEqual(['0912345678', '0987654321']);
    // Another school's staff see nothing of this child.
    for (const user of ['baoloc.gv.toan', 'baoloc.hieutruong']) {
      expect((await gql(user, CHILD_GRADES, { s: khoi, t: term })).childGrades.__typename).toBe('NotAuthorized');
    }
    expect((await gql('nguyendu.hieutruong', CHILD_GRADES, { s: khoi, t: term })).childGrades.__typename).toBe('StudentGrades');

    const roster = `query($c: ID!) { classRoster(classId: $c) { __typename ... on ClassRoster { entries { student { fullName } } } ... on ErrorResult { code } } }`;
    expect((await gql('nguyendu.gv.tienganh', roster, { c: class6A1 })).classRoster.entries).toHaveLength(10);
    expect((await gql('baoloc.gv.toan', roster, { c: class6A1 })).classRoster).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect((await gql('citizen.binh', roster, { c: class6A1 })).classRoster.__typename).toBe('NotAuthorized');
  });

  it('reads a roster with its nested fields in the same few statements for 4 students as for 10 (batched loaders)', async () => {
    const q = `query($c: ID!) { classRoster(classId: $c) { ... on ClassRoster { entries { student { fullName school { name } currentClass { name } guardians { fullName phone } } } } } }`;
    const big = await t.raw({ query: q, variables: { c: class6A1 } }, await t.login('nguyendu.hieutruong'));
    const small = await t.raw({ query: q, variables: { c: await classId('THCS Chu Văn An', '6A1') } }, await t.login('chuvanan.hieutruong'));
    expect(big.data.classRoster.entries).toHaveLength(10);
    expect(small.data.classRoster.entries).toHaveLength(4);
    expect(big.data.classRoster.entries.every((e: any) => e.student.guardians.length >= 1 && e.student.school.name === 'THCS Nguyễn Du')).toBe(true);
    expect(big.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
    expect(big.extensions?.sqlStatements).toBeLessThanOrEqual(7);
  });

  it('refuses grades from a teacher who does not teach that class or subject, writing nothing', async () => {
    const before = await counts();
    const input = { classId: class6A1, subjectCode: 'TOAN', termId: term, kind: 'REGULAR', ordinal: 4, grades: [{ studentId: khoi, score: 7 }] };
    for (const user of ['baoloc.gv.toan', 'nguyendu.gv.nguvan', 'nguyendu.hieutruong', 'citizen.binh', 'edu.specialist']) {
      expect((await gql(user, ENTER_GRADES, { input })).enterGrades).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
    expect(await counts()).toEqual(before);
  });
});

describe('bad input', () => {
  it('refuses a batch with a score outside 0–10, a second decimal or a student of another class, and writes nothing', async () => {
    const before = await counts();
    const [a, b, c] = await studentsOf(class6A1);
    const input = (grades: { studentId: string; score: number }[]) => ({ classId: class6A1, subjectCode: 'TOAN', termId: term, kind: 'REGULAR', ordinal: 4, grades });
    expect((await gql('nguyendu.gv.toan', ENTER_GRADES, { input: input([{ studentId: a, score: 9 }, { studentId: b, score: 11 }, { studentId: c, score: -1 }]) })).enterGrades).toMatchObject({
      __typename: 'ValidationFailed',
      fieldErrors: [{ field: 'grades[1].score' }, { field: 'grades[2].score' }],
    });
    expect((await gql('nguyendu.gv.toan', ENTER_GRADES, { input: input([{ studentId: a, score: 8.25 }]) })).enterGrades).toMatchObject({
      __typename: 'ValidationFailed',
      fieldErrors: [{ field: 'grades[0].score', message: expect.stringContaining('một chữ số thập phân') }],
    });
    expect((await gql('nguyendu.gv.toan', ENTER_GRADES, { input: input([{ studentId: a, score: 9 }, { studentId: han, score: 8 }]) })).enterGrades).toMatchObject({
      __typename: 'ValidationFailed',
      fieldErrors: [{ field: 'grades[1].studentId' }],
    });
    expect((await gql('nguyendu.gv.toan', ENTER_GRADES, { input: { ...input([{ studentId: a, score: 9 }]), subjectCode: 'GDTC' } })).enterGrades.__typename).toBe('NotAuthorized');
    expect(await counts()).toEqual(before);
  });

  it('refuses a roll call naming a student who is not in the class, and writes nothing', async () => {
    const before = await counts();
    const r = (await gql('nguyendu.gv.toan', RECORD_ATTENDANCE, {
      input: { classId: class6A1, date: '2026-11-27', session: 'AFTERNOON', entries: [{ studentId: khoi, status: 'EXCUSED_ABSENCE', note: 'Ốm' }, { studentId: han, status: 'UNEXCUSED_ABSENCE' }] },
    })).recordAttendance;
    expect(r).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'entries[1].studentId' }] });
    const future = (await gql('nguyendu.gv.toan', RECORD_ATTENDANCE, { input: { classId: class6A1, date: '2026-11-30', session: 'MORNING', entries: [{ studentId: khoi, status: 'LATE' }] } })).recordAttendance;
    expect(future).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'date' }] });
    expect((await gql('baoloc.gv.toan', RECORD_ATTENDANCE, { input: { classId: class6A1, date: '2026-11-27', session: 'MORNING', entries: [{ studentId: khoi, status: 'LATE' }] } })).recordAttendance.__typename).toBe(
      'NotAuthorized',
    );
    expect(await counts()).toEqual(before);
  });
});

describe('the live contact book', () => {
  it('pushes a new entry to the student’s guardian and nothing to another guardian', async () => {
    // Mr Cường becomes the guardian of a classmate of Khôi.
    const classmate = (await studentsOf(class6A1)).find((id) => id !== khoi)!;
    const cuong = await one<{ id: string }>(
      `insert into education_guardian (id, full_name, identity_number, phone, email, notify_sms, notify_email, delivery_mode, language, version, created_at)
       values (gen_random_uuid(), 'Lê Quốc Cường', '067092007890', '0905111222', null, true, false, 'IMMEDIATE', 'vi', 1, now()) returning id`,
    );
    await t.sql(`insert into education_student_guardian (student_id, guardian_id, relation) values ($1, $2, 'FATHER')`, [classmate, cuong.id]);

    const doc = parse(`subscription($s: ID) { contactBookUpdates(studentId: $s) { id studentId kind text } }`) as any;
    const binh = subscribe<any, any>(t.url, await t.login('citizen.binh'), doc, {});
    const other = subscribe<any, any>(t.url, await t.login('citizen.cuong'), doc, {});
    open.push(binh, other);
    const stranger = subscribe<any, any>(t.url, await t.login('citizen.cuong'), doc, { s: khoi });
    open.push(stranger);
    expect(JSON.stringify(await stranger.ended)).toContain('FORBIDDEN');
    await waitUntil(() => t.app.services.realtime.feed.subscriberCount >= 2);

    const r = (await gql('nguyendu.gv.toan', RECORD_ATTENDANCE, {
      input: { classId: class6A1, date: '2026-11-27', session: 'AFTERNOON', entries: [{ studentId: khoi, status: 'EXCUSED_ABSENCE', note: 'Ốm, mẹ xin phép' }, { studentId: classmate, status: 'PRESENT' }] },
    })).recordAttendance;
    expect(r).toMatchObject({ __typename: 'AttendanceRecorded', changed: 2, notified: 1 });
    const [pushed] = await binh.waitFor(1);
    expect(pushed.contactBookUpdates).toMatchObject({ studentId: khoi, kind: 'ABSENCE', text: 'Em Nguyễn Minh Khôi, lớp 6A1, nghỉ học có phép buổi chiều ngày 27/11/2026.' });
    await t.settled();
    await sleep(200);
    expect(other.results).toHaveLength(0);
    // The classmate's lateness is Mr Cường's news, not Mrs Bình's.
    await gql('nguyendu.gv.toan', RECORD_ATTENDANCE, { input: { classId: class6A1, date: '2026-11-27', session: 'AFTERNOON', entries: [{ studentId: classmate, status: 'LATE' }] } });
    const [late] = await other.waitFor(1);
    expect(late.contactBookUpdates).toMatchObject({ studentId: classmate, kind: 'ABSENCE', text: expect.stringContaining('đi học muộn buổi chiều ngày 27/11/2026') });
    await t.settled();
    await sleep(200);
    expect(binh.results).toHaveLength(1);
    // The outbox event carries ids only.
    const event = await one(`select payload from outbox_event where aggregate_type = 'EducationContactBook' order by id desc limit 1`);
    expect(Object.keys(event.payload).sort()).toEqual(['at', 'classId', 'entryId', 'kind', 'schoolId', 'studentId']);
  });
});

describe('a school transfer', () => {
  it('moves the enrolment when the department approves it, and refuses a form from someone who is not the parent', async () => {
    const from = await schoolId('THCS Nguyễn Du');
    const to = await schoolId('THCS Chu Văn An');
    const toClass = await classId('THCS Chu Văn An', '9A1');
    const { code } = await one<{ code: string }>(`select code from education_student where id = $1`, [han]);
    const formData = { studentCode: code, fromSchoolId: from, toSchoolId: to, toClassId: toClass, reason: 'Gia đình chuyển nơi ở về phường Lâm Viên' };
    const submit = async (user: string, applicant: { name: string; idNumber: string }) =>
      t.raw({ query: SUBMIT, variables: { input: { procedureCode: '2.002481', applicant: { kind: 'PERSON', ...applicant }, formData, files: pdfFiles(['TP1', 'TP2']) } } }, await t.login(user));
    const refused = await submit('citizen.cuong', { name: 'Lê Quốc Cường', idNumber: '067092007890' });
    expect(refused.data?.submitDossier).toMatchObject({ __typename: 'ValidationFailed' });
    expect(JSON.stringify(refused.data)).toContain('formData.studentCode');

    const r = await submit('citizen.binh', { name: CITIZEN_BINH.fullName, idNumber: CITIZEN_BINH.identityNumber });
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    let d = r.data.submitDossier.dossier;
    d = await t.act('edu.reception', d.id, d.version, 'receive');
    d = await t.act('edu.leader', d.id, d.version, 'assign', { assigneeId: await t.accountId('edu.specialist') });
    d = await t.act('edu.specialist', d.id, d.version, 'submitForApproval');
    const transfer = await gql('edu.specialist', `query($id: String!) { dossier(id: $id) { schoolTransfer { studentCode fromSchool { name } toSchool { name } toClass { name } } } }`, { id: d.id });
    expect(transfer.dossier.schoolTransfer).toEqual({ studentCode: code, fromSchool: { name: 'THCS Nguyễn Du' }, toSchool: { name: 'THCS Chu Văn An' }, toClass: { name: '9A1' } });
    d = await t.act('edu.leader', d.id, d.version, 'approve');

    expect(await t.sql(`select c.name as class, e.from_date::text as "from", e.to_date::text as "to" from education_enrolment e join education_class c on c.id = e.school_class_id where e.student_id = $1 order by e.from_date, e.to_date nulls last`, [han])).toEqual([
      { class: '9A2', from: '2026-09-05', to: '2026-11-27' },
      { class: '9A1', from: '2026-11-27', to: null },
    ]);
    expect((await one(`select s.name from education_student st join education_school s on s.id = st.school_id where st.id = $1`, [han])).name).toBe('THCS Chu Văn An');
    const history = await one(`select data from dossier_history where dossier_id = $1 and action = 'approve'`, [d.id]);
    expect(history.data).toMatchObject({ fromSchoolCode: 'LD.THCS.001', toSchoolCode: 'LD.THCS.002', fromClassName: '9A2', toClassName: '9A1', effectiveOn: '2026-11-27' });
    // The receiving school's homeroom teacher now has her; her mother still sees her.
    const roster = `query($c: ID!) { classRoster(classId: $c) { ... on ClassRoster { entries { student { fullName } } } } }`;
    expect((await gql('chuvanan.gv.nguvan', roster, { c: toClass })).classRoster.entries.map((e: any) => e.student.fullName)).toContain('Nguyễn Ngọc Hân');
    expect((await gql('citizen.binh', `{ myChildren { fullName school { name } currentClass { name } } }`)).myChildren).toContainEqual({ fullName: 'Nguyễn Ngọc Hân', school: { name: 'THCS Chu Văn An' }, currentClass: { name: '9A1' } });
    // The old school's roster of before the transfer still lists her, but no longer her parents' contacts.
    const past = `query($c: ID!) { classRoster(classId: $c, onDate: "2026-11-20") { ... on ClassRoster { entries { student { fullName guardians { fullName phone } } } } } }`;
    const entries = (await gql('nguyendu.hieutruong', past, { c: await classId('THCS Nguyễn Du', '9A2') })).classRoster.entries;
    const han2 = entries.find((e: any) => e.student.fullName === 'Nguyễn Ngọc Hân');
    expect(han2.student.guardians).toEqual([]);
    expect(entries.filter((e: any) => e.student.fullName !== 'Nguyễn Ngọc Hân').every((e: any) => e.student.guardians.length >= 1)).toBe(true);
  });
});

describe('statistics', () => {
  it('gives the attendance rate and average grade per school and term, computed by hand on a small set, to analysts only', async () => {
    const teacher = await t.accountId('nguyendu.gv.toan');
    const ids = await one<{ school: string; year: string; term: string; class: string }>(`
      with s as (insert into education_school (id, code, name, level, admin_unit_code, admin_unit_id, address, version, created_at)
                 select gen_random_uuid(), 'LD.TEST.001', 'THCS Thử nghiệm', 'LOWER_SECONDARY', '24790', id, 'Phường Cam Ly - Đà Lạt', 1, now() from admin_unit where code = '24790' and valid_to is null returning id),
           y as (insert into education_school_year (id, name, starts_on, ends_on) values (gen_random_uuid(), '2030-2031', '2030-09-05', '2031-05-31') returning id),
           tm as (insert into education_term (id, school_year_id, code, name, starts_on, ends_on) select gen_random_uuid(), y.id, 'HK1', 'Học kỳ I 2030-2031', '2030-09-05', '2031-01-17' from y returning id),
           c as (insert into education_class (id, school_id, school_year_id, grade_level, name, version) select gen_random_uuid(), s.id, y.id, 6, '6A9', 1 from s, y returning id)
      select s.id as school, y.id as year, tm.id as term, c.id as class from s, y, tm, c`);
    const students: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const s = await one<{ id: string }>(`insert into education_student (id, code, school_id, full_name, date_of_birth, gender, version, created_at) values (gen_random_uuid(), $1, $2, $3, '2019-05-01', 'MALE', 1, now()) returning id`, [`TEST${i}`, ids.school, `Học sinh ${i}`]);
      await t.sql(`insert into education_enrolment (id, student_id, school_class_id, from_date) values (gen_random_uuid(), $1, $2, '2030-09-05')`, [s.id, ids.class]);
      students.push(s.id);
    }
    const roll = (i: number, date: string, status: string) =>
      t.sql(`insert into education_attendance (id, student_id, school_class_id, date, session, status, recorded_by_id, recorded_at, version) values (gen_random_uuid(), $1, $2, $3, 'MORNING', $4, $5, now(), 1)`, [students[i], ids.class, date, status, teacher]);
    // Roll call 1: everyone recorded (one excused absence, one late); roll call 2: only an unexcused absence.
    await roll(0, '2030-09-07', 'PRESENT');
    await roll(1, '2030-09-07', 'EXCUSED_ABSENCE');
    await roll(2, '2030-09-07', 'LATE');
    await roll(3, '2030-09-07', 'PRESENT');
    await roll(0, '2030-09-08', 'UNEXCUSED_ABSENCE');
    const grade = (i: number, subject: string, kind: string, score: number) =>
      t.sql(`insert into education_grade (id, student_id, school_class_id, subject_code, term_id, kind, ordinal, score, entered_by_id, entered_at, version) values (gen_random_uuid(), $1, $2, $3, $4, $5, 1, $6, $7, now(), 1)`, [
        students[i], ids.class, subject, ids.term, kind, score, teacher,
      ]);
    await grade(0, 'TOAN', 'REGULAR', 8);
    await grade(0, 'TOAN', 'MID_TERM', 7);
    await grade(1, 'TOAN', 'REGULAR', 6);
    await grade(1, 'NGU_VAN', 'END_OF_TERM', 9);

    const measure = `query($key: String!, $from: String!, $to: String!, $groupBy: [String!]) { moduleMeasure(key: $key, filter: { from: $from, to: $to }, groupBy: $groupBy) {
      __typename ... on ModuleMeasureValues { rows { agencyCode period dimensions { key value } value numerator denominator } } ... on ErrorResult { code } } }`;
    const rows = async (user: string, key: string, groupBy = ['AGENCY', 'MONTH']) => (await gql(user, measure, { key, groupBy, from: '2030-09-01', to: '2030-09-30' })).moduleMeasure;
    // 8 student-sessions (4 + 4), 2 absences (late is attending): 1 − 2/8 = 0.75.
    expect(await rows('analyst', 'education.attendanceRate', ['school', 'MONTH'])).toEqual({
      __typename: 'ModuleMeasureValues',
      rows: [{ agencyCode: null, period: '2030-09', dimensions: [{ key: 'school', value: 'LD.TEST.001' }], value: 0.75, numerator: 6, denominator: 8 }],
    });
    expect((await rows('analyst', 'education.attendanceRate')).rows).toEqual([{ agencyCode: '000.00.09.H37', period: '2030-09', dimensions: [], value: 0.75, numerator: 6, denominator: 8 }]);
    // (8·1 + 7·2 + 6·1 + 9·3) / (1 + 2 + 1 + 3) = 55 / 7 = 7.857… → 7.86.
    expect((await rows('analyst', 'education.averageGrade', ['school'])).rows).toEqual([{ agencyCode: null, period: null, dimensions: [{ key: 'school', value: 'LD.TEST.001' }], value: 7.86, numerator: 55, denominator: 7 }]);
    expect((await rows('analyst', 'education.averageGrade')).rows).toMatchObject([{ agencyCode: '000.00.09.H37', period: '2030-09', value: 7.86 }]);
    // The department's officers see the department's figures; teachers and parents no statistics at all.
    expect((await rows('edu.specialist', 'education.averageGrade')).rows).toMatchObject([{ agencyCode: '000.00.09.H37', period: '2030-09', value: 7.86 }]);
    // A grouping the measure does not have is a typed error.
    expect((await rows('analyst', 'education.averageGrade', ['classification'])).__typename).toBe('ValidationFailed');
    // Names an object has by inheritance are not groupings either (they would reach the SQL text).
    expect((await rows('analyst', 'education.averageGrade', ['toString'])).__typename).toBe('ValidationFailed');
    expect((await rows('nguyendu.gv.toan', 'education.averageGrade')).__typename).toBe('NotAuthorized');
    expect((await rows('citizen.binh', 'education.attendanceRate')).__typename).toBe('NotAuthorized');
    // The seeded year has figures too (every seeded school, HK1 2026-2027).
    const seeded = (await gql('analyst', measure, { key: 'education.attendanceRate', groupBy: ['school'], from: '2026-09-01', to: '2026-09-30' })).moduleMeasure.rows;
    expect(seeded.map((r: { dimensions: { value: string }[] }) => r.dimensions[0].value)).toEqual(['LD.THCS.001', 'LD.THCS.002', 'LD.THPT.001']);
    // The department's rate is Σ attended / Σ sessions over its schools, not the mean of their rates.
    const department = (await gql('analyst', measure, { key: 'education.attendanceRate', groupBy: [], from: '2026-09-01', to: '2026-09-30' })).moduleMeasure.rows;
    const sum = (k: 'numerator' | 'denominator') => seeded.reduce((a: number, r: Record<string, number>) => a + r[k], 0);
    expect(department).toEqual([{ agencyCode: null, period: null, dimensions: [], value: Math.round((sum('numerator') / sum('denominator')) * 1e4) / 1e4, numerator: sum('numerator'), denominator: sum('denominator') }]);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}
