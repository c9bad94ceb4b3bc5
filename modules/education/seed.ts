/**
 * Demo data of the education module: the department's desks, three schools (THCS Nguyễn Du in
 * Phường Xuân Hương - Đà Lạt and THPT Bảo Lộc in Phường 1 Bảo Lộc, ~20 students each, and a
 * small THCS Chu Văn An in Phường Lâm Viên - Đà Lạt to transfer to), the school year around
 * `now` with its two terms, teachers and school admins, students with one or two guardians
 * (some on the daily digest, some in English), grades of each kind, the roll calls of the last
 * two weeks with some absences, and a parent meeting. The contact book holds the history, as
 * already delivered: the demo sends nothing until someone acts.
 *
 * One family is fixed so the demo shows `myChildren`: Nguyễn Văn An (citizen.an, daily digest)
 * and Trần Thị Bình (citizen.binh) are the parents of Nguyễn Minh Khôi (6A1) and Nguyễn Ngọc
 * Hân (9A2) at THCS Nguyễn Du. Khôi's mid-term Toán score is left for the teacher to enter.
 *
 * Teachers and school admins sign in with the CITIZEN role: an officer role in the department
 * would let every teacher read and act on the department's dossiers; their school rights come
 * from education_school_staff and education_class_teacher.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { Account, AdminUnit, agencyDesk, createDemoAccounts, DemoStaffMember, NotificationLanguage, Role, SeedContext, uuidv7 } from '../../src/kernel';
import {
  AnnouncementKind,
  AssessmentKindCode,
  AttendanceSession,
  AttendanceStatus,
  ContactBookEntryKind,
  ContactDeliveryMode,
  GuardianRelation,
  SchoolLevel,
  SchoolStaffRole,
  StudentGender,
  TermCode,
} from './rules/education.types';
import { Announcement } from './entities/announcement.entity';
import { ClassTeacher, School, SchoolClass, SchoolStaff, SchoolYear, Subject, Term } from './entities/school.entity';
import { Enrolment, Guardian, Student, StudentGuardian } from './entities/student.entity';
import { ItemFacts } from './rules/contact-book-messages';
import { EDUCATION_AGENCY_CODE } from './procedures';

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Huỳnh'];
const BOYS = ['Minh Khang', 'Gia Huy', 'Đức Anh', 'Quốc Bảo', 'Hoàng Long', 'Tuấn Kiệt', 'Minh Quân', 'Anh Khoa', 'Bảo Nam', 'Trung Kiên', 'Hữu Phước', 'Đăng Khoa', 'Thành Đạt', 'Nhật Minh'];
const GIRLS = ['Khánh Linh', 'Bảo Ngọc', 'Thảo Vy', 'Minh Thư', 'Phương Anh', 'Gia Hân', 'Thanh Trúc', 'Diệu Linh', 'Hà My', 'Quỳnh Anh', 'Mai Anh', 'Ngọc Diệp', 'Thu Trang', 'Yến Nhi'];
const FATHER_MIDDLE = ['Văn', 'Đức', 'Quang', 'Hữu', 'Minh', 'Công'];
const FATHER_GIVEN = ['Hùng', 'Dũng', 'Tuấn', 'Thắng', 'Phong', 'Hải', 'Sơn', 'Toàn', 'Lợi', 'Trí'];
const MOTHER_GIVEN = ['Lan', 'Hương', 'Mai', 'Thu', 'Hằng', 'Nga', 'Thảo', 'Yến', 'Loan', 'Dung'];

/** The fixed demo family (DEMO_CITIZENS in src/db/seed/demo-seed.ts). */
const AN = { identityNumber: '068085001234', fullName: 'Nguyễn Văn An', phone: '0912345678', email: 'an.nguyen@example.vn' };
const BINH = { identityNumber: '068190004567', fullName: 'Trần Thị Bình', phone: '0987654321', email: 'binh.tran@example.vn' };

