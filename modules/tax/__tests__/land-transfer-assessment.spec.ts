import { ObligationKind, RATE_RULES } from '../rules/rates';
import {
  assessLandTransfer,
  CadastralData,
  LandPriceEntry,
  landPriceKey,
  parcelValue,
  parseCadastralData,
} from '../rules/land-transfer-assessment';

/** Figures below are computed by hand, not by the code under test. */

const price = (communeCode: string, purposeCode: string, pricePerM2Vnd: number): [string, LandPriceEntry] => [
  landPriceKey(communeCode, purposeCode),
  { communeCode, purposeCode, pricePerM2Vnd, legalBasis: 'demo', demo: true },
];
const PRICES = new Map([price('24781', 'ODT', 30_000_000), price('24781', 'CLN', 520_000)]);
const SELLER = { kind: 'PERSON' as const, name: 'Nguyễn Văn An', idNumber: '068085001234' };
const SELLER_2 = { kind: 'PERSON' as const, name: 'Trần Thị Bình', idNumber: '068190004567' };
const BUYER = { kind: 'PERSON' as const, name: 'Lê Quốc Cường', idNumber: '067092007890', address: 'Đà Lạt' };

function sheet(extra: Partial<CadastralData> = {}): CadastralData {
  return {
    certificateSerial: 'DA 123456',
    parcels: [{ communeCode: '24781', communeName: 'Phường Xuân Hương - Đà Lạt', mapSheet: 12, parcelNumber: 345, areaM2: 120, purposeCode: 'ODT', useTerm: 'Lâu dài', address: '14 Hai Bà Trưng' }],
    transferors: [SELLER],
    transferees: [BUYER],
    declaredPriceVnd: 2_500_000_000,
    relationship: 'NONE',
    ...extra,
  };
}

const assess = (data: CadastralData, declared = data.declaredPriceVnd) => assessLandTransfer({ data, declaredPriceVnd: declared, prices: PRICES, date: '2026-11-23' });

function ok(r: ReturnType<typeof assess>) {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r;
}

const byKind = (r: ReturnType<typeof ok>, kind: ObligationKind) => r.obligations.find((o) => o.kind === kind)!;

