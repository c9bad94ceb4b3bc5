/**
 * Scores and averages by the assessment rules: Circular 22/2021/TT-BGDĐT for lower and upper
 * secondary (10-point scale, one decimal, weights 1/2/3 in the term average) and Circular
 * 27/2020/TT-BGDĐT for primary (periodic tests on the 10-point scale, no decimals, and no
 * regular scores: regular assessment there is by comments). Pure functions.
 */
import { ASSESSMENT_WEIGHTS, AssessmentKindCode, MAX_REGULAR_ASSESSMENTS, SchoolLevel } from './education.types';

/** Why a score cannot be recorded, or null when it can. */
export function scoreProblem(score: number, level: SchoolLevel): string | null {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'Điểm phải là một số / The score must be a number';
  if (score < 0 || score > 10) return 'Điểm phải từ 0 đến 10 / The score must lie between 0 and 10';
  if (level === SchoolLevel.PRIMARY) {
    if (!Number.isInteger(score)) return 'Điểm bài kiểm tra định kỳ tiểu học là số nguyên / Primary periodic tests are scored in whole numbers (Circular 27/2020)';
    return null;
  }
  // 8.5 * 10 is 85 exactly; 8.25 * 10 is 82.5: compare with a tolerance for binary fractions.
  if (Math.abs(score * 10 - Math.round(score * 10)) > 1e-9) {
    return 'Điểm lấy đến một chữ số thập phân / At most one decimal (Circular 22/2021, art. 5)';
  }
  return null;
}

/** Why an assessment kind and ordinal do not fit the school level, or null. */
export function assessmentProblem(kind: AssessmentKindCode, ordinal: number, level: SchoolLevel): string | null {
  if (!Number.isInteger(ordinal) || ordinal < 1) return 'Lần đánh giá phải là số nguyên dương / The ordinal must be a positive integer';
  if (kind !== AssessmentKindCode.REGULAR && ordinal !== 1) return 'Mỗi học kỳ chỉ có một điểm giữa kỳ và một điểm cuối kỳ / One mid-term and one end-of-term score per term';
  if (ordinal > MAX_REGULAR_ASSESSMENTS) return `Tối đa ${MAX_REGULAR_ASSESSMENTS} điểm đánh giá thường xuyên mỗi học kỳ / At most ${MAX_REGULAR_ASSESSMENTS} regular scores per term`;
  if (level === SchoolLevel.PRIMARY && kind === AssessmentKindCode.REGULAR) {
    return 'Tiểu học đánh giá thường xuyên bằng nhận xét, không cho điểm / Primary schools assess regularly by comments, not scores (Circular 27/2020)';
  }
  return null;
}

/** Rounds half up to one decimal, on the decimal value (8.25 → 8.3, where `toFixed` gives 8.2). */
export function roundScore(x: number): number {
  return Math.round(Math.round(x * 1000) / 100) / 10;
}

/** A score as parents read it: `8,5` in Vietnamese, `8.5` in English. */
export function formatScore(score: number, language: string): string {
  const s = Number.isInteger(score) ? score.toFixed(0) : score.toFixed(1);
  return language === 'en' ? s : s.replace('.', ',');
}

/**
 * ĐTBmhk = (TĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (số ĐĐGtx + 5), rounded to one decimal (Circular
 * 22/2021 art. 9(1)(b)); null until the term has its regular, mid-term and end-of-term scores.
 */
export function termAverage(grades: { kind: AssessmentKindCode; score: number }[]): number | null {
  const regular = grades.filter((g) => g.kind === AssessmentKindCode.REGULAR);
  const mid = grades.filter((g) => g.kind === AssessmentKindCode.MID_TERM);
  const end = grades.filter((g) => g.kind === AssessmentKindCode.END_OF_TERM);
  if (!regular.length || mid.length !== 1 || end.length !== 1) return null;
  const sum = regular.reduce((s, g) => s + g.score, 0) + ASSESSMENT_WEIGHTS.MID_TERM * mid[0].score + ASSESSMENT_WEIGHTS.END_OF_TERM * end[0].score;
  return roundScore(sum / (regular.length + ASSESSMENT_WEIGHTS.MID_TERM + ASSESSMENT_WEIGHTS.END_OF_TERM));
}
