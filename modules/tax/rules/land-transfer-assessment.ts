import { citizenIdProblem, type FormIssue, taxCodeProblem } from '../../../src/kernel';
import {
  applyRate,
  BaseRule,
  exemptionFor,
  OBLIGATION_KINDS,
  ObligationKind,
  RATE_RULES,
  RateRule,
  rateDecimal,
  rateRule,
  Relationship,
  RELATIONSHIPS,
  TRANSFER_KINDS,
  TransferKind,
} from './rates';

/**
 * The cadastral data sheet (phiếu chuyển thông tin địa chính) the land office attaches to a
 * transfer dossier as the kernel record `land.cadastral-data`. This is tax's own copy of the
 * land module's published contract (modules never import each other); `transferKind` is an
 * optional extension tax understands (absent means a transfer, i.e. a sale).
 */
export interface CadastralData {
  certificateSerial: string;
  parcels: CadastralParcel[];
  transferors: TransferParty[];
  transferees: TransferParty[];
  declaredPriceVnd: number;
  relationship?: Relationship | null;
  transferKind?: TransferKind | null;
}

interface CadastralParcel {
  communeCode: string;
  communeName?: string;
  mapSheet: number;
  parcelNumber: number;
  areaM2: number;
  purposeCode: string;
  useTerm?: string;
  address?: string;
}

export interface TransferParty {
  kind: 'PERSON' | 'ORGANIZATION';
  name: string;
  idNumber: string;
  address?: string | null;
}

/** The record kind land writes and tax reads. */
export const CADASTRAL_RECORD_KIND = 'land.cadastral-data';

/** Above this a declared price is taken for a typing error (10^14 đồng = 100 000 billion). */
export const MAX_PRICE_VND = 100_000_000_000_000;
/** 100 km², far above any single parcel. */
const MAX_AREA_M2 = 100_000_000;

/** A price from the provincial land price table, found for a parcel's commune and purpose. */
export interface LandPriceEntry {
  communeCode: string;
  purposeCode: string;
  pricePerM2Vnd: number;
  legalBasis: string;
  demo: boolean;
}

export const landPriceKey = (communeCode: string, purposeCode: string) => `${communeCode}/${purposeCode}`;

/** An obligation as computed, before it is stored. */
interface ObligationDraft {
  kind: ObligationKind;
  payer: TransferParty;
  /** The other parties of the same side, jointly liable and named on the notice. */
  coPayers: TransferParty[];
  baseAmountVnd: number;
  ratePpm: number;
  rate: string;
  amountVnd: number;
  exemption: { code: string; legalBasis: string } | null;
  legalBasis: string;
}

export type AssessmentOutcome =
  | { ok: true; officialValueVnd: number; declaredPriceVnd: number; obligations: ObligationDraft[]; parcels: ParcelValuation[]; remarks: string[] }
  | { ok: false; issues: FormIssue[]; missingPrices: { communeCode: string; purposeCode: string }[] };

interface ParcelValuation {
  communeCode: string;
  mapSheet: number;
  parcelNumber: number;
  areaM2: number;
  purposeCode: string;
  pricePerM2Vnd: number;
  valueVnd: number;
  priceLegalBasis: string;
  demoPrice: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const PARTY_KINDS = ['PERSON', 'ORGANIZATION'];

/** Checks a price in đồng: a positive integer below {@link MAX_PRICE_VND}. Returns a reason or null. */
export function priceProblem(v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v)) return 'Giá phải là số nguyên đồng / The price must be a whole number of đồng';
  if (v <= 0) return 'Giá phải lớn hơn 0 / The price must be positive';
  if (v >= MAX_PRICE_VND) return 'Giá không hợp lý (từ 100.000 tỷ đồng trở lên) / Implausible price (10^14 đồng or more)';
  return null;
}

function checkParties(raw: unknown, field: string, issues: FormIssue[]): TransferParty[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ field, message: 'Cần ít nhất một bên / At least one party' });
    return [];
  }
  const out: TransferParty[] = [];
  raw.forEach((p, i) => {
    const f = `${field}[${i}]`;
    if (!isObject(p)) return issues.push({ field: f, message: 'Không hợp lệ / Malformed party' });
    const kind = p.kind;
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    const idNumber = typeof p.idNumber === 'string' ? p.idNumber.trim() : '';
    if (typeof kind !== 'string' || !PARTY_KINDS.includes(kind)) issues.push({ field: `${f}.kind`, message: 'PERSON hoặc ORGANIZATION / PERSON or ORGANIZATION' });
    if (!name) issues.push({ field: `${f}.name`, message: 'Không được để trống / Required' });
    const problem = kind === 'ORGANIZATION' ? taxCodeProblem(idNumber) : citizenIdProblem(idNumber);
    if (problem) issues.push({ field: `${f}.idNumber`, message: problem });
    out.push({ kind: kind as TransferParty['kind'], name, idNumber, address: typeof p.address === 'string' ? p.address : null });
  });
  return out;
}

