import { Migration } from '@mikro-orm/migrations';

/**
 * The education module: schools, school years and terms, classes and who teaches them, students
 * and their enrolments, guardians, grades with their revisions, attendance, announcements and
 * the contact book with its per-guardian deliveries. Subjects are reference data of the 2018
 * general education programme, inserted here so that a server without the demo seed has them.
 */
export class Migration20261127040000Education extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "education_guardian" ("id" uuid not null, "full_name" text not null, "identity_number" text null, "phone" text null, "email" text null, "notify_sms" boolean not null, "notify_email" boolean not null, "delivery_mode" text check ("delivery_mode" in ('IMMEDIATE', 'DIGEST')) not null, "language" text check ("language" in ('vi', 'en')) not null, "version" int not null default 1, "created_at" timestamptz not null, constraint "education_guardian_pkey" primary key ("id"), constraint education_guardian_email_check check ((NOT notify_email) OR (email IS NOT NULL)), constraint education_guardian_sms_check check ((NOT notify_sms) OR (phone IS NOT NULL)), constraint education_guardian_identity_number_check check (identity_number ~ '^[0-9]{12}$'::text))`);
    this.addSql(`alter table "education_guardian" add constraint "education_guardian_identity_number_unique" unique ("identity_number")`);
    this.addSql(`create table "education_school" ("id" uuid not null, "code" text not null, "name" text not null, "level" text check ("level" in ('PRIMARY', 'LOWER_SECONDARY', 'UPPER_SECONDARY')) not null, "admin_unit_code" text not null, "admin_unit_id" uuid not null, "address" text not null, "agency_code" text null, "version" int not null default 1, "created_at" timestamptz not null, constraint "education_school_pkey" primary key ("id"), constraint education_school_code_check check (code ~ '^[A-Z0-9][A-Z0-9.-]{2,19}$'::text))`);
    this.addSql(`alter table "education_school" add constraint "education_school_code_unique" unique ("code")`);
    this.addSql(`create table "education_school_staff" ("school_id" uuid not null, "account_id" uuid not null, "role" text check ("role" in ('TEACHER', 'SCHOOL_ADMIN')) not null, constraint "education_school_staff_pkey" primary key ("school_id", "account_id", "role"))`);
    this.addSql(`create index "education_school_staff_account_idx" on "education_school_staff" ("account_id")`);
    this.addSql(`create table "education_school_year" ("id" uuid not null, "name" text not null, "starts_on" date not null, "ends_on" date not null, constraint "education_school_year_pkey" primary key ("id"), constraint education_school_year_name_check check (name ~ '^[0-9]{4}-[0-9]{4}$'::text), constraint education_school_year_dates_check check (ends_on > starts_on))`);
    this.addSql(`alter table "education_school_year" add constraint "education_school_year_name_unique" unique ("name")`);
    this.addSql(`create table "education_class" ("id" uuid not null, "school_id" uuid not null, "school_year_id" uuid not null, "grade_level" smallint not null, "name" text not null, "homeroom_teacher_id" uuid null, "version" int not null default 1, constraint "education_class_pkey" primary key ("id"), constraint education_class_grade_level_check check ((grade_level >= 1) AND (grade_level <= 12)))`);
    this.addSql(`alter table "education_class" add constraint "education_class_name_unique" unique ("school_id", "school_year_id", "name")`);
    this.addSql(`create table "education_announcement" ("id" uuid not null, "school_id" uuid not null, "school_class_id" uuid null, "kind" text check ("kind" in ('PARENT_MEETING', 'EVENT', 'NOTICE')) not null, "title" text not null, "body" text not null, "event_at" timestamptz null, "published_by_id" uuid not null, "published_at" timestamptz not null, constraint "education_announcement_pkey" primary key ("id"), constraint education_announcement_title_check check ((char_length(title) >= 1) AND (char_length(title) <= 200)), constraint education_announcement_event_check check ((kind <> 'PARENT_MEETING'::text) OR (event_at IS NOT NULL)))`);
    this.addSql(`create index "education_announcement_school_idx" on "education_announcement" ("school_id", "published_at")`);
    this.addSql(`create table "education_student" ("id" uuid not null, "code" text not null, "school_id" uuid not null, "full_name" text not null, "date_of_birth" date not null, "gender" text check ("gender" in ('MALE', 'FEMALE')) not null, "version" int not null default 1, "created_at" timestamptz not null, constraint "education_student_pkey" primary key ("id"))`);
    this.addSql(`alter table "education_student" add constraint "education_student_code_unique" unique ("code")`);
    this.addSql(`create index "education_student_school_idx" on "education_student" ("school_id")`);
    this.addSql(`create table "education_enrolment" ("id" uuid not null, "student_id" uuid not null, "school_class_id" uuid not null, "from_date" date not null, "to_date" date null, constraint "education_enrolment_pkey" primary key ("id"), constraint education_enrolment_dates_check check ((to_date IS NULL) OR (to_date >= from_date)))`);
    this.addSql(`create unique index "education_enrolment_open_unique" on "education_enrolment" ("student_id") where "to_date" is null`);
    this.addSql(`create index "education_enrolment_student_idx" on "education_enrolment" ("student_id")`);
    this.addSql(`create index "education_enrolment_class_idx" on "education_enrolment" ("school_class_id")`);
    this.addSql(`create table "education_attendance" ("id" uuid not null, "student_id" uuid not null, "school_class_id" uuid not null, "date" date not null, "session" text check ("session" in ('MORNING', 'AFTERNOON')) not null, "status" text check ("status" in ('PRESENT', 'EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE', 'LATE')) not null, "note" text null, "recorded_by_id" uuid not null, "recorded_at" timestamptz not null, "version" int not null default 1, constraint "education_attendance_pkey" primary key ("id"))`);
    this.addSql(`create index "education_attendance_class_date_idx" on "education_attendance" ("school_class_id", "date")`);
    this.addSql(`alter table "education_attendance" add constraint "education_attendance_session_unique" unique ("student_id", "date", "session")`);
    this.addSql(`create table "education_student_guardian" ("student_id" uuid not null, "guardian_id" uuid not null, "relation" text check ("relation" in ('FATHER', 'MOTHER', 'LEGAL_GUARDIAN', 'GRANDPARENT', 'OTHER')) not null, constraint "education_student_guardian_pkey" primary key ("student_id", "guardian_id"))`);
    this.addSql(`create index "education_student_guardian_guardian_idx" on "education_student_guardian" ("guardian_id")`);
    this.addSql(`create table "education_subject" ("code" text not null, "name" text not null, "name_en" text not null, "scored" boolean not null, constraint "education_subject_pkey" primary key ("code"))`);
    this.addSql(`create table "education_class_teacher" ("school_class_id" uuid not null, "account_id" uuid not null, "subject_code" text not null, constraint "education_class_teacher_pkey" primary key ("school_class_id", "account_id", "subject_code"))`);
    this.addSql(`create index "education_class_teacher_account_idx" on "education_class_teacher" ("account_id")`);
    this.addSql(`create table "education_term" ("id" uuid not null, "school_year_id" uuid not null, "code" text check ("code" in ('HK1', 'HK2')) not null, "name" text not null, "starts_on" date not null, "ends_on" date not null, constraint "education_term_pkey" primary key ("id"), constraint education_term_dates_check check (ends_on > starts_on))`);
    this.addSql(`alter table "education_term" add constraint "education_term_code_unique" unique ("school_year_id", "code")`);
    this.addSql(`create table "education_grade" ("id" uuid not null, "student_id" uuid not null, "school_class_id" uuid not null, "subject_code" text not null, "term_id" uuid not null, "kind" text check ("kind" in ('REGULAR', 'MID_TERM', 'END_OF_TERM')) not null, "ordinal" smallint not null, "score" numeric(3,1) not null, "entered_by_id" uuid not null, "entered_at" timestamptz not null, "version" int not null default 1, constraint "education_grade_pkey" primary key ("id"), constraint education_grade_ordinal_check check ((ordinal >= 1) AND (ordinal <= 4) AND ((kind = 'REGULAR'::text) OR (ordinal = 1))), constraint education_grade_score_check check ((score >= (0)::numeric) AND (score <= (10)::numeric)))`);
    this.addSql(`create index "education_grade_class_term_idx" on "education_grade" ("school_class_id", "term_id")`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_slot_unique" unique ("student_id", "subject_code", "term_id", "kind", "ordinal")`);
    this.addSql(`create table "education_grade_revision" ("id" uuid not null, "grade_id" uuid not null, "version" int not null, "score" numeric(3,1) not null, "entered_by_id" uuid not null, "entered_at" timestamptz not null, "reason" text null, constraint "education_grade_revision_pkey" primary key ("id"), constraint education_grade_revision_score_check check ((score >= (0)::numeric) AND (score <= (10)::numeric)))`);
    this.addSql(`alter table "education_grade_revision" add constraint "education_grade_revision_unique" unique ("grade_id", "version")`);
    this.addSql(`create table "education_contact_book_entry" ("id" uuid not null, "student_id" uuid not null, "school_class_id" uuid not null, "kind" text check ("kind" in ('GRADE', 'ABSENCE', 'ANNOUNCEMENT')) not null, "grade_revision_id" uuid null, "attendance_id" uuid null, "announcement_id" uuid null, "detail" jsonb not null, "created_at" timestamptz not null, constraint "education_contact_book_entry_pkey" primary key ("id"), constraint education_contact_book_entry_ref_check check (((kind = 'GRADE'::text) AND (grade_revision_id IS NOT NULL)) OR ((kind = 'ABSENCE'::text) AND (attendance_id IS NOT NULL)) OR ((kind = 'ANNOUNCEMENT'::text) AND (announcement_id IS NOT NULL))))`);
    this.addSql(`create index "education_contact_book_entry_student_idx" on "education_contact_book_entry" ("student_id", "created_at")`);
    this.addSql(`create table "education_contact_book_delivery" ("entry_id" uuid not null, "guardian_id" uuid not null, "mode" text check ("mode" in ('IMMEDIATE', 'DIGEST')) not null, "digest_day" date null, "delivered_at" timestamptz null, constraint "education_contact_book_delivery_pkey" primary key ("entry_id", "guardian_id"))`);
    this.addSql(`create index "education_contact_book_delivery_pending_idx" on "education_contact_book_delivery" ("guardian_id") where "delivered_at" is null`);
    this.addSql(`alter table "education_school" add constraint "education_school_admin_unit_id_foreign" foreign key ("admin_unit_id") references "admin_unit" ("id") on update cascade`);
    this.addSql(`alter table "education_school_staff" add constraint "education_school_staff_school_id_foreign" foreign key ("school_id") references "education_school" ("id") on update cascade`);
    this.addSql(`alter table "education_school_staff" add constraint "education_school_staff_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_class" add constraint "education_class_school_id_foreign" foreign key ("school_id") references "education_school" ("id") on update cascade`);
    this.addSql(`alter table "education_class" add constraint "education_class_school_year_id_foreign" foreign key ("school_year_id") references "education_school_year" ("id") on update cascade`);
    this.addSql(`alter table "education_class" add constraint "education_class_homeroom_teacher_id_foreign" foreign key ("homeroom_teacher_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "education_announcement" add constraint "education_announcement_school_id_foreign" foreign key ("school_id") references "education_school" ("id") on update cascade`);
    this.addSql(`alter table "education_announcement" add constraint "education_announcement_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "education_announcement" add constraint "education_announcement_published_by_id_foreign" foreign key ("published_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_student" add constraint "education_student_school_id_foreign" foreign key ("school_id") references "education_school" ("id") on update cascade`);
    this.addSql(`alter table "education_enrolment" add constraint "education_enrolment_student_id_foreign" foreign key ("student_id") references "education_student" ("id") on update cascade`);
    this.addSql(`alter table "education_enrolment" add constraint "education_enrolment_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade`);
    this.addSql(`alter table "education_attendance" add constraint "education_attendance_student_id_foreign" foreign key ("student_id") references "education_student" ("id") on update cascade`);
    this.addSql(`alter table "education_attendance" add constraint "education_attendance_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade`);
    this.addSql(`alter table "education_attendance" add constraint "education_attendance_recorded_by_id_foreign" foreign key ("recorded_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_student_guardian" add constraint "education_student_guardian_student_id_foreign" foreign key ("student_id") references "education_student" ("id") on update cascade`);
    this.addSql(`alter table "education_student_guardian" add constraint "education_student_guardian_guardian_id_foreign" foreign key ("guardian_id") references "education_guardian" ("id") on update cascade`);
    this.addSql(`alter table "education_class_teacher" add constraint "education_class_teacher_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade`);
    this.addSql(`alter table "education_class_teacher" add constraint "education_class_teacher_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_class_teacher" add constraint "education_class_teacher_subject_code_foreign" foreign key ("subject_code") references "education_subject" ("code") on update cascade`);
    this.addSql(`alter table "education_term" add constraint "education_term_school_year_id_foreign" foreign key ("school_year_id") references "education_school_year" ("id") on update cascade`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_student_id_foreign" foreign key ("student_id") references "education_student" ("id") on update cascade`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_subject_code_foreign" foreign key ("subject_code") references "education_subject" ("code") on update cascade`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_term_id_foreign" foreign key ("term_id") references "education_term" ("id") on update cascade`);
    this.addSql(`alter table "education_grade" add constraint "education_grade_entered_by_id_foreign" foreign key ("entered_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_grade_revision" add constraint "education_grade_revision_grade_id_foreign" foreign key ("grade_id") references "education_grade" ("id") on update cascade`);
    this.addSql(`alter table "education_grade_revision" add constraint "education_grade_revision_entered_by_id_foreign" foreign key ("entered_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "education_contact_book_entry" add constraint "education_contact_book_entry_student_id_foreign" foreign key ("student_id") references "education_student" ("id") on update cascade`);
    this.addSql(`alter table "education_contact_book_entry" add constraint "education_contact_book_entry_school_class_id_foreign" foreign key ("school_class_id") references "education_class" ("id") on update cascade`);
    this.addSql(`alter table "education_contact_book_entry" add constraint "education_contact_book_entry_grade_revision_id_foreign" foreign key ("grade_revision_id") references "education_grade_revision" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "education_contact_book_entry" add constraint "education_contact_book_entry_attendance_id_foreign" foreign key ("attendance_id") references "education_attendance" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "education_contact_book_entry" add constraint "education_contact_book_entry_announcement_id_foreign" foreign key ("announcement_id") references "education_announcement" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "education_contact_book_delivery" add constraint "education_contact_book_delivery_entry_id_foreign" foreign key ("entry_id") references "education_contact_book_entry" ("id") on update cascade`);
    this.addSql(`alter table "education_contact_book_delivery" add constraint "education_contact_book_delivery_guardian_id_foreign" foreign key ("guardian_id") references "education_guardian" ("id") on update cascade`);
    this.addSql(`create function "forbid_education_grade_revision_change"() returns trigger language plpgsql as $$ begin raise exception 'education_grade_revision is append-only'; end $$`);
    this.addSql('create trigger "education_grade_revision_append_only" before update or delete on "education_grade_revision" for each row execute function "forbid_education_grade_revision_change"()');
    // Scored subjects take grades on the 10-point scale; the others are assessed by comments only (Circular 22/2021 art. 5(3)(a)).
    this.addSql(`insert into "education_subject" ("code", "name", "name_en", "scored") values
      ('TIENG_VIET', 'Tiếng Việt', 'Vietnamese', true),
      ('TOAN', 'Toán', 'Mathematics', true),
      ('NGU_VAN', 'Ngữ văn', 'Literature', true),
      ('TIENG_ANH', 'Tiếng Anh', 'English', true),
      ('KHOA_HOC', 'Khoa học', 'Science', true),
      ('TIN_HOC_CONG_NGHE', 'Tin học và Công nghệ', 'Informatics and Technology', true),
      ('KHTN', 'Khoa học tự nhiên', 'Natural Sciences', true),
      ('LICH_SU_DIA_LI', 'Lịch sử và Địa lí', 'History and Geography', true),
      ('GDCD', 'Giáo dục công dân', 'Civic Education', true),
      ('CONG_NGHE', 'Công nghệ', 'Technology', true),
      ('TIN_HOC', 'Tin học', 'Informatics', true),
      ('VAT_LI', 'Vật lí', 'Physics', true),
      ('HOA_HOC', 'Hóa học', 'Chemistry', true),
      ('SINH_HOC', 'Sinh học', 'Biology', true),
      ('LICH_SU', 'Lịch sử', 'History', true),
      ('DIA_LI', 'Địa lí', 'Geography', true),
      ('GDKT_PL', 'Giáo dục kinh tế và pháp luật', 'Economic and Legal Education', true),
      ('GDQP_AN', 'Giáo dục quốc phòng và an ninh', 'National Defence and Security Education', true),
      ('GDTC', 'Giáo dục thể chất', 'Physical Education', false),
      ('NGHE_THUAT', 'Nghệ thuật', 'Arts', false),
      ('HDTN_HN', 'Hoạt động trải nghiệm, hướng nghiệp', 'Experiential and Career Activities', false),
      ('GD_DIA_PHUONG', 'Nội dung giáo dục của địa phương', 'Local Education Content', false)`);
  }
}
