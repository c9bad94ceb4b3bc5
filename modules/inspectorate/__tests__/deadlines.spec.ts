import { atLocal } from '../../../src/kernel';
import { seededWorkingCalendar } from '../../../test/support/calendar';
import { eligibilityDueAt, extensionRefusal, forwardDueAt, PETITION_RULES, resolutionDueAt, ruleOf, SECOND_COMPLAINT_RULE } from '../rules/deadlines';
import { CaseComplexity, PetitionClassification } from '../entities/petition.entity';

/** The province's calendar as seeded (Tết 16–20/02/2026, 27/04, 30/04, 01/05, 01–02/09/2026 off). */
const calendar = seededWorkingCalendar();
const COMPLAINT = PETITION_RULES[PetitionClassification.COMPLAINT];
const DENUNCIATION = PETITION_RULES[PetitionClassification.DENUNCIATION];

describe('acceptance time limits (from receipt)', () => {
  it('a denunciation: 7 working days, skipping the weekend and the 27/04, 30/04 and 01/05 holidays', () => {
    // Thu 23/04 09:00: 360 min left that day; Fri 24, Tue 28, Wed 29, Mon 04/05, Tue 05, Wed 06 are
    // full days (6 × 480); the last 120 min fall on Thu 07/05 from 07:00.
    expect(eligibilityDueAt(calendar, DENUNCIATION, atLocal('2026-04-23', '09:00'))).toEqual(atLocal('2026-05-07', '09:00'));
  });

  it('a denunciation needing checks in several places: up to 10 working days (art. 24(1)), across the weekend and 30/04–01/05', () => {
    // Thu 23/04 09:00: 360 min; Fri 24, Tue 28, Wed 29, Mon 04 … Mon 11/05 are 9 full days (27/04, 30/04, 01/05 off); the last 120 min on Tue 12/05.
    expect(eligibilityDueAt(calendar, DENUNCIATION, atLocal('2026-04-23', '09:00'), true)).toEqual(atLocal('2026-05-12', '09:00'));
    // The extension exists for denunciations only.
    expect(eligibilityDueAt(calendar, COMPLAINT, atLocal('2026-04-23', '09:00'), true)).toEqual(eligibilityDueAt(calendar, COMPLAINT, atLocal('2026-04-23', '09:00')));
  });

  it('a denunciation outside the competence is forwarded within 5 working days of receipt (art. 24)', () => {
    // Thu 23/04 09:00: Fri 24, Tue 28, Wed 29, Mon 04/05 full; the rest on Tue 05/05 at 09:00 (27/04, 30/04, 01/05 and the weekends off).
    expect(forwardDueAt(calendar, DENUNCIATION, atLocal('2026-04-23', '09:00'))).toEqual(atLocal('2026-05-05', '09:00'));
    expect(forwardDueAt(calendar, COMPLAINT, atLocal('2026-04-23', '09:00'))).toBeNull();
  });

  it('a complaint: 10 days (calendar days, Law on Complaints art. 27), not 10 working days', () => {
    // Issue 19 reproduction: received Fri 13/02/2026 10:00, on the eve of the Tết week. 10 working days
    // would end on Fri 06/03; the Law's 10 days end on Mon 23/02 (13/02 + 10 = 23/02, a working day) at 17:00.
    expect(eligibilityDueAt(calendar, COMPLAINT, atLocal('2026-02-13', '10:00'))).toEqual(atLocal('2026-02-23', '17:00'));
    // 10 days ending on a day off end with the next working day: Mon 20/04 + 10 = Thu 30/04 (holiday), 01/05, weekend → Mon 04/05.
    expect(eligibilityDueAt(calendar, COMPLAINT, atLocal('2026-04-20', '09:00'))).toEqual(atLocal('2026-05-04', '17:00'));
    expect(COMPLAINT.acceptance).toMatchObject({ amount: 10, unit: 'CALENDAR_DAYS', basis: expect.stringContaining('Điều 27') });
  });

  it('a second complaint: 10 days to accept (art. 36), 45 days to resolve, 60 in remote areas (art. 37)', () => {
    const SECOND = ruleOf({ classification: PetitionClassification.COMPLAINT, instance: 2 });
    expect(SECOND).toBe(SECOND_COMPLAINT_RULE);
    expect(eligibilityDueAt(calendar, SECOND, atLocal('2026-02-13', '10:00'))).toEqual(atLocal('2026-02-23', '17:00'));
    // 03/08 + 45 = Thu 17/09; remote: + 60 = Fri 02/10.
    expect(resolutionDueAt(calendar, SECOND, atLocal('2026-08-03', '09:00'), false)).toEqual(atLocal('2026-09-17', '17:00'));
    expect(resolutionDueAt(calendar, SECOND, atLocal('2026-08-03', '09:00'), true)).toEqual(atLocal('2026-10-02', '17:00'));
    // Complex: up to 60 days (15 more), remote up to 70 (10 more).
    expect(extensionRefusal(SECOND, { remote: false, complexity: CaseComplexity.COMPLEX, days: 15, previousDays: [] })).toBeNull();
    expect(extensionRefusal(SECOND, { remote: false, complexity: CaseComplexity.COMPLEX, days: 16, previousDays: [] })).toMatchObject({ maxDays: 15, legalBasis: expect.stringContaining('Điều 37') });
    expect(extensionRefusal(SECOND, { remote: true, complexity: CaseComplexity.COMPLEX, days: 11, previousDays: [] })).toMatchObject({ maxDays: 10 });
    expect(ruleOf({ classification: PetitionClassification.COMPLAINT, instance: 1 })).toBe(COMPLAINT);
  });
});