/**
 * Reads a cadastral data sheet defensively: it crosses a module boundary as JSON, so every field
 * is checked before a đồng is computed from it. Field paths start at `prefix`.
 */
export function parseCadastralData(raw: unknown, prefix = 'cadastralData'): { data: CadastralData; issues: [] } | { data: null; issues: FormIssue[] } {
  const issues: FormIssue[] = [];
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  if (!isObject(raw)) return { data: null, issues: [{ field: prefix || 'formData', message: 'Thiếu dữ liệu địa chính / Missing cadastral data' }] };
  const parcels: CadastralParcel[] = [];
  if (!Array.isArray(raw.parcels) || raw.parcels.length === 0) issues.push({ field: at('parcels'), message: 'Cần ít nhất một thửa đất / At least one parcel' });
  else {
    raw.parcels.forEach((p, i) => {
      const f = at(`parcels[${i}]`);
      if (!isObject(p)) return issues.push({ field: f, message: 'Không hợp lệ / Malformed parcel' });
      if (typeof p.communeCode !== 'string' || !/^\d{5}$/.test(p.communeCode)) issues.push({ field: `${f}.communeCode`, message: 'Mã xã gồm 5 chữ số / A commune code has 5 digits' });
      if (typeof p.purposeCode !== 'string' || !/^[A-Z]{2,4}$/.test(p.purposeCode)) issues.push({ field: `${f}.purposeCode`, message: 'Mã mục đích sử dụng đất không hợp lệ / Malformed land-use purpose code' });
      if (typeof p.areaM2 !== 'number' || !Number.isFinite(p.areaM2) || p.areaM2 <= 0 || p.areaM2 >= MAX_AREA_M2) {
        issues.push({ field: `${f}.areaM2`, message: 'Diện tích phải dương và hợp lý / The area must be positive and plausible' });
      }
      for (const k of ['mapSheet', 'parcelNumber'] as const) {
        if (typeof p[k] !== 'number' || !Number.isInteger(p[k]) || (p[k] as number) < 1) issues.push({ field: `${f}.${k}`, message: 'Phải là số nguyên dương / Must be a positive integer' });
      }
      parcels.push(p as unknown as CadastralParcel);
    });
  }
  const transferors = checkParties(raw.transferors, at('transferors'), issues);
  const transferees = checkParties(raw.transferees, at('transferees'), issues);
  const priceIssue = priceProblem(raw.declaredPriceVnd);
  if (priceIssue) issues.push({ field: at('declaredPriceVnd'), message: priceIssue });
  const relationship = raw.relationship ?? 'NONE';
  if (typeof relationship !== 'string' || !(RELATIONSHIPS as readonly string[]).includes(relationship)) {
    issues.push({ field: at('relationship'), message: `Một trong / One of ${RELATIONSHIPS.join(', ')}` });
  }
  const transferKind = raw.transferKind ?? 'TRANSFER';
  if (typeof transferKind !== 'string' || !(TRANSFER_KINDS as readonly string[]).includes(transferKind)) {
    issues.push({ field: at('transferKind'), message: `Một trong / One of ${TRANSFER_KINDS.join(', ')}` });
  }
  if (issues.length) return { data: null, issues };
  return {
    data: {
      certificateSerial: typeof raw.certificateSerial === 'string' ? raw.certificateSerial : '',
      parcels,
      transferors,
      transferees,
      declaredPriceVnd: raw.declaredPriceVnd as number,
      relationship: relationship as Relationship,
      transferKind: transferKind as TransferKind,
    },
    issues: [],
  };
}

/** Area × price per m², exactly, rounded half up to the đồng (areas have at most two decimals). */
export function parcelValue(areaM2: number, pricePerM2Vnd: number): number {
  const hundredths = BigInt(Math.round(areaM2 * 100));
  return Number((hundredths * BigInt(pricePerM2Vnd) + 50n) / 100n);
}

/** The base of an obligation from the contract price and the official (table) value. */
function obligationBase(rule: RateRule, declaredPriceVnd: number, officialValueVnd: number): number {
  const base = rule.base === BaseRule.TABLE_ONLY ? officialValueVnd : Math.max(declaredPriceVnd, officialValueVnd);
  return Math.max(0, base - rule.allowanceVnd);
}

