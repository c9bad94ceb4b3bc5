import {
  parseFirstRegistrationForm,
  parseMortgageForm,
  parseMortgageReleaseForm,
  parseReissueForm,
  parseTransferForm,
  sameName,
} from '../rules/land-forms';

const NOW = new Date('2026-11-23T01:30:00Z');
const AN = { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '068085001234' };
const BINH = { kind: 'PERSON', name: 'Trần Thị Bình', idNumber: '068190004567', address: 'Số 7 đường Phan Đình Phùng, Phường Xuân Hương - Đà Lạt' };

const transfer = (extra: Record<string, unknown> = {}) => ({
  parcels: [{ communeCode: '24781', mapSheet: 12, parcelNumber: 145 }],
  certificateSerial: 'CS 000001',
  transferors: [AN],
  transferees: [BINH],
  declaredPriceVnd: 3_200_000_000,
  ...extra,
});

const fields = (r: { issues: { field: string }[] }) => r.issues.map((i) => i.field);

describe('the transfer form', () => {
  it('accepts a well-formed transfer and normalises the serial and names', () => {
    const r = parseTransferForm(transfer({ certificateSerial: 'cs000001', transferees: [{ ...BINH, name: '  Trần   Thị Bình ' }] }), NOW);
    expect(r.issues).toEqual([]);
    expect(r.form).toMatchObject({ certificateSerial: 'CS 000001', relationship: 'NONE', transferKind: 'TRANSFER', declaredPriceVnd: 3_200_000_000 });
    expect(parseTransferForm(transfer({ transferKind: 'GIFT', relationship: 'PARENT_CHILD' }), NOW).form).toMatchObject({ transferKind: 'GIFT' });
    expect(fields(parseTransferForm(transfer({ transferKind: 'SWAP' }), NOW))).toEqual(['transferKind']);
    expect(r.form!.transferees[0]).toMatchObject({ name: 'Trần Thị Bình', address: BINH.address });
  });

  it('reports every problem with its path', () => {
    const r = parseTransferForm(
      {
        parcels: [{ communeCode: '24781', mapSheet: 0, parcelNumber: 145 }, { communeCode: 'XH', mapSheet: 3, parcelNumber: 1.5 }],
        certificateSerial: 'CS-1',
        transferors: [{ ...AN, idNumber: '123' }],
        transferees: [],
        declaredPriceVnd: -5,
        relationship: 'COUSINS',
      },
      NOW,
    );
    expect(r.form).toBeNull();
    expect(fields(r)).toEqual([
      'parcels[0].mapSheet',
      'parcels[1].communeCode',
      'parcels[1].parcelNumber',
      'certificateSerial',
      'transferors[0].idNumber',
      'transferees',
      'declaredPriceVnd',
      'relationship',
    ]);
  });

  it('refuses absurd prices, fractional đồng and prices given as text', () => {
    expect(fields(parseTransferForm(transfer({ declaredPriceVnd: 1e14 }), NOW))).toEqual(['declaredPriceVnd']);
    expect(fields(parseTransferForm(transfer({ declaredPriceVnd: 1_000_000.5 }), NOW))).toEqual(['declaredPriceVnd']);
    expect(fields(parseTransferForm(transfer({ declaredPriceVnd: '3200000000' }), NOW))).toEqual(['declaredPriceVnd']);
    expect(parseTransferForm(transfer({ declaredPriceVnd: 1e14 - 1 }), NOW).issues).toEqual([]);
  });

  it('refuses a parcel listed twice, a party listed twice and a buyer who is also the seller', () => {
    const twice = parseTransferForm(transfer({ parcels: [{ communeCode: '24781', mapSheet: 12, parcelNumber: 145 }, { communeCode: '24781', mapSheet: 12, parcelNumber: 145 }] }), NOW);
    expect(fields(twice)).toEqual(['parcels[1]']);
    expect(fields(parseTransferForm(transfer({ transferees: [BINH, BINH] }), NOW))).toEqual(['transferees[1].idNumber']);
    expect(fields(parseTransferForm(transfer({ transferees: [AN] }), NOW))).toEqual(['transferees[0].idNumber']);
  });

  it('allows 1 to 20 parcels', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ communeCode: '24781', mapSheet: 1, parcelNumber: i + 1 }));
    expect(fields(parseTransferForm(transfer({ parcels: many }), NOW))).toEqual(['parcels']);
    expect(fields(parseTransferForm(transfer({ parcels: [] }), NOW))).toEqual(['parcels']);
  });

  it('checks identity numbers: CCCD for persons, tax codes for organisations', () => {
    const future = parseTransferForm(transfer({ transferees: [{ ...BINH, idNumber: '068290004567' }] }), NOW); // born 2090
    expect(fields(future)).toEqual(['transferees[0].idNumber']);
    const company = { kind: 'ORGANIZATION', name: 'Công ty CP Chè Bảo Lộc', idNumber: '0100150619' };
    expect(parseTransferForm(transfer({ transferees: [company] }), NOW).issues).toEqual([]);
    expect(fields(parseTransferForm(transfer({ transferees: [{ ...company, idNumber: '0100150618' }] }), NOW))).toEqual(['transferees[0].idNumber']);
  });

  it('takes the kinship that exempts from personal income tax only between individuals', () => {
    expect(parseTransferForm(transfer({ relationship: 'PARENT_CHILD' }), NOW).form?.relationship).toBe('PARENT_CHILD');
    const company = { kind: 'ORGANIZATION', name: 'Công ty CP Chè Bảo Lộc', idNumber: '0100150619' };
    expect(fields(parseTransferForm(transfer({ relationship: 'SPOUSES', transferees: [company] }), NOW))).toEqual(['relationship']);
  });
});

