/**
 * The education module's measures for the kernel's statistics API: attendance rate and average
 * grade per term, for the whole department and per school. Aggregates only: no student, class
 * or guardian appears, and nothing personal is selected.
 *
 * The contract has one value per (agency_code, period): there is no school dimension. Until the
 * kernel has one, the per-school measures put the school's code (mã trường, e.g. `LD.THCS.001`)
 * in the agency_code column; those rows are seen by analysts and system admins (officers see
 * their own agencies' rows only, and a school code is not one). The period is the term's first
 * day, which the API shows as its month (HK1 → September, HK2 → January): it names the term.
 * A term counts when its first day lies in [$1, $2].
 */
import type { StatisticDeclaration } from '../../src/kernel/module-contract';
import { EDUCATION_AGENCY_CODE } from './procedures';

/**
 * Student-sessions of every roll call taken in the term (a class session with any attendance
 * row: students without a row were present) and the absences among them, per school. Late is
 * attending.
 */
const attendanceByTermAndSchool = `
  with roll_call as (
    select distinct a.school_class_id, a.date, a.session from education_attendance a
  ), expected as (
    select t.id as term_id, t.starts_on, c.school_id, count(*)::numeric as sessions
      from roll_call r
      join education_class c on c.id = r.school_class_id
      join education_term t on t.school_year_id = c.school_year_id and r.date between t.starts_on and t.ends_on
      join education_enrolment e on e.school_class_id = r.school_class_id and e.from_date <= r.date and (e.to_date is null or e.to_date > r.date)
     where t.starts_on between $1::date and $2::date
     group by 1, 2, 3
  ), absent as (
    select t.id as term_id, c.school_id, count(*)::numeric as absences
      from education_attendance a
      join education_class c on c.id = a.school_class_id
      join education_term t on t.school_year_id = c.school_year_id and a.date between t.starts_on and t.ends_on
     where a.status in ('EXCUSED_ABSENCE', 'UNEXCUSED_ABSENCE') and t.starts_on between $1::date and $2::date
     group by 1, 2
  )
  select x.term_id, x.starts_on, x.school_id, x.sessions, coalesce(ab.absences, 0) as absences
    from expected x left join absent ab on ab.term_id = x.term_id and ab.school_id = x.school_id`;

/** Σ weight·score and Σ weight of the current grades per term and school (Circular 22/2021 weights 1, 2, 3). */
const gradesByTermAndSchool = `
  select t.id as term_id, t.starts_on, c.school_id,
         sum(g.score * case g.kind when 'REGULAR' then 1 when 'MID_TERM' then 2 else 3 end) as weighted,
         sum(case g.kind when 'REGULAR' then 1 when 'MID_TERM' then 2 else 3 end)::numeric as weights
    from education_grade g
    join education_term t on t.id = g.term_id
    join education_class c on c.id = g.school_class_id
   where t.starts_on between $1::date and $2::date
   group by 1, 2, 3`;

export const educationStatistics: StatisticDeclaration[] = [
  {
    key: 'education.attendanceRate',
    label: 'Tỷ lệ chuyên cần của học sinh (toàn ngành)',
    description:
      'Share of student-sessions attended (present or late) in the roll calls of each term, all schools of the department; period = the term’s first month.',
    sql: `with s as (${attendanceByTermAndSchool})
      select '${EDUCATION_AGENCY_CODE}'::text as agency_code, s.starts_on as period, round(1 - sum(s.absences) / sum(s.sessions), 4) as value
        from s group by s.starts_on`,
  },
  {
    key: 'education.attendanceRateBySchool',
    label: 'Tỷ lệ chuyên cần của học sinh theo trường',
    description:
      'Share of student-sessions attended (present or late) in the roll calls of each term, per school; agency_code carries the school code (mã trường) for want of a school dimension; period = the term’s first month.',
    sql: `with s as (${attendanceByTermAndSchool})
      select sc.code as agency_code, s.starts_on as period, round(1 - s.absences / s.sessions, 4) as value
        from s join education_school sc on sc.id = s.school_id`,
  },
  {
    key: 'education.averageGrade',
    label: 'Điểm trung bình (toàn ngành)',
    description:
      'Weighted mean of the current grades of each term (regular ×1, mid-term ×2, end-of-term ×3, as in the term average of Circular 22/2021), all schools; period = the term’s first month.',
    sql: `with s as (${gradesByTermAndSchool})
      select '${EDUCATION_AGENCY_CODE}'::text as agency_code, s.starts_on as period, round(sum(s.weighted) / sum(s.weights), 2) as value
        from s group by s.starts_on`,
  },
  {
    key: 'education.averageGradeBySchool',
    label: 'Điểm trung bình theo trường',
    description:
      'Weighted mean of the current grades of each term (regular ×1, mid-term ×2, end-of-term ×3), per school; agency_code carries the school code (mã trường); period = the term’s first month.',
    sql: `with s as (${gradesByTermAndSchool})
      select sc.code as agency_code, s.starts_on as period, round(s.weighted / s.weights, 2) as value
        from s join education_school sc on sc.id = s.school_id`,
  },
];
