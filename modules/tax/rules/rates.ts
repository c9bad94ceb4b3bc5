/**
 * Tax rates, exemptions and payment terms for the obligations the tax module assesses, with
 * their legal basis.
 *
 * Why a typed constant file rather than a `tax_rate` table: these are national rules set by
 * laws and decrees, not provincial configuration. A change comes with a new legal text and a
 * review of the computation (what base, what exemptions), which is a code change anyway; here
 * every rule has its validity dates, so a new rate is a new entry, not an edit, and the unit
 * tests compute the figures from these very entries. Each assessed obligation stores the rate,
 * base and legal basis it was computed with, so the record of an assessment never depends on
 * this file afterwards. The provincial land price table, by contrast, is large, local and
 * changes yearly: it is data (`tax_land_price`).
 *
 * `verified` tells whether the clause was checked against the text of the law while writing
 * this; `false` entries are believed right but must be confirmed before production use.
 */
import { DurationUnit } from '../../../src/kernel';

/** What the tax office assesses on a land transfer (and, as data, other obligations later). */
export enum ObligationKind {
  /** Thuế thu nhập cá nhân từ chuyển nhượng bất động sản (quyền sử dụng đất). */
  PIT_REAL_ESTATE_TRANSFER = 'PIT_REAL_ESTATE_TRANSFER',
  /** Thuế thu nhập cá nhân từ nhận thừa kế, quà tặng là bất động sản. */
  PIT_REAL_ESTATE_GIFT = 'PIT_REAL_ESTATE_GIFT',
  /** Lệ phí trước bạ nhà, đất. */
  REGISTRATION_FEE_LAND = 'REGISTRATION_FEE_LAND',
}

/** Which side of the transaction owes an obligation. */
type PayerSide = 'TRANSFEROR' | 'TRANSFEREE';

/** How the base of an obligation is found from the contract price and the land price table. */
export enum BaseRule {
  /**
   * The contract price, but the table price × area when the contract price is lower (or
   * missing). Circular 111/2013/TT-BTC art. 12, as amended by Circular 92/2015/TT-BTC art. 17.
   */
  CONTRACT_OR_TABLE_IF_HIGHER = 'CONTRACT_OR_TABLE_IF_HIGHER',
  /** The table price × area only (value of real estate received as a gift or inheritance). */
  TABLE_ONLY = 'TABLE_ONLY',
}

export interface ObligationKindDefinition {
  kind: ObligationKind;
  name: string;
  payer: PayerSide;
  /** Only payers of this kind owe it (PIT is for individuals; organisations pay CIT elsewhere). */
  payerKinds: ('PERSON' | 'ORGANIZATION')[];
  /** The declaration form the payer files (tờ khai). */
  declarationForm: string;
  /** The notice form the tax office issues (thông báo nộp tiền). */
  noticeForm: string;
}

export const OBLIGATION_KINDS: Record<ObligationKind, ObligationKindDefinition> = {
  [ObligationKind.PIT_REAL_ESTATE_TRANSFER]: {
    kind: ObligationKind.PIT_REAL_ESTATE_TRANSFER,
    name: 'Thuế thu nhập cá nhân từ chuyển nhượng bất động sản',
    payer: 'TRANSFEROR',
    payerKinds: ['PERSON'],
    declarationForm: '03/BĐS-TNCN',
    // Unverified: the notice form number of Circular 80/2021/TT-BTC for PIT on real estate.
    noticeForm: 'Thông báo nộp thuế TNCN (Thông tư 80/2021/TT-BTC)',
  },
  [ObligationKind.PIT_REAL_ESTATE_GIFT]: {
    kind: ObligationKind.PIT_REAL_ESTATE_GIFT,
    name: 'Thuế thu nhập cá nhân từ nhận thừa kế, quà tặng là bất động sản',
    payer: 'TRANSFEREE',
    payerKinds: ['PERSON'],
    declarationForm: '03/BĐS-TNCN',
    noticeForm: 'Thông báo nộp thuế TNCN (Thông tư 80/2021/TT-BTC)',
  },
  [ObligationKind.REGISTRATION_FEE_LAND]: {
    kind: ObligationKind.REGISTRATION_FEE_LAND,
    name: 'Lệ phí trước bạ nhà, đất',
    payer: 'TRANSFEREE',
    payerKinds: ['PERSON', 'ORGANIZATION'],
    declarationForm: '01/LPTB',
    noticeForm: 'Mẫu số 01/TB-LPTB',
  },
};