interface SchoolPlan {
  code: string;
  name: string;
  level: SchoolLevel;
  unitCode: string;
  address: string;
  prefix: string;
  admin: string;
  /** Toán, Ngữ văn, Tiếng Anh teachers. */
  teachers: [string, string, string];
  classes: { name: string; gradeLevel: number; students: number; homeroom: 0 | 1 | 2 }[];
}

const SCHOOLS: SchoolPlan[] = [
  {
    code: 'LD.THCS.001',
    name: 'THCS Nguyễn Du',
    level: SchoolLevel.LOWER_SECONDARY,
    unitCode: '24781',
    address: '02 Yersin, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng',
    prefix: 'nguyendu',
    admin: 'Nguyễn Thị Thu Hà',
    teachers: ['Lê Minh Tuấn', 'Phạm Thị Hồng Nhung', 'Đoàn Thị Kim Oanh'],
    classes: [
      { name: '6A1', gradeLevel: 6, students: 10, homeroom: 0 },
      { name: '9A2', gradeLevel: 9, students: 10, homeroom: 1 },
    ],
  },
  {
    code: 'LD.THPT.001',
    name: 'THPT Bảo Lộc',
    level: SchoolLevel.UPPER_SECONDARY,
    unitCode: '24820',
    address: '01 Lê Thị Pha, Phường 1 Bảo Lộc, tỉnh Lâm Đồng',
    prefix: 'baoloc',
    admin: 'Trương Văn Lộc',
    teachers: ['Võ Thị Ngọc Trâm', 'Hoàng Văn Bình', 'Ka Thị Hoa'],
    classes: [
      { name: '10A1', gradeLevel: 10, students: 10, homeroom: 0 },
      { name: '11B2', gradeLevel: 11, students: 10, homeroom: 2 },
    ],
  },
  {
    code: 'LD.THCS.002',
    name: 'THCS Chu Văn An',
    level: SchoolLevel.LOWER_SECONDARY,
    unitCode: '24772',
    address: '15 Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt, tỉnh Lâm Đồng',
    prefix: 'chuvanan',
    admin: 'Bùi Quang Vinh',
    teachers: ['Đặng Thị Mỹ Linh', 'Hồ Văn Thành', 'Ngô Thị Bích Thủy'],
    classes: [
      { name: '6A1', gradeLevel: 6, students: 4, homeroom: 0 },
      { name: '9A1', gradeLevel: 9, students: 4, homeroom: 1 },
    ],
  },
];

const SUBJECTS = ['TOAN', 'NGU_VAN', 'TIENG_ANH'] as const;

/** `YYYY-MM-DD` of a UTC date. */
const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
/** A local (UTC+7) wall-clock moment. */
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);

/** The school year around `now`: it starts on 5 September. */
function schoolYearAround(now: Date): { name: string; startsOn: string; endsOn: string; terms: { code: TermCode; name: string; startsOn: string; endsOn: string }[] } {
  const local = new Date(now.getTime() + 7 * 3_600_000);
  const y = local.getUTCMonth() >= 8 ? local.getUTCFullYear() : local.getUTCFullYear() - 1;
  return {
    name: `${y}-${y + 1}`,
    startsOn: `${y}-09-05`,
    endsOn: `${y + 1}-05-31`,
    terms: [
      { code: TermCode.HK1, name: `Học kỳ I năm học ${y}-${y + 1}`, startsOn: `${y}-09-05`, endsOn: `${y + 1}-01-17` },
      { code: TermCode.HK2, name: `Học kỳ II năm học ${y}-${y + 1}`, startsOn: `${y + 1}-01-19`, endsOn: `${y + 1}-05-25` },
    ],
  };
}