describe('resolution time limits (calendar days, from acceptance)', () => {
  it('a denunciation: 30 days ending on a holiday move to the end of the next working day', () => {
    // 01/04 + 30 days = Fri 01/05 (holiday) → Sat, Sun → Mon 04/05 at 17:00.
    expect(resolutionDueAt(calendar, DENUNCIATION, atLocal('2026-04-01', '10:00'), false)).toEqual(atLocal('2026-05-04', '17:00'));
  });

  it('extensions add to the legal end date counted from acceptance', () => {
    // 30 + 30 = 60 days: Sun 31/05 → Mon 01/06; 30 + 30 + 30 = 90 days: Tue 30/06.
    expect(resolutionDueAt(calendar, DENUNCIATION, atLocal('2026-04-01', '10:00'), false, [30])).toEqual(atLocal('2026-06-01', '17:00'));
    expect(resolutionDueAt(calendar, DENUNCIATION, atLocal('2026-04-01', '10:00'), false, [30, 30])).toEqual(atLocal('2026-06-30', '17:00'));
  });

  it('a complaint: 30 days, 45 in a remote area; the national day holiday pushes the end', () => {
    // 03/08 + 30 = Wed 02/09 (Quốc khánh) → Thu 03/09; remote: + 45 = Thu 17/09.
    expect(resolutionDueAt(calendar, COMPLAINT, atLocal('2026-08-03', '09:00'), false)).toEqual(atLocal('2026-09-03', '17:00'));
    expect(resolutionDueAt(calendar, COMPLAINT, atLocal('2026-08-03', '09:00'), true)).toEqual(atLocal('2026-09-17', '17:00'));
    // Complex: up to 45 days (remote: 60, Fri 02/10).
    expect(resolutionDueAt(calendar, COMPLAINT, atLocal('2026-08-03', '09:00'), false, [15])).toEqual(atLocal('2026-09-17', '17:00'));
    expect(resolutionDueAt(calendar, COMPLAINT, atLocal('2026-08-03', '09:00'), true, [15])).toEqual(atLocal('2026-10-02', '17:00'));
  });
});

describe('extensions within the law', () => {
  const ask = (rule = DENUNCIATION, complexity = CaseComplexity.COMPLEX, days = 30, previousDays: number[] = [], remote = false) =>
    extensionRefusal(rule, { remote, complexity, days, previousDays });

  it('a complex denunciation: once, at most 30 days (Law on Denunciations art. 30(2))', () => {
    expect(ask()).toBeNull();
    expect(ask(DENUNCIATION, CaseComplexity.COMPLEX, 31)).toMatchObject({ maxDays: 30 });
    expect(ask(DENUNCIATION, CaseComplexity.COMPLEX, 0)).toMatchObject({ maxDays: 30 });
    expect(ask(DENUNCIATION, CaseComplexity.COMPLEX, 10, [30])?.reason).toMatch(/tối đa 1 lần/);
  });

  it('an especially complex denunciation: twice, each at most 30 days (art. 30(3)), never three times', () => {
    expect(ask(DENUNCIATION, CaseComplexity.ESPECIALLY_COMPLEX, 30, [30])).toBeNull();
    expect(ask(DENUNCIATION, CaseComplexity.ESPECIALLY_COMPLEX, 5, [30, 30])?.reason).toMatch(/tối đa 2 lần/);
  });

  it('a case that is not complex is not extended', () => {
    expect(ask(DENUNCIATION, CaseComplexity.NORMAL)?.reason).toMatch(/không phức tạp/);
    expect(ask(COMPLAINT, CaseComplexity.NORMAL, 5)?.maxDays).toBe(0);
  });

  it('a complex complaint: up to 45 days in all (60 remote), so at most 15 more; no "especially complex" in the Law on Complaints', () => {
    expect(ask(COMPLAINT, CaseComplexity.COMPLEX, 15)).toBeNull();
    expect(ask(COMPLAINT, CaseComplexity.COMPLEX, 16)).toMatchObject({ maxDays: 15 });
    expect(ask(COMPLAINT, CaseComplexity.COMPLEX, 10, [10])).toMatchObject({ maxDays: 5 });
    expect(ask(COMPLAINT, CaseComplexity.COMPLEX, 15, [], true)).toBeNull();
    expect(ask(COMPLAINT, CaseComplexity.ESPECIALLY_COMPLEX, 5)?.maxDays).toBe(0);
  });

  it('recommendations and reflections have no extension', () => {
    expect(ask(PETITION_RULES[PetitionClassification.RECOMMENDATION])?.reason).toMatch(/Only complaints and denunciations/);
    expect(ask(PETITION_RULES[PetitionClassification.REFLECTION], CaseComplexity.COMPLEX, 1)?.maxDays).toBe(0);
  });

  it('every rule names its legal basis', () => {
    for (const r of Object.values(PETITION_RULES)) {
      expect(r.acceptance.basis).toBeTruthy();
      expect(r.resolution.basis).toBeTruthy();
    }
  });
});