/**
 * Computes the obligations of a land transfer: pure, so it is tested with figures computed by
 * hand. PIT (2 %) is owed by the transferors when they are individuals, the registration fee
 * (0.5 %) by the transferees; for a gift or an inheritance PIT (10 % above 10 million) is owed by
 * the recipients. Both bases take the contract price, or the table price × area when that is
 * higher. One obligation per kind, addressed to the first party of the paying side with the
 * others named as co-payers: the declaration (03/BĐS-TNCN, 01/LPTB) is one per contract and the
 * data carries no ownership shares to split by.
 */
export function assessLandTransfer(args: {
  data: CadastralData;
  /** The declared price the assessment uses (the tax office's correction, if any). */
  declaredPriceVnd: number;
  prices: ReadonlyMap<string, LandPriceEntry>;
  /** Local date (YYYY-MM-DD) whose rules and prices apply. */
  date: string;
  rules?: readonly RateRule[];
}): AssessmentOutcome {
  const { data, declaredPriceVnd, prices, date } = args;
  const rules = args.rules ?? RATE_RULES;
  const issues: FormIssue[] = [];
  const missing: { communeCode: string; purposeCode: string }[] = [];
  const parcels: ParcelValuation[] = [];
  for (const p of data.parcels) {
    const price = prices.get(landPriceKey(p.communeCode, p.purposeCode));
    if (!price) {
      if (!missing.some((m) => m.communeCode === p.communeCode && m.purposeCode === p.purposeCode)) missing.push({ communeCode: p.communeCode, purposeCode: p.purposeCode });
      continue;
    }
    parcels.push({
      communeCode: p.communeCode,
      mapSheet: p.mapSheet,
      parcelNumber: p.parcelNumber,
      areaM2: p.areaM2,
      purposeCode: p.purposeCode,
      pricePerM2Vnd: price.pricePerM2Vnd,
      valueVnd: parcelValue(p.areaM2, price.pricePerM2Vnd),
      priceLegalBasis: price.legalBasis,
      demoPrice: price.demo,
    });
  }
  if (missing.length) return { ok: false, issues, missingPrices: missing };
  const officialValueVnd = parcels.reduce((s, p) => s + p.valueVnd, 0);
  const relationship = data.relationship ?? 'NONE';
  const transferKind = data.transferKind ?? 'TRANSFER';
  const kinds = transferKind === 'TRANSFER' ? [ObligationKind.PIT_REAL_ESTATE_TRANSFER, ObligationKind.REGISTRATION_FEE_LAND] : [ObligationKind.PIT_REAL_ESTATE_GIFT, ObligationKind.REGISTRATION_FEE_LAND];
  const obligations: ObligationDraft[] = [];
  const remarks: string[] = [];
  for (const kind of kinds) {
    const def = OBLIGATION_KINDS[kind];
    const rule = rateRule(kind, date, rules);
    if (!rule) {
      issues.push({ field: 'date', message: `Không có mức thu ${def.name} áp dụng ngày ${date} / No rate in force for ${kind}` });
      continue;
    }
    const side = def.payer === 'TRANSFEROR' ? data.transferors : data.transferees;
    const liable = side.filter((p) => def.payerKinds.includes(p.kind));
    if (liable.length === 0) {
      // Organisations account for this income in their corporate income tax, not here.
      remarks.push(`${def.name}: bên ${def.payer === 'TRANSFEROR' ? 'chuyển nhượng' : 'nhận'} là tổ chức, không thuộc đối tượng nộp / the paying side is an organisation`);
      continue;
    }
    if (liable.length !== side.length) {
      issues.push({
        field: def.payer === 'TRANSFEROR' ? 'cadastralData.transferors' : 'cadastralData.transferees',
        message: `${def.name}: bên nộp gồm cả cá nhân và tổ chức, cần xác định phần của từng bên / Individuals and organisations on the paying side: their shares are needed`,
      });
      continue;
    }
    const base = obligationBase(rule, declaredPriceVnd, officialValueVnd);
    const exemption = exemptionFor(kind, relationship, transferKind);
    let amount = exemption ? 0 : applyRate(base, rule.ratePpm);
    if (rule.capVnd !== null) amount = Math.min(amount, rule.capVnd);
    obligations.push({
      kind,
      payer: liable[0],
      coPayers: liable.slice(1),
      baseAmountVnd: base,
      ratePpm: rule.ratePpm,
      rate: rateDecimal(rule.ratePpm),
      amountVnd: amount,
      exemption: exemption && { code: exemption.code, legalBasis: exemption.legalBasis },
      legalBasis: rule.legalBasis,
    });
  }
  if (issues.length) return { ok: false, issues, missingPrices: [] };
  return { ok: true, officialValueVnd, declaredPriceVnd, obligations, parcels, remarks };
}