export async function seedEducation({ em, random, now }: SeedContext): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const score = (lo: number) => Math.min(10, Math.round((lo + random() * (10 - lo)) * 2) / 2);

  const staff: DemoStaffMember[] = [...agencyDesk('edu', EDUCATION_AGENCY_CODE, ['Châu Thị Bích Ngọc', 'Tạ Quang Vinh', 'Cao Thị Thanh Tâm'])];
  for (const s of SCHOOLS) {
    staff.push({ username: `${s.prefix}.hieutruong`, fullName: s.admin, role: Role.CITIZEN });
    SUBJECTS.forEach((subject, i) => staff.push({ username: `${s.prefix}.gv.${subject.toLowerCase().replace('_', '')}`, fullName: s.teachers[i], role: Role.CITIZEN }));
  }
  await createDemoAccounts(em, staff);
  if (await em.count(School, {})) return;
  const accounts = new Map((await em.find(Account, { username: { $in: staff.map((m) => m.username) } })).map((a) => [a.username, a]));
  const account = (username: string) => accounts.get(username)!;
  const units = new Map((await em.find(AdminUnit, { code: { $in: SCHOOLS.map((s) => s.unitCode) }, validTo: null })).map((u) => [u.code, u]));

  const plan = schoolYearAround(now);
  const year = em.create(SchoolYear, { name: plan.name, startsOn: plan.startsOn, endsOn: plan.endsOn });
  const terms = plan.terms.map((t) => em.create(Term, { schoolYear: year, ...t }));
  const today = iso(new Date(now.getTime() + 7 * 3_600_000));
  const term = terms.find((t) => t.startsOn <= today && today <= t.endsOn) ?? (today > plan.endsOn ? terms[1] : null);
  const subjects = new Map((await em.find(Subject, { code: { $in: [...SUBJECTS] } })).map((s) => [s.code, s]));

  let studentSeq = 0;
  const usedIds = new Set<string>([AN.identityNumber, BINH.identityNumber]);
  const cccd = (female: boolean, born: number) => {
    for (;;) {
      const n = `068${female ? 1 : 0}${String(born % 100).padStart(2, '0')}${digits(6)}`;
      if (!usedIds.has(n)) {
        usedIds.add(n);
        return n;
      }
    }
  };
  const guardianOf = (g: { fullName: string; identityNumber: string; phone: string; email: string | null; mode: ContactDeliveryMode; language: NotificationLanguage }) =>
    em.create(Guardian, {
      fullName: g.fullName,
      identityNumber: g.identityNumber,
      phone: g.phone,
      email: g.email,
      notifySms: true,
      notifyEmail: !!g.email,
      deliveryMode: g.mode,
      language: g.language,
    });
  const an = guardianOf({ ...AN, mode: ContactDeliveryMode.DIGEST, language: NotificationLanguage.VI });
  const binh = guardianOf({ ...BINH, mode: ContactDeliveryMode.IMMEDIATE, language: NotificationLanguage.VI });

  // Bulk rows, inserted without the unit of work (the seed runs in every test of every module).
  const grades: Row[] = [];
  const revisions: Row[] = [];
  const roll: Row[] = [];
  const history: History[] = [];
  const guardiansOf = new Map<string, Guardian[]>();
  const link = (student: Student, guardian: Guardian, relation: GuardianRelation) => {
    em.create(StudentGuardian, { student, guardian, relation });
    guardiansOf.set(student.id, [...(guardiansOf.get(student.id) ?? []), guardian]);
  };

  for (const [schoolIndex, s] of SCHOOLS.entries()) {
    const unit = units.get(s.unitCode)!;
    const school = em.create(School, { code: s.code, name: s.name, level: s.level, adminUnitCode: s.unitCode, adminUnit: unit, address: s.address });
    em.create(SchoolStaff, { school, account: account(`${s.prefix}.hieutruong`), role: SchoolStaffRole.SCHOOL_ADMIN });
    const teachers = SUBJECTS.map((subject) => account(`${s.prefix}.gv.${subject.toLowerCase().replace('_', '')}`));
    for (const t of teachers) em.create(SchoolStaff, { school, account: t, role: SchoolStaffRole.TEACHER });

    for (const c of s.classes) {
      const schoolClass = em.create(SchoolClass, { school, schoolYear: year, gradeLevel: c.gradeLevel, name: c.name, homeroomTeacher: teachers[c.homeroom] });
      SUBJECTS.forEach((code, i) => em.create(ClassTeacher, { schoolClass, account: teachers[i], subject: subjects.get(code)! }));
      const born = Number(plan.name.slice(0, 4)) - 5 - c.gradeLevel;
      const students: Student[] = [];
      for (let i = 0; i < c.students; i++) {
        const fixed = schoolIndex === 0 && i === 0 ? (c.name === '6A1' ? { name: 'Nguyễn Minh Khôi', female: false } : { name: 'Nguyễn Ngọc Hân', female: true }) : null;
        const female = fixed ? fixed.female : random() < 0.5;
        const surname = fixed ? 'Nguyễn' : pick(SURNAMES);
        const fullName = fixed ? fixed.name : `${surname} ${pick(female ? GIRLS : BOYS)}`;
        const dob = addDays(`${born}-01-01`, Math.floor(random() * 365));
        const student = em.create(Student, {
          code: `68${String(schoolIndex + 1).padStart(2, '0')}${String(++studentSeq).padStart(6, '0')}`,
          school,
          fullName,
          dateOfBirth: dob,
          gender: female ? StudentGender.FEMALE : StudentGender.MALE,
        });
        em.create(Enrolment, { student, schoolClass, fromDate: plan.startsOn });
        students.push(student);
        if (fixed) {
          link(student, an, GuardianRelation.FATHER);
          link(student, binh, GuardianRelation.MOTHER);
          continue;
        }
        // Most pupils have both parents on record; some only their mother, a few a grandparent.
        const fatherBorn = born - 28 - Math.floor(random() * 8);
        const motherBorn = born - 25 - Math.floor(random() * 8);
        const mode = () => (random() < 0.3 ? ContactDeliveryMode.DIGEST : ContactDeliveryMode.IMMEDIATE);
        const language = () => (random() < 0.1 ? NotificationLanguage.EN : NotificationLanguage.VI);
        const r = random();
        if (r < 0.8) {
          const father = guardianOf({ fullName: `${surname} ${pick(FATHER_MIDDLE)} ${pick(FATHER_GIVEN)}`, identityNumber: cccd(false, fatherBorn), phone: `09${digits(8)}`, email: null, mode: mode(), language: language() });
          link(student, father, GuardianRelation.FATHER);
        }
        if (r < 0.93) {
          const motherName = `${pick(SURNAMES.filter((x) => x !== surname))} Thị ${pick(MOTHER_GIVEN)}`;
          const mother = guardianOf({ fullName: motherName, identityNumber: cccd(true, motherBorn), phone: `03${digits(8)}`, email: random() < 0.6 ? `phuhuynh.${studentSeq}@example.vn` : null, mode: mode(), language: language() });
          link(student, mother, GuardianRelation.MOTHER);
        } else {
          const grandmother = guardianOf({ fullName: `${surname} Thị ${pick(MOTHER_GIVEN)}`, identityNumber: cccd(true, born - 55), phone: `08${digits(8)}`, email: null, mode: ContactDeliveryMode.IMMEDIATE, language: NotificationLanguage.VI });
          link(student, grandmother, GuardianRelation.GRANDPARENT);
        }
      }
      if (!term) continue;

      // Grades: two regular assessments a subject, and the mid-term where it has been held.
      const termDays = (from: number) => addDays(term.startsOn, from);
      for (const [i, code] of SUBJECTS.entries()) {
        const subject = subjects.get(code)!;
        const kinds: [AssessmentKindCode, number, string][] = [
          [AssessmentKindCode.REGULAR, 1, termDays(21 + i)],
          [AssessmentKindCode.REGULAR, 2, termDays(42 + i)],
          [AssessmentKindCode.MID_TERM, 1, termDays(60 + i)],
        ];
        for (const [kind, ordinal, day] of kinds) {
          if (day >= today) continue;
          for (const student of students) {
            // Khôi's mid-term in Toán is the one the demo enters live.
            if (kind === AssessmentKindCode.MID_TERM && code === 'TOAN' && student.fullName === 'Nguyễn Minh Khôi') continue;
            const value = score(4.5).toFixed(1);
            const enteredAt = at(day, '16:00');
            const gradeId = uuidv7(enteredAt.getTime());
            const revisionId = uuidv7(enteredAt.getTime());
            grades.push({ id: gradeId, student_id: student.id, school_class_id: schoolClass.id, subject_code: code, term_id: term.id, kind, ordinal, score: value, entered_by_id: teachers[i].id, entered_at: enteredAt, version: 1 });
            revisions.push({ id: revisionId, grade_id: gradeId, version: 1, score: value, entered_by_id: teachers[i].id, entered_at: enteredAt });
            history.push({
              student,
              schoolClass,
              createdAt: enteredAt,
              ref: { gradeRevision: revisionId },
              facts: { kind: ContactBookEntryKind.GRADE, subjectName: subject.name, subjectNameEn: subject.nameEn, assessment: kind, ordinal, score: Number(value), previousScore: null, date: day },
            });
          }
        }
      }

      // The morning roll calls of the last two weeks of school (Monday to Saturday morning).
      const lastDay = today <= term.endsOn ? addDays(today, -1) : term.endsOn;
      for (let back = 13; back >= 0; back--) {
        const day = addDays(lastDay, -back);
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (weekday === 0 || day < term.startsOn) continue;
        for (const student of students) {
          const r = random();
          const status = r < 0.03 ? AttendanceStatus.UNEXCUSED_ABSENCE : r < 0.08 ? AttendanceStatus.EXCUSED_ABSENCE : r < 0.11 ? AttendanceStatus.LATE : AttendanceStatus.PRESENT;
          const note = status === AttendanceStatus.EXCUSED_ABSENCE ? pick(['Ốm, gia đình xin phép', 'Việc gia đình, có đơn xin phép', 'Đi khám răng']) : null;
          const recordedAt = at(day, '07:15');
          const attendance = uuidv7(recordedAt.getTime());
          roll.push({ id: attendance, student_id: student.id, school_class_id: schoolClass.id, date: day, session: AttendanceSession.MORNING, status, note, recorded_by_id: teachers[c.homeroom].id, recorded_at: recordedAt, version: 1 });
          if (status !== AttendanceStatus.PRESENT) {
            history.push({ student, schoolClass, createdAt: recordedAt, ref: { attendance }, facts: { kind: ContactBookEntryKind.ABSENCE, status, session: AttendanceSession.MORNING, date: day, note } });
          }
        }
      }

      // A parent meeting of each class on the coming Saturday evening.
      const saturday = addDays(today, ((6 - new Date(`${today}T00:00:00Z`).getUTCDay() + 7) % 7) || 7);
      const publishedAt = at(addDays(today, -3), '10:00');
      const meeting = em.create(Announcement, {
        school,
        schoolClass,
        kind: AnnouncementKind.PARENT_MEETING,
        title: `Họp phụ huynh lớp ${c.name} giữa học kỳ I`,
        body: `Kính mời Quý phụ huynh lớp ${c.name} dự họp tại phòng học lớp ${c.name}, ${s.name}, để trao đổi kết quả học tập giữa học kỳ I và kế hoạch ôn tập cuối kỳ.`,
        eventAt: at(saturday, '19:30'),
        publishedBy: teachers[c.homeroom],
        publishedAt,
      });
      for (const student of students) {
        history.push({
          student,
          schoolClass,
          createdAt: publishedAt,
          ref: { announcement: meeting.id },
          facts: { kind: ContactBookEntryKind.ANNOUNCEMENT, announcementKind: AnnouncementKind.PARENT_MEETING, title: meeting.title, body: meeting.body, eventAt: meeting.eventAt!.toISOString(), classWide: true },
        });
      }
    }
  }
  await em.flush();
  await bulkInsert(em, 'education_grade', GRADE_COLUMNS, grades);
  await bulkInsert(em, 'education_grade_revision', REVISION_COLUMNS, revisions);
  await bulkInsert(em, 'education_attendance', ATTENDANCE_COLUMNS, roll);
  await writeHistory(em, history, guardiansOf);
}