/** A rate of one obligation kind over a period, with what it is applied to. */
export interface RateRule {
  kind: ObligationKind;
  /** Parts per million of the base: 20 000 = 2 %. Integers keep the arithmetic exact. */
  ratePpm: number;
  base: BaseRule;
  /** Deducted from the base before the rate (PIT on gifts: the first 10 million đồng). */
  allowanceVnd: number;
  /** Highest amount per asset and registration, or null for none. */
  capVnd: number | null;
  validFrom: string;
  validTo: string | null;
  legalBasis: string;
  verified: boolean;
  note?: string;
}

const PIT_LAW = 'Luật Thuế thu nhập cá nhân số 04/2007/QH12, sửa đổi bởi Luật số 26/2012/QH13 và Luật số 71/2014/QH13';
const DECREE_10_2022 = 'Nghị định số 10/2022/NĐ-CP ngày 15/01/2022 của Chính phủ quy định về lệ phí trước bạ';

export const RATE_RULES: readonly RateRule[] = Object.freeze([
  {
    kind: ObligationKind.PIT_REAL_ESTATE_TRANSFER,
    ratePpm: 20_000,
    base: BaseRule.CONTRACT_OR_TABLE_IF_HIGHER,
    allowanceVnd: 0,
    capVnd: null,
    validFrom: '2015-01-01',
    validTo: null,
    legalBasis: `${PIT_LAW}, Điều 14 và Điều 23 (2% trên giá chuyển nhượng từng lần); Thông tư 111/2013/TT-BTC Điều 12, sửa đổi bởi Thông tư 92/2015/TT-BTC Điều 17 (giá chuyển nhượng là giá hợp đồng, nếu thấp hơn bảng giá đất của UBND tỉnh thì theo bảng giá đất)`,
    verified: false,
    note: 'A new Law on PIT was in preparation in 2025; check whether it replaces Law 04/2007 and the 2% rate from 2026 (a new entry with its validFrom).',
  },
  {
    kind: ObligationKind.PIT_REAL_ESTATE_GIFT,
    ratePpm: 100_000,
    base: BaseRule.TABLE_ONLY,
    allowanceVnd: 10_000_000,
    capVnd: null,
    validFrom: '2015-01-01',
    validTo: null,
    legalBasis: `${PIT_LAW}, Điều 16 và Điều 23 (10% trên phần giá trị vượt 10 triệu đồng mỗi lần nhận); Thông tư 111/2013/TT-BTC Điều 16 (giá trị bất động sản theo bảng giá đất của UBND tỉnh)`,
    verified: false,
  },
  {
    kind: ObligationKind.REGISTRATION_FEE_LAND,
    ratePpm: 5_000,
    base: BaseRule.CONTRACT_OR_TABLE_IF_HIGHER,
    allowanceVnd: 0,
    // Decree 140/2016 art. 7(2) (as amended by Decree 20/2019) capped the fee at 500 million đồng
    // per asset; Decree 10/2022 did not carry that ceiling over, as far as we could establish.
    capVnd: null,
    validFrom: '2022-03-01',
    validTo: null,
    legalBasis: `${DECREE_10_2022}, Điều 7 khoản 1 (giá tính lệ phí trước bạ đối với đất là giá tại Bảng giá đất do UBND cấp tỉnh ban hành; giá tại hợp đồng chuyển nhượng nếu cao hơn) và Điều 8 khoản 1 (mức thu 0,5%)`,
    verified: false,
    note: 'Verify the clause numbers of Decree 10/2022 and that it has no 500 million ceiling for land.',
  },
]);

