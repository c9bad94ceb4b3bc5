/**
 * The education module's measures for the kernel's statistics API: attendance rate and average
 * grade per term, for the department and by school (the `school` dimension: its code, mã trường).
 * Aggregates only: no student, class or guardian appears, and nothing personal is selected. Both
 * are ratios (numerator and denominator per school and term), so the department's figure is
 * Σ/Σ over its schools, not an average of their averages. The period is the term's first day,
 * which the API shows as its month (HK1 → September, HK2 → January): it names the term. A term
 * counts when its first day lies in [$1, $2].
 */
import type { StatisticDeclaration } from '../../src/kernel';
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

const school = { key: 'school', label: 'Trường (mã trường)' };

export const educationStatistics: StatisticDeclaration[] = [
  {
    key: 'education.attendanceRate',
    label: 'Tỷ lệ chuyên cần của học sinh',
    description:
      'Share of student-sessions attended (present or late) in the roll calls of each term; numerator = sessions attended, denominator = student-sessions; period = the term’s first month.',
    dimensions: [school],
    combine: 'RATIO',
    sql: `with s as (${attendanceByTermAndSchool})
      select '${EDUCATION_AGENCY_CODE}'::text as agency_code, s.starts_on as period, sc.code as school, s.sessions - s.absences as numerator, s.sessions as denominator
        from s join education_school sc on sc.id = s.school_id`,
  },
  {
    key: 'education.averageGrade',
    label: 'Điểm trung bình',
    description:
      'Weighted mean of the current grades of each term (regular ×1, mid-term ×2, end-of-term ×3, as in the term average of Circular 22/2021); numerator = Σ weight·score, denominator = Σ weight; period = the term’s first month.',
    dimensions: [school],
    combine: 'RATIO',
    decimals: 2,
    sql: `with s as (${gradesByTermAndSchool})
      select '${EDUCATION_AGENCY_CODE}'::text as agency_code, s.starts_on as period, sc.code as school, s.weighted as numerator, s.weights as denominator
        from s join education_school sc on sc.id = s.school_id`,
  },
];