type Row = Record<string, unknown>;

const GRADE_COLUMNS = { id: 'uuid', student_id: 'uuid', school_class_id: 'uuid', subject_code: 'text', term_id: 'uuid', kind: 'text', ordinal: 'smallint', score: 'numeric', entered_by_id: 'uuid', entered_at: 'timestamptz', version: 'int' };
const REVISION_COLUMNS = { id: 'uuid', grade_id: 'uuid', version: 'int', score: 'numeric', entered_by_id: 'uuid', entered_at: 'timestamptz' };
const ATTENDANCE_COLUMNS = { id: 'uuid', student_id: 'uuid', school_class_id: 'uuid', date: 'date', session: 'text', status: 'text', note: 'text', recorded_by_id: 'uuid', recorded_at: 'timestamptz', version: 'int' };
const ENTRY_COLUMNS = { id: 'uuid', student_id: 'uuid', school_class_id: 'uuid', kind: 'text', detail: 'jsonb', created_at: 'timestamptz', grade_revision_id: 'uuid', attendance_id: 'uuid', announcement_id: 'uuid' };
const DELIVERY_COLUMNS = { entry_id: 'uuid', guardian_id: 'uuid', mode: 'text', delivered_at: 'timestamptz', digest_day: 'date' };

/**
 * Many rows in one statement, past the unit of work: the seed runs before every test file of
 * every module, so its hundreds of grades and roll-call rows must cost milliseconds.
 */