/** Relationships between the parties recorded by the land office (published cadastral-data contract). */
export const RELATIONSHIPS = ['NONE', 'SPOUSES', 'PARENT_CHILD', 'GRANDPARENT_GRANDCHILD', 'SIBLINGS'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** What kind of transaction moved the land: a transfer (sale), a gift or an inheritance. */
export const TRANSFER_KINDS = ['TRANSFER', 'GIFT', 'INHERITANCE'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/** An exemption: which obligation it lifts, for which relationships and kinds of transaction. */
export interface ExemptionRule {
  code: string;
  kind: ObligationKind;
  relationships: Relationship[];
  transferKinds: TransferKind[];
  legalBasis: string;
  verified: boolean;
}

const FAMILY: Relationship[] = ['SPOUSES', 'PARENT_CHILD', 'GRANDPARENT_GRANDCHILD', 'SIBLINGS'];

/**
 * The family exemptions. PIT: a transfer of real estate between spouses, parents and children
 * (natural, adoptive, in-law), grandparents and grandchildren, and siblings is exempt (Law on
 * PIT art. 4(1)), and so is receiving it from them as an inheritance or gift (art. 4(4)). The
 * registration fee is lifted only for land received as an inheritance or gift between the same
 * relatives: a sale between relatives still pays it.
 */
const EXEMPTION_RULES: readonly ExemptionRule[] = Object.freeze([
  {
    code: 'TNCN-D4K1',
    kind: ObligationKind.PIT_REAL_ESTATE_TRANSFER,
    relationships: FAMILY,
    transferKinds: ['TRANSFER'],
    legalBasis: `${PIT_LAW}, Điều 4 khoản 1: thu nhập từ chuyển nhượng bất động sản giữa vợ với chồng; cha, mẹ với con; ông, bà với cháu; anh, chị, em ruột với nhau`,
    verified: true,
  },
  {
    code: 'TNCN-D4K4',
    kind: ObligationKind.PIT_REAL_ESTATE_GIFT,
    relationships: FAMILY,
    transferKinds: ['GIFT', 'INHERITANCE'],
    legalBasis: `${PIT_LAW}, Điều 4 khoản 4: thu nhập từ nhận thừa kế, quà tặng là bất động sản giữa vợ với chồng; cha, mẹ với con; ông, bà với cháu; anh, chị, em ruột với nhau`,
    verified: true,
  },
  {
    code: 'LPTB-D10K4',
    kind: ObligationKind.REGISTRATION_FEE_LAND,
    relationships: FAMILY,
    transferKinds: ['GIFT', 'INHERITANCE'],
    legalBasis: `${DECREE_10_2022}, Điều 10: nhà, đất nhận thừa kế hoặc là quà tặng giữa vợ với chồng; cha, mẹ với con; ông, bà với cháu; anh, chị, em ruột với nhau`,
    verified: false,
  },
]);

/** How long after a notice the money is due, per obligation kind. */
export interface PaymentTerm {
  kind: ObligationKind;
  amount: number;
  unit: DurationUnit;
  legalBasis: string;
  verified: boolean;
}

/**
 * 30 days from the notice for both. Counted in calendar days; a last day that falls on a day off
 * moves to the next working day, which is what the kernel calendar does for CALENDAR_DAYS.
 */
const PAYMENT_TERMS: readonly PaymentTerm[] = Object.freeze([
  {
    kind: ObligationKind.PIT_REAL_ESTATE_TRANSFER,
    amount: 30,
    unit: DurationUnit.CALENDAR_DAYS,
    legalBasis: 'Luật Quản lý thuế số 38/2019/QH14, Điều 55 (cơ quan thuế tính thuế: thời hạn ghi trên thông báo); Nghị định 126/2020/NĐ-CP, Điều 18: chậm nhất 30 ngày kể từ ngày ban hành thông báo',
    verified: false,
  },
  {
    kind: ObligationKind.PIT_REAL_ESTATE_GIFT,
    amount: 30,
    unit: DurationUnit.CALENDAR_DAYS,
    legalBasis: 'Luật Quản lý thuế số 38/2019/QH14, Điều 55; Nghị định 126/2020/NĐ-CP, Điều 18',
    verified: false,
  },
  {
    kind: ObligationKind.REGISTRATION_FEE_LAND,
    amount: 30,
    unit: DurationUnit.CALENDAR_DAYS,
    legalBasis: 'Nghị định 126/2020/NĐ-CP, Điều 18: lệ phí trước bạ nộp chậm nhất 30 ngày kể từ ngày ban hành thông báo',
    verified: false,
  },
]);

/** The rule of `kind` in force on `date` (YYYY-MM-DD), or null. */
export function rateRule(kind: ObligationKind, date: string, rules: readonly RateRule[] = RATE_RULES): RateRule | null {
  return rules.find((r) => r.kind === kind && r.validFrom <= date && (r.validTo === null || date <= r.validTo)) ?? null;
}

/** The exemption of `kind` for a relationship and transaction kind, or null. */
export function exemptionFor(kind: ObligationKind, relationship: Relationship, transferKind: TransferKind): ExemptionRule | null {
  return EXEMPTION_RULES.find((e) => e.kind === kind && e.relationships.includes(relationship) && e.transferKinds.includes(transferKind)) ?? null;
}

/** The payment term of a notice: the shortest term among its obligations. */
export function paymentTermFor(kinds: ObligationKind[]): PaymentTerm {
  const terms = PAYMENT_TERMS.filter((t) => kinds.includes(t.kind));
  if (!terms.length) throw new Error(`No payment term for ${kinds.join(', ')}`);
  return terms.reduce((a, b) => (b.amount < a.amount ? b : a));
}

/** `rate × base`, rounded half up to the đồng, exactly (bases reach 10^14 đồng). */
export function applyRate(baseVnd: number, ratePpm: number): number {
  if (!Number.isSafeInteger(baseVnd) || baseVnd < 0) throw new Error(`Bad base ${baseVnd}`);
  return Number((BigInt(baseVnd) * BigInt(ratePpm) + 500_000n) / 1_000_000n);
}

/** The rate as the decimal stored on an obligation (`0.020000`). */
export function rateDecimal(ratePpm: number): string {
  return (ratePpm / 1_000_000).toFixed(6);
}

/** Declaration forms a taxpayer may file (tờ khai), with the periods they are filed for. */
export interface DeclarationFormDefinition {
  code: string;
  name: string;
  periodKinds: ('MONTH' | 'QUARTER' | 'YEAR' | 'EVENT')[];
  taxpayerKinds: ('ORGANIZATION' | 'BRANCH' | 'INDIVIDUAL')[];
  legalBasis: string;
}

const CIRCULAR_80 = 'Thông tư 80/2021/TT-BTC (Phụ lục II)';

export const DECLARATION_FORMS: readonly DeclarationFormDefinition[] = Object.freeze([
  { code: '01/GTGT', name: 'Tờ khai thuế giá trị gia tăng (phương pháp khấu trừ)', periodKinds: ['MONTH', 'QUARTER'], taxpayerKinds: ['ORGANIZATION', 'BRANCH'], legalBasis: CIRCULAR_80 },
  { code: '03/TNDN', name: 'Tờ khai quyết toán thuế thu nhập doanh nghiệp', periodKinds: ['YEAR'], taxpayerKinds: ['ORGANIZATION'], legalBasis: CIRCULAR_80 },
  { code: '05/KK-TNCN', name: 'Tờ khai thuế thu nhập cá nhân (tổ chức trả thu nhập từ tiền lương, tiền công)', periodKinds: ['MONTH', 'QUARTER'], taxpayerKinds: ['ORGANIZATION', 'BRANCH'], legalBasis: CIRCULAR_80 },
  { code: '02/QTT-TNCN', name: 'Tờ khai quyết toán thuế thu nhập cá nhân (cá nhân có thu nhập từ tiền lương, tiền công)', periodKinds: ['YEAR'], taxpayerKinds: ['INDIVIDUAL'], legalBasis: CIRCULAR_80 },
  { code: '03/BĐS-TNCN', name: 'Tờ khai thuế thu nhập cá nhân (chuyển nhượng, nhận thừa kế, quà tặng bất động sản)', periodKinds: ['EVENT'], taxpayerKinds: ['INDIVIDUAL'], legalBasis: CIRCULAR_80 },
  { code: '01/LPTB', name: 'Tờ khai lệ phí trước bạ nhà, đất', periodKinds: ['EVENT'], taxpayerKinds: ['ORGANIZATION', 'INDIVIDUAL'], legalBasis: `${CIRCULAR_80}; ${DECREE_10_2022}` },
]);

export function declarationForm(code: string): DeclarationFormDefinition | undefined {
  return DECLARATION_FORMS.find((f) => f.code === code);
}
