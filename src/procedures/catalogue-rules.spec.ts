import { DurationUnit } from '../calendar/duration';
import { Issues } from '../graphql/validation';
import { CATALOGUE_LIMITS, checkContent, ContentContext } from './catalogue-rules';
import { contentChanges, ProcedureContent, sameContent } from './procedure-content';
import { ApplicantKind, FeeKind, OnlineKind } from './procedure.types';

const content: ProcedureContent = {
  name: 'Tách thửa hoặc hợp thửa đất', field: 'Đất đai', agencyCode: '000.13.01.H37', onlineKind: OnlineKind.PARTIAL, legacyLevel: 3,
  processingAmount: 15, processingUnit: DurationUnit.WORKING_DAYS, applicantKinds: [ApplicantKind.PERSON],
  components: [{ code: 'TP1', name: 'Đơn', required: true, copies: 1, formCode: 'DON' }], forms: [{ code: 'DON', name: 'Đơn', url: '/forms/land/don.docx' }],
  fees: [{ kind: FeeKind.FEE, name: 'Lệ phí', amountVnd: 25_000 }], resultKind: 'Giấy chứng nhận', legalBasis: ['Luật Đất đai 2024'], workflowKey: 'standard',
};

const ctx: ContentContext = {
  agency: { moduleName: 'land' },
  runningModules: ['land', 'tax'],
  workflowOwner: (k) => ({ standard: null, 'land-transfer-interagency': 'land', 'tax-land-transfer': 'tax' } as Record<string, string | null>)[k],
  workflowKeys: (k) => (k === 'standard' ? { states: ['new', 'received', 'returned'], actions: ['receive', 'approve'] } : { states: ['new'], actions: ['receive'] }),
  hookActions: [],
  statesInUse: [],
};

function fields(c: Partial<ProcedureContent>, x: Partial<ContentContext> = {}): string[] {
  const issues = new Issues();
  checkContent(issues, { ...content, ...c }, { ...ctx, ...x });
  return issues.list.map((i) => i.field);
}

describe('catalogue rules', () => {
  it('accepts a complete entry and half working days', () => {
    expect(fields({})).toEqual([]);
    expect(fields({ processingAmount: 0.5 })).toEqual([]);
    expect(fields({ processingAmount: CATALOGUE_LIMITS.maxWorkingDays })).toEqual([]);
    expect(fields({ processingAmount: 8, processingUnit: DurationUnit.WORKING_HOURS })).toEqual([]);
    expect(fields({ processingAmount: 1, processingUnit: DurationUnit.SAME_DAY })).toEqual([]);
  });

  it.each([
    [{ processingAmount: 0 }], [{ processingAmount: -0.5 }], [{ processingAmount: 0.25 }], [{ processingAmount: 2.75 }], [{ processingAmount: Number.NaN }],
    [{ processingAmount: CATALOGUE_LIMITS.maxWorkingDays + 0.5 }], [{ processingAmount: 1.5, processingUnit: DurationUnit.CALENDAR_DAYS }],
    [{ processingAmount: 366, processingUnit: DurationUnit.CALENDAR_DAYS }], [{ processingAmount: 0.5, processingUnit: DurationUnit.WORKING_HOURS }],
  ])('refuses the duration %j', (c) => {
    expect(fields(c as Partial<ProcedureContent>)).toEqual(['processingTime.amount']);
  });

  it('refuses fees that are negative, fractional or enormous, and fees for applicants the procedure has not', () => {
    for (const amountVnd of [-1, 0.5, CATALOGUE_LIMITS.maxFeeVnd + 1, Number.POSITIVE_INFINITY]) expect(fields({ fees: [{ kind: FeeKind.FEE, name: 'Lệ phí', amountVnd }] })).toEqual(['fees[0].amountVnd']);
    expect(fields({ fees: [{ kind: FeeKind.FEE, name: 'Lệ phí', amountVnd: 0, applicantKinds: [ApplicantKind.ORGANIZATION] }] })).toEqual(['fees[0].applicantKinds']);
  });

  it('takes a workflow of the kernel or of the procedure’s module only, keeping its dossiers’ states and its hooks’ actions', () => {
    expect(fields({ workflowKey: 'land-transfer-interagency' })).toEqual([]);
    expect(fields({ workflowKey: 'tax-land-transfer' })).toEqual(['workflowKey']);
    expect(fields({ workflowKey: 'nothing' })).toEqual(['workflowKey']);
    expect(fields({ workflowKey: 'land-transfer-interagency' }, { statesInUse: ['received'] })).toEqual(['workflowKey']);
    expect(fields({}, { hookActions: ['approve'] })).toEqual([]);
    expect(fields({}, { hookActions: ['sendToTax'] })).toEqual(['workflowKey']);
  });

  it('names each bad list member and text', () => {
    expect(fields({ components: [{ code: 'TP 1', name: '', required: true, copies: 0, formCode: 'X' }] })).toEqual(['components[0].copies', 'components[0].formCode', 'components[0].code', 'components[0].name']);
    expect(fields({ name: 'a\u0000b', field: 'x'.repeat(201) })).toEqual(['name', 'field']);
    expect(fields({ legalBasis: Array.from({ length: CATALOGUE_LIMITS.legalBasis + 1 }, () => 'Luật') })).toEqual(['legalBasis']);
    expect(fields({ agencyCode: 'x' }, { agency: undefined })).toEqual(['agencyCode']);
    expect(fields({}, { agency: { moduleName: 'tax' }, moduleName: 'land' })).toEqual(['agencyCode']);
  });
});

describe('procedure content', () => {
  it('compares as JSON whatever the key order (jsonb reorders keys) and lists the changed fields', () => {
    const reordered = JSON.parse(JSON.stringify({ ...content, fees: [{ amountVnd: 25_000, name: 'Lệ phí', kind: FeeKind.FEE }] }));
    expect(sameContent(content, reordered)).toBe(true);
    expect(contentChanges(content, { ...content, processingAmount: 0.5 })).toEqual([{ field: 'processingAmount', from: 15, to: 0.5 }]);
    expect(contentChanges(null, content)).toHaveLength(14);
  });
});
