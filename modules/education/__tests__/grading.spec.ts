import { AssessmentKindCode, SchoolLevel } from '../rules/education.types';
import { assessmentProblem, formatScore, roundScore, scoreProblem, termAverage } from '../rules/grading';

const { REGULAR, MID_TERM, END_OF_TERM } = AssessmentKindCode;

describe('scores (Circular 22/2021 for secondary, Circular 27/2020 for primary)', () => {
  it('accepts 0 to 10 with at most one decimal in secondary schools', () => {
    for (const s of [0, 10, 8.5, 7.3, 9.9, 0.1]) expect(scoreProblem(s, SchoolLevel.LOWER_SECONDARY)).toBeNull();
    expect(scoreProblem(8.25, SchoolLevel.UPPER_SECONDARY)).toMatch(/một chữ số thập phân/);
    expect(scoreProblem(10.5, SchoolLevel.LOWER_SECONDARY)).toMatch(/từ 0 đến 10/);
    expect(scoreProblem(-0.5, SchoolLevel.LOWER_SECONDARY)).toMatch(/từ 0 đến 10/);
    expect(scoreProblem(Number.NaN, SchoolLevel.LOWER_SECONDARY)).toMatch(/một số/);
  });

  it('takes whole numbers only in primary periodic tests, and no regular scores there', () => {
    expect(scoreProblem(9, SchoolLevel.PRIMARY)).toBeNull();
    expect(scoreProblem(8.5, SchoolLevel.PRIMARY)).toMatch(/số nguyên/);
    expect(assessmentProblem(REGULAR, 1, SchoolLevel.PRIMARY)).toMatch(/nhận xét/);
    expect(assessmentProblem(END_OF_TERM, 1, SchoolLevel.PRIMARY)).toBeNull();
  });

  it('allows up to four regular assessments and one mid-term and end-of-term score a term', () => {
    expect(assessmentProblem(REGULAR, 4, SchoolLevel.LOWER_SECONDARY)).toBeNull();
    expect(assessmentProblem(REGULAR, 5, SchoolLevel.LOWER_SECONDARY)).toMatch(/Tối đa 4/);
    expect(assessmentProblem(MID_TERM, 2, SchoolLevel.LOWER_SECONDARY)).toMatch(/một điểm giữa kỳ/);
    expect(assessmentProblem(REGULAR, 0, SchoolLevel.LOWER_SECONDARY)).toMatch(/số nguyên dương/);
  });

  it('rounds half up on the decimal value, as grade books do', () => {
    expect(roundScore(8.25)).toBe(8.3);
    expect(roundScore(6.45)).toBe(6.5);
    expect(roundScore(7.84)).toBe(7.8);
    expect(roundScore(4.999)).toBe(5);
  });

  it('computes the term average (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5) once the three kinds are in', () => {
    // (8 + 9 + 2×7 + 3×8) / (2 + 5) = 55 / 7 = 7.857… → 7.9
    const grades = [
      { kind: REGULAR, score: 8 },
      { kind: REGULAR, score: 9 },
      { kind: MID_TERM, score: 7 },
      { kind: END_OF_TERM, score: 8 },
    ];
    expect(termAverage(grades)).toBe(7.9);
    expect(termAverage(grades.slice(0, 3))).toBeNull();
    expect(termAverage(grades.slice(2))).toBeNull();
  });

  it('writes scores the way parents read them', () => {
    expect(formatScore(8.5, 'vi')).toBe('8,5');
    expect(formatScore(8.5, 'en')).toBe('8.5');
    expect(formatScore(9, 'vi')).toBe('9');
  });
});