async function bulkInsert(em: EntityManager, table: string, columns: Record<string, string>, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(columns).map((c) => `"${c}"`).join(', ');
  const types = Object.entries(columns).map(([c, t]) => `"${c}" ${t}`).join(', ');
  await em.getConnection().execute(`insert into "${table}" (${names}) select ${names} from jsonb_to_recordset(?::jsonb) as x(${types})`, [JSON.stringify(rows)], 'run', em.getTransactionContext());
}

interface History {
  student: Student;
  schoolClass: SchoolClass;
  facts: ItemFacts;
  createdAt: Date;
  ref: { gradeRevision?: string; attendance?: string; announcement?: string };
}

/** The seeded contact book: the entries, each delivered to every guardian when it was written. */
async function writeHistory(em: EntityManager, history: History[], guardiansOf: Map<string, Guardian[]>): Promise<void> {
  const entries: Row[] = [];
  const deliveries: Row[] = [];
  for (const h of history.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const id = uuidv7(h.createdAt.getTime());
    entries.push({
      id,
      student_id: h.student.id,
      school_class_id: h.schoolClass.id,
      kind: h.facts.kind,
      detail: h.facts,
      created_at: h.createdAt,
      grade_revision_id: h.ref.gradeRevision ?? null,
      attendance_id: h.ref.attendance ?? null,
      announcement_id: h.ref.announcement ?? null,
    });
    for (const g of guardiansOf.get(h.student.id) ?? []) {
      const digest = g.deliveryMode === ContactDeliveryMode.DIGEST;
      deliveries.push({ entry_id: id, guardian_id: g.id, mode: g.deliveryMode, delivered_at: h.createdAt, digest_day: digest ? iso(new Date(h.createdAt.getTime() + 7 * 3_600_000)) : null });
    }
  }
  await bulkInsert(em, 'education_contact_book_entry', ENTRY_COLUMNS, entries);
  await bulkInsert(em, 'education_contact_book_delivery', DELIVERY_COLUMNS, deliveries);
}
