import { DurationUnit } from '../calendar/duration';
import { ProcedureView } from '../procedures/procedure.view';
import { publicationGaps } from '../procedures/publication';
import { ApplicantKind, OnlineKind, ProcedureOrigin } from '../procedures/procedure.types';
import { DEFAULT_766_WEIGHTS } from '../config';
import { index766Row } from './index766';
import { StatisticsRowType } from './statistics.output';

const procedure: ProcedureView = {
  id: 'p', code: '1.000001', name: 'Thủ tục mẫu', field: 'Đất đai', agencyId: 'a', moduleName: 'land', onlineKind: OnlineKind.FULL, legacyLevel: null,
  processingAmount: 3, processingUnit: DurationUnit.WORKING_DAYS, applicantKinds: [ApplicantKind.PERSON],
  components: [{ code: 'TP1', name: 'Đơn', required: true, copies: 1 }],
  forms: [], fees: [], resultKind: 'Giấy chứng nhận', legalBasis: ['Luật Đất đai 2024'], workflowKey: 'standard', active: true,
  version: 1, origin: ProcedureOrigin.MODULE, updatedAt: new Date(0),
};

describe('publication of a procedure', () => {
  it('needs components, processing time, applicants, result and legal basis; no fee means free', () => {
    expect(publicationGaps(procedure)).toEqual([]);
    expect(publicationGaps({ ...procedure, processingAmount: 0, processingUnit: DurationUnit.SAME_DAY })).toEqual([]);
    expect(publicationGaps({ ...procedure, components: [], processingAmount: 0, applicantKinds: [], resultKind: ' ', legalBasis: [] }))
      .toEqual(['components', 'processingTime', 'applicantKinds', 'resultKind', 'legalBasis']);
  });
});

describe('the 766 transparency component', () => {
  const row = { received: 0, resolved: 0, receivedOnline: 0, paid: 0, paidOnline: 0, resultsIssuedElectronically: 0, resolvedEarly: 0, resolvedOnTime: 0,
    satisfaction: { verySatisfied: 0, satisfied: 0, neutral: 0, dissatisfied: 0, veryDissatisfied: 0 } } as unknown as StatisticsRowType;

  it('scores the share of published procedures stating every element, out of its weight', () => {
    const t = index766Row(row, DEFAULT_766_WEIGHTS, { complete: 3, published: 4 }).components.find((c) => c.key === 'transparency')!;
    expect(t).toMatchObject({ maxPoints: 18, score: 13.5 });
    expect(t.basis).toMatch(/^3 of 4 published procedures/);
  });

  it('is not measured where nothing is published', () => {
    const r = index766Row(row, DEFAULT_766_WEIGHTS, { complete: 0, published: 0 });
    expect(r.components.find((c) => c.key === 'transparency')!.score).toBeNull();
    expect(r.measuredOutOf).toBe(0);
  });
});