describe('assessing a land transfer', () => {
  it('uses the table price when the declared price is lower: 120 m² × 30,000,000 = 3,600,000,000 → PIT 72,000,000, fee 18,000,000', () => {
    const r = ok(assess(sheet()));
    expect(r.officialValueVnd).toBe(3_600_000_000);
    const pit = byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER);
    expect(pit).toMatchObject({ baseAmountVnd: 3_600_000_000, rate: '0.020000', amountVnd: 72_000_000, payer: SELLER, exemption: null });
    const fee = byKind(r, ObligationKind.REGISTRATION_FEE_LAND);
    expect(fee).toMatchObject({ baseAmountVnd: 3_600_000_000, rate: '0.005000', amountVnd: 18_000_000, payer: BUYER });
  });

  it('uses the contract price when it is higher: 4,000,000,000 → PIT 80,000,000, fee 20,000,000', () => {
    const r = ok(assess(sheet({ declaredPriceVnd: 4_000_000_000 })));
    expect(byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER).amountVnd).toBe(80_000_000);
    expect(byKind(r, ObligationKind.REGISTRATION_FEE_LAND).amountVnd).toBe(20_000_000);
  });

  it('uses the price the tax office corrected instead of the declared one', () => {
    const r = ok(assess(sheet({ declaredPriceVnd: 1_000_000_000 }), 5_000_000_000));
    expect(r.declaredPriceVnd).toBe(5_000_000_000);
    expect(byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER).amountVnd).toBe(100_000_000);
    expect(byKind(r, ObligationKind.REGISTRATION_FEE_LAND).amountVnd).toBe(25_000_000);
  });

  it('adds the parcels up: 120 m² ODT at 30,000,000 + 250.5 m² CLN at 520,000 = 3,730,260,000', () => {
    const data = sheet({ declaredPriceVnd: 3_000_000_000 });
    data.parcels.push({ communeCode: '24781', mapSheet: 12, parcelNumber: 346, areaM2: 250.5, purposeCode: 'CLN' });
    const r = ok(assess(data));
    expect(r.officialValueVnd).toBe(3_730_260_000);
    expect(byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER).amountVnd).toBe(74_605_200);
    expect(byKind(r, ObligationKind.REGISTRATION_FEE_LAND).amountVnd).toBe(18_651_300);
  });

  it('exempts PIT on a sale between parent and child, but not the registration fee (exempt only for gifts and inheritance)', () => {
    const r = ok(assess(sheet({ relationship: 'PARENT_CHILD' })));
    const pit = byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER);
    expect(pit).toMatchObject({ amountVnd: 0, baseAmountVnd: 3_600_000_000, exemption: { code: 'TNCN-D4K1' } });
    expect(pit.exemption!.legalBasis).toMatch(/Điều 4 khoản 1/);
    expect(byKind(r, ObligationKind.REGISTRATION_FEE_LAND)).toMatchObject({ amountVnd: 18_000_000, exemption: null });
  });

  it('exempts both on a gift between siblings', () => {
    const r = ok(assess(sheet({ relationship: 'SIBLINGS', transferKind: 'GIFT' })));
    expect(r.obligations.map((o) => [o.kind, o.amountVnd, o.exemption?.code])).toEqual([
      [ObligationKind.PIT_REAL_ESTATE_GIFT, 0, 'TNCN-D4K4'],
      [ObligationKind.REGISTRATION_FEE_LAND, 0, 'LPTB-D10K4'],
    ]);
  });

  it('taxes a gift between strangers at 10% above 10 million of the table value, paid by the recipient', () => {
    const r = ok(assess(sheet({ transferKind: 'GIFT', declaredPriceVnd: 9_000_000_000 })));
    const pit = byKind(r, ObligationKind.PIT_REAL_ESTATE_GIFT);
    // (3,600,000,000 − 10,000,000) × 10 % = 359,000,000; the contract price plays no part.
    expect(pit).toMatchObject({ baseAmountVnd: 3_590_000_000, amountVnd: 359_000_000, payer: BUYER });
  });

  it('owes no PIT when the transferor is an organisation (its income falls under CIT)', () => {
    const r = ok(assess(sheet({ transferors: [{ kind: 'ORGANIZATION', name: 'Công ty TNHH Rau hoa Langbiang', idNumber: '5800123479' }] })));
    expect(r.obligations.map((o) => o.kind)).toEqual([ObligationKind.REGISTRATION_FEE_LAND]);
    expect(r.remarks).toHaveLength(1);
  });

  it('addresses one obligation to the first party and names the others as co-payers', () => {
    const r = ok(assess(sheet({ transferors: [SELLER, SELLER_2] })));
    expect(byKind(r, ObligationKind.PIT_REAL_ESTATE_TRANSFER)).toMatchObject({ payer: SELLER, coPayers: [SELLER_2], amountVnd: 72_000_000 });
  });

  it('refuses to split between individuals and organisations on one side', () => {
    const r = assess(sheet({ transferors: [SELLER, { kind: 'ORGANIZATION', name: 'Công ty', idNumber: '5800123479' }] }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.map((i) => i.field)).toEqual(['cadastralData.transferors']);
  });

  it('reports the parcels the price table does not cover', () => {
    const data = sheet();
    data.parcels.push({ communeCode: '24985', mapSheet: 3, parcelNumber: 8, areaM2: 500, purposeCode: 'LUC' });
    const r = assess(data);
    expect(r).toMatchObject({ ok: false, missingPrices: [{ communeCode: '24985', purposeCode: 'LUC' }] });
  });

  it('applies no rule outside its validity period', () => {
    const r = assessLandTransfer({ data: sheet(), declaredPriceVnd: 1, prices: PRICES, date: '2026-11-23', rules: RATE_RULES.filter((x) => x.kind !== ObligationKind.REGISTRATION_FEE_LAND) });
    expect(r.ok).toBe(false);
  });
});

describe('parcel values', () => {
  it('are exact to the đồng, rounding half up', () => {
    expect(parcelValue(120, 30_000_000)).toBe(3_600_000_000);
    expect(parcelValue(96.5, 15_000_000)).toBe(1_447_500_000);
    expect(parcelValue(0.01, 50)).toBe(1); // 0.5 đồng rounds up
    expect(parcelValue(250.5, 520_000)).toBe(130_260_000);
  });
});

describe('reading the cadastral data sheet', () => {
  it('accepts the published shape and defaults relationship and kind', () => {
    const { relationship, transferKind, ...raw } = sheet();
    void relationship;
    void transferKind;
    const r = parseCadastralData(raw);
    expect(r.issues).toEqual([]);
    expect(r.data).toMatchObject({ relationship: 'NONE', transferKind: 'TRANSFER' });
  });

  it('refuses negative or absurd prices, bad areas, identity numbers and relationships, with field paths', () => {
    const bad = { ...sheet(), declaredPriceVnd: -5, relationship: 'COUSINS', parcels: [{ ...sheet().parcels[0], areaM2: 0 }], transferees: [{ ...BUYER, idNumber: '12345' }] };
    const r = parseCadastralData(bad);
    expect(r.data).toBeNull();
    expect(r.issues.map((i) => i.field).sort()).toEqual([
      'cadastralData.declaredPriceVnd',
      'cadastralData.parcels[0].areaM2',
      'cadastralData.relationship',
      'cadastralData.transferees[0].idNumber',
    ]);
    expect(parseCadastralData({ ...sheet(), declaredPriceVnd: 1e14 }).issues.map((i) => i.field)).toEqual(['cadastralData.declaredPriceVnd']);
    expect(parseCadastralData(null).issues).toHaveLength(1);
  });
});