describe('the first registration form', () => {
  const form = (parcel: Record<string, unknown>) => ({
    parcel: { communeCode: '24985', mapSheet: 20, parcelNumber: 311, areaM2: 450.5, purposeCode: 'ONT', address: 'Thôn Phú Thạnh, Xã Đức Trọng', ...parcel },
    holders: [AN],
  });

  it('accepts long-term use or a term ending after today', () => {
    expect(parseFirstRegistrationForm(form({}), NOW).form?.parcel).toMatchObject({ areaM2: 450.5, useUntil: null });
    expect(parseFirstRegistrationForm(form({ useTerm: 'LONG_TERM' }), NOW).form?.parcel.useUntil).toBeNull();
    expect(parseFirstRegistrationForm(form({ purposeCode: 'CLN', useTerm: '2076-11-23' }), NOW).form?.parcel.useUntil).toBe('2076-11-23');
    expect(fields(parseFirstRegistrationForm(form({ useTerm: '2020-01-01' }), NOW))).toEqual(['parcel.useTerm']);
    expect(fields(parseFirstRegistrationForm(form({ useTerm: '2076-02-30' }), NOW))).toEqual(['parcel.useTerm']);
  });

  it('refuses negative, zero, absurd and over-precise areas and unknown purposes', () => {
    for (const areaM2 of [-12, 0, 100_000_000, 12.34, '450']) {
      expect(fields(parseFirstRegistrationForm(form({ areaM2 }), NOW))).toEqual(['parcel.areaM2']);
    }
    expect(fields(parseFirstRegistrationForm(form({ purposeCode: 'XYZ' }), NOW))).toEqual(['parcel.purposeCode']);
    expect(fields(parseFirstRegistrationForm({ holders: [AN] }, NOW))).toEqual(['parcel']);
  });
});

describe('the mortgage forms', () => {
  const mortgage = (extra: Record<string, unknown> = {}) => ({
    certificateSerial: 'CU 000001',
    mortgagee: { name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam', taxCode: '0100150619' },
    securedAmountVnd: 2_000_000_000,
    contractNumber: '0991/2026/HĐTC',
    contractDate: '2026-11-20',
    ...extra,
  });

  it('checks the bank’s tax code, the amount and the contract date', () => {
    expect(parseMortgageForm(mortgage(), NOW).issues).toEqual([]);
    expect(fields(parseMortgageForm(mortgage({ mortgagee: { name: 'BIDV', taxCode: '0100150610' } }), NOW))).toEqual(['mortgagee.taxCode']);
    expect(fields(parseMortgageForm(mortgage({ securedAmountVnd: 0 }), NOW))).toEqual(['securedAmountVnd']);
    expect(fields(parseMortgageForm(mortgage({ contractDate: '2026-11-24' }), NOW))).toEqual(['contractDate']);
    expect(fields(parseMortgageForm(mortgage({ mortgagee: null }), NOW))).toEqual(['mortgagee']);
  });

  it('needs the certificate and the contract for a release', () => {
    expect(parseMortgageReleaseForm({ certificateSerial: 'CU 000001', contractNumber: '0412/2023/HĐTC-BIDV.LĐ' }, NOW).issues).toEqual([]);
    expect(fields(parseMortgageReleaseForm({ certificateSerial: 'CU 000001' }, NOW))).toEqual(['contractNumber']);
  });
});

describe('the re-issue form', () => {
  it('needs a loss reported on or before today and the notice', () => {
    expect(parseReissueForm({ certificateSerial: 'CS 000002', lossReportedAt: '2026-10-01', lossNoticeRef: 'Giấy xác nhận niêm yết số 25/XN-UBND' }, NOW).issues).toEqual([]);
    expect(fields(parseReissueForm({ certificateSerial: 'CS 000002', lossReportedAt: '2026-12-01', lossNoticeRef: 'x' }, NOW))).toEqual(['lossReportedAt']);
    expect(fields(parseReissueForm({ certificateSerial: 'CS 000002', lossReportedAt: '01/10/2026' }, NOW))).toEqual(['lossReportedAt', 'lossNoticeRef']);
  });
});

describe('names', () => {
  it('compare as people read them', () => {
    expect(sameName('Nguyễn Văn An', '  nguyễn  văn AN ')).toBe(true);
    expect(sameName('Nguyễn Văn An', 'Nguyễn Văn Ân')).toBe(false);
    // Decomposed (NFD) input, as some keyboards send it.
    expect(sameName('Nguyễn Văn An', 'Nguyễn Văn An'.normalize('NFD'))).toBe(true);
  });
});
