/**
 * Enumerations of the education module (school levels, assessment kinds, attendance, the
 * contact book). Stored as text with CHECK constraints and exposed as GraphQL enums.
 */
import { registerEnumType } from 'type-graphql';

/** Cấp học of a school; each admits its own grade levels (Education Law 2019, art. 28). */
export enum SchoolLevel {
  /** Tiểu học: grades 1–5. */
  PRIMARY = 'PRIMARY',
  /** Trung học cơ sở: grades 6–9. */
  LOWER_SECONDARY = 'LOWER_SECONDARY',
  /** Trung học phổ thông: grades 10–12. */
  UPPER_SECONDARY = 'UPPER_SECONDARY',
}



/** Học kỳ I and học kỳ II. */
export enum TermCode {
  HK1 = 'HK1',
  HK2 = 'HK2',
}

export enum StudentGender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

/** A school's own staff roles; kernel roles are agency-bound and fixed, so these live in the module. */
export enum SchoolStaffRole {
  TEACHER = 'TEACHER',
  /** Hiệu trưởng or phó hiệu trưởng: the whole school. */
  SCHOOL_ADMIN = 'SCHOOL_ADMIN',
}

/** Đánh giá thường xuyên, giữa kỳ, cuối kỳ (Circular 22/2021/TT-BGDĐT, art. 6–7). */
export enum AssessmentKindCode {
  REGULAR = 'REGULAR',
  MID_TERM = 'MID_TERM',
  END_OF_TERM = 'END_OF_TERM',
}

/** Weights in the term average ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), Circular 22/2021 art. 9. */
export const ASSESSMENT_WEIGHTS: Record<AssessmentKindCode, number> = {
  [AssessmentKindCode.REGULAR]: 1,
  [AssessmentKindCode.MID_TERM]: 2,
  [AssessmentKindCode.END_OF_TERM]: 3,
};

export const ASSESSMENT_LABELS: Record<AssessmentKindCode, { vi: string; en: string }> = {
  [AssessmentKindCode.REGULAR]: { vi: 'thường xuyên', en: 'regular assessment' },
  [AssessmentKindCode.MID_TERM]: { vi: 'giữa kỳ', en: 'mid-term assessment' },
  [AssessmentKindCode.END_OF_TERM]: { vi: 'cuối kỳ', en: 'end-of-term assessment' },
};

/** Regular assessments a subject has per term: 2, 3 or 4 by its periods a year (Circular 22/2021 art. 6(2)(b)). */
export const MAX_REGULAR_ASSESSMENTS = 4;

export enum AttendanceSession {
  MORNING = 'MORNING',
  AFTERNOON = 'AFTERNOON',
}

export enum AttendanceStatus {
  PRESENT = 'PRESENT',
  EXCUSED_ABSENCE = 'EXCUSED_ABSENCE',
  UNEXCUSED_ABSENCE = 'UNEXCUSED_ABSENCE',
  LATE = 'LATE',
}


export enum AnnouncementKind {
  PARENT_MEETING = 'PARENT_MEETING',
  EVENT = 'EVENT',
  NOTICE = 'NOTICE',
}

export const ANNOUNCEMENT_KIND_LABELS: Record<AnnouncementKind, { vi: string; en: string }> = {
  [AnnouncementKind.PARENT_MEETING]: { vi: 'Họp phụ huynh', en: 'Parent meeting' },
  [AnnouncementKind.EVENT]: { vi: 'Sự kiện', en: 'Event' },
  [AnnouncementKind.NOTICE]: { vi: 'Thông báo', en: 'Notice' },
};

export enum ContactBookEntryKind {
  GRADE = 'GRADE',
  ABSENCE = 'ABSENCE',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
}

export enum GuardianRelation {
  FATHER = 'FATHER',
  MOTHER = 'MOTHER',
  /** Người giám hộ (Civil Code 2015, art. 46). */
  LEGAL_GUARDIAN = 'LEGAL_GUARDIAN',
  GRANDPARENT = 'GRANDPARENT',
  OTHER = 'OTHER',
}


/** How a guardian hears about new contact-book items: each at once, or one message a day. */
export enum ContactDeliveryMode {
  IMMEDIATE = 'IMMEDIATE',
  DIGEST = 'DIGEST',
}

registerEnumType(SchoolLevel, { name: 'SchoolLevel', description: 'Cấp học: primary (1–5), lower secondary (6–9), upper secondary (10–12).' });
registerEnumType(TermCode, { name: 'TermCode' });
registerEnumType(StudentGender, { name: 'StudentGender' });
registerEnumType(SchoolStaffRole, { name: 'SchoolStaffRole' });
registerEnumType(AssessmentKindCode, { name: 'AssessmentKindCode', description: 'Thường xuyên, giữa kỳ, cuối kỳ (Circular 22/2021/TT-BGDĐT).' });
registerEnumType(AttendanceSession, { name: 'AttendanceSession' });
registerEnumType(AttendanceStatus, { name: 'AttendanceStatus' });
registerEnumType(AnnouncementKind, { name: 'AnnouncementKind' });
registerEnumType(ContactBookEntryKind, { name: 'ContactBookEntryKind' });
registerEnumType(GuardianRelation, { name: 'GuardianRelation' });
registerEnumType(ContactDeliveryMode, { name: 'ContactDeliveryMode', description: 'IMMEDIATE: each item as it happens; DIGEST: one message a day at the digest hour.' });
