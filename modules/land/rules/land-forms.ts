/**
 * The structured forms (formData) of the land procedures: their shapes and the checks that need
 * no database. The register checks (does the parcel exist, is the certificate valid …) are in
 * `land-register.service.ts`. Field paths start at the form, e.g. `parcels[0].parcelNumber`.
 */
import { ApplicantKind, citizenIdProblem, type FormIssue, taxCodeProblem, vietnamLocalDate } from '../../../src/kernel';
import { LAND_USE_CODES } from './land-use-purposes';
import type { TransferKind, TransferRelationship } from './cadastral-data';
import { MAX_PARCEL_AREA_M2 } from '../entities/land-parcel.entity';
import { normalizeSerial } from './certificate-serials';

/** Prices and amounts at or above 100,000 billion VND are typing errors, not land deals. */
const MAX_AMOUNT_VND = 1e14;
/** Parcels one transfer dossier may list. */
const MAX_PARCELS_PER_DOSSIER = 20;
const MAX_PARTIES = 20;

/** Values of `relationship` in the transfer form (kinships of Law on PIT art. 4). */
const RELATIONSHIPS: readonly TransferRelationship[] = ['NONE', 'SPOUSES', 'PARENT_CHILD', 'GRANDPARENT_GRANDCHILD', 'SIBLINGS'];

/** Values of `transferKind` in the transfer form (default TRANSFER). */
const TRANSFER_KINDS: readonly TransferKind[] = ['TRANSFER', 'GIFT', 'INHERITANCE'];

/** `LONG_TERM` in forms and the cadastral contract: sử dụng lâu dài. */
export const LONG_TERM = 'LONG_TERM';

/** How a parcel is named: commune, map sheet, parcel number. */
export interface ParcelKey {
  communeCode: string;
  mapSheet: number;
  parcelNumber: number;
}

/** `24781/12/145`: a parcel key as one string (map and loader keys). */
export function parcelKeyString(k: ParcelKey): string {
  return `${k.communeCode}/${k.mapSheet}/${k.parcelNumber}`;
}

/** A person or organisation named in a form (holder, transferor, transferee). */
export interface Party {
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  address: string | null;
  shareNote: string | null;
}

/** formData of the transfer (1.013831). */
export interface TransferForm {
  parcels: ParcelKey[];
  certificateSerial: string;
  transferors: Party[];
  transferees: Party[];
  declaredPriceVnd: number;
  relationship: TransferRelationship;
  transferKind: TransferKind;
}

/** formData of the first registration (1.012780); `useUntil` is null for long-term use. */
export interface FirstRegistrationForm {
  parcel: ParcelKey & { areaM2: number; purposeCode: string; useUntil: string | null; address: string };
  holders: Party[];
}

/** formData of the mortgage registration (1.011543). */
export interface MortgageForm {
  certificateSerial: string;
  mortgagee: { name: string; taxCode: string };
  securedAmountVnd: number;
  contractNumber: string;
  contractDate: string;
}

/** formData of the mortgage release. */
export interface MortgageReleaseForm {
  certificateSerial: string;
  contractNumber: string;
}

/** formData of the re-issue of a lost certificate. */
export interface ReissueForm {
  certificateSerial: string;
  lossReportedAt: string;
  lossNoticeRef: string;
}

/** A parsed form, or the problems that kept it from parsing. */
export type Parsed<T> = { form: T; issues: [] } | { form: null; issues: FormIssue[] };

const REQUIRED = 'Không được để trống / Required';

/** Reads untrusted JSON field by field, collecting every problem with its path. */
class FormReader {
  readonly issues: FormIssue[] = [];
  readonly today: string;

  constructor(now: Date) {
    this.today = vietnamLocalDate(now);
  }

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  result<T>(form: () => T): Parsed<T> {
    return this.issues.length ? { form: null, issues: this.issues } : { form: form(), issues: [] };
  }

  object(path: string, v: unknown): Record<string, unknown> | null {
    if (v == null) {
      this.add(path, REQUIRED);
      return null;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.add(path, 'Phải là một đối tượng / Must be an object');
      return null;
    }
    return v as Record<string, unknown>;
  }

  list(path: string, v: unknown, min: number, max: number): unknown[] | null {
    if (v == null) {
      this.add(path, REQUIRED);
      return null;
    }
    if (!Array.isArray(v)) {
      this.add(path, 'Phải là một danh sách / Must be a list');
      return null;
    }
    if (v.length < min) this.add(path, `Cần ít nhất ${min} mục / At least ${min} required`);
    if (v.length > max) this.add(path, `Tối đa ${max} mục / At most ${max} allowed`);
    return v.length > max ? null : v;
  }

  text(path: string, v: unknown, max: number, required = true): string | null {
    if (v == null || (typeof v === 'string' && !v.trim())) {
      if (required) this.add(path, REQUIRED);
      return null;
    }
    if (typeof v !== 'string') {
      this.add(path, 'Phải là chuỗi ký tự / Must be text');
      return null;
    }
    const s = v.trim().replace(/\s+/g, ' ').normalize('NFC');
    if (s.length > max) this.add(path, `Tối đa ${max} ký tự / At most ${max} characters (got ${s.length})`);
    if (/[\u0000-\u001f]/.test(s)) this.add(path, 'Chứa ký tự điều khiển / Contains control characters');
    return s;
  }

  int(path: string, v: unknown, min: number, max: number): number | null {
    if (v == null) {
      this.add(path, REQUIRED);
      return null;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.add(path, 'Phải là số nguyên / Must be a whole number');
      return null;
    }
    if (v < min || v > max) {
      this.add(path, `Phải từ ${min} đến ${max} / Must be between ${min} and ${max}`);
      return null;
    }
    return v;
  }

  /** A whole amount of VND, positive and below {@link MAX_AMOUNT_VND}. */
  amount(path: string, v: unknown): number | null {
    if (v == null) {
      this.add(path, REQUIRED);
      return null;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v)) {
      this.add(path, 'Số tiền phải là số nguyên đồng / The amount must be a whole number of VND');
      return null;
    }
    if (v <= 0) {
      this.add(path, 'Số tiền phải lớn hơn 0 / The amount must be positive');
      return null;
    }
    if (v >= MAX_AMOUNT_VND) {
      this.add(path, 'Số tiền không hợp lý (từ 100.000 tỷ đồng trở lên) / The amount is implausible (100,000 billion VND or more)');
      return null;
    }
    return v;
  }

  area(path: string, v: unknown): number | null {
    if (v == null) {
      this.add(path, REQUIRED);
      return null;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, 'Diện tích phải là số / The area must be a number');
      return null;
    }
    if (v <= 0) {
      this.add(path, 'Diện tích phải lớn hơn 0 / The area must be positive');
      return null;
    }
    if (v >= MAX_PARCEL_AREA_M2) {
      this.add(path, 'Diện tích không hợp lý (từ 10.000 ha trở lên) / The area is implausible (10,000 ha or more)');
      return null;
    }
    // Cadastral maps give areas to 0.1 m²; more digits mean a unit mix-up (ha, km²).
    if (Math.abs(Math.round(v * 10) - v * 10) > 1e-6) {
      this.add(path, 'Diện tích chỉ lấy đến 1 chữ số thập phân / The area has at most one decimal');
      return null;
    }
    return Math.round(v * 10) / 10;
  }

  /** A calendar date `YYYY-MM-DD`, optionally not after today (Vietnam) and not before `notBefore`. */
  date(path: string, v: unknown, opts: { notAfterToday?: boolean; afterToday?: boolean; notBefore?: string } = {}): string | null {
    const s = this.text(path, v, 30);
    if (s == null) return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.toISOString().slice(0, 10) !== s) {
      this.add(path, 'Ngày không hợp lệ, định dạng YYYY-MM-DD / Invalid date, expected YYYY-MM-DD');
      return null;
    }
    if (opts.notAfterToday && s > this.today) {
      this.add(path, 'Ngày không được sau ngày hôm nay / The date cannot be in the future');
      return null;
    }
    if (opts.afterToday && s <= this.today) {
      this.add(path, 'Ngày phải sau ngày hôm nay / The date must be in the future');
      return null;
    }
    if (opts.notBefore && s < opts.notBefore) {
      this.add(path, `Ngày không được trước ${opts.notBefore} / The date cannot be before ${opts.notBefore}`);
      return null;
    }
    return s;
  }

  serial(path: string, v: unknown): string | null {
    const s = this.text(path, v, 20);
    if (s == null) return null;
    const serial = normalizeSerial(s);
    if (!serial) this.add(path, 'Số phát hành gồm 2 chữ cái và 6 chữ số, ví dụ DE 000123 / A serial is 2 letters and 6 digits, e.g. DE 000123');
    return serial;
  }

  parcelKey(path: string, v: unknown): ParcelKey | null {
    const o = this.object(path, v);
    if (!o) return null;
    const communeCode = this.text(`${path}.communeCode`, o.communeCode, 10);
    if (communeCode && !/^\d{5}$/.test(communeCode)) this.add(`${path}.communeCode`, 'Mã xã, phường gồm 5 chữ số / A commune code has 5 digits');
    const mapSheet = this.int(`${path}.mapSheet`, o.mapSheet, 1, 99_999);
    const parcelNumber = this.int(`${path}.parcelNumber`, o.parcelNumber, 1, 999_999);
    return communeCode && mapSheet && parcelNumber ? { communeCode, mapSheet, parcelNumber } : null;
  }

  party(path: string, v: unknown, opts: { share?: boolean } = {}): Party | null {
    const o = this.object(path, v);
    if (!o) return null;
    const kind = o.kind === ApplicantKind.PERSON || o.kind === ApplicantKind.ORGANIZATION ? (o.kind as ApplicantKind) : null;
    if (!kind) this.add(`${path}.kind`, 'Phải là PERSON hoặc ORGANIZATION / Must be PERSON or ORGANIZATION');
    const name = this.text(`${path}.name`, o.name, 200);
    const idNumber = this.text(`${path}.idNumber`, o.idNumber, 20);
    if (idNumber && kind) {
      const problem = kind === ApplicantKind.PERSON ? citizenIdProblem(idNumber) : taxCodeProblem(idNumber);
      if (problem) this.add(`${path}.idNumber`, problem);
    }
    const address = this.text(`${path}.address`, o.address, 500, false);
    const shareNote = opts.share ? this.text(`${path}.shareNote`, o.shareNote, 200, false) : null;
    return kind && name && idNumber ? { kind, name, idNumber, address, shareNote } : null;
  }

  parties(path: string, v: unknown, opts: { share?: boolean } = {}): Party[] {
    const list = this.list(path, v, 1, MAX_PARTIES) ?? [];
    const parties = list.map((p, i) => this.party(`${path}[${i}]`, p, opts));
    const seen = new Set<string>();
    parties.forEach((p, i) => {
      if (!p) return;
      if (seen.has(p.idNumber)) this.add(`${path}[${i}].idNumber`, 'Bị kê khai trùng / Listed twice');
      seen.add(p.idNumber);
    });
    return parties.filter((p): p is Party => !!p);
  }
}

/** Parses and checks the transfer form (shape, identity numbers, price, kinship). */
export function parseTransferForm(raw: Record<string, unknown>, now: Date): Parsed<TransferForm> {
  const r = new FormReader(now);
  const list = r.list('parcels', raw.parcels, 1, MAX_PARCELS_PER_DOSSIER) ?? [];
  const keys = list.map((p, i) => r.parcelKey(`parcels[${i}]`, p));
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (!k) return;
    if (seen.has(parcelKeyString(k))) r.add(`parcels[${i}]`, 'Thửa đất bị kê khai trùng / Parcel listed twice');
    seen.add(parcelKeyString(k));
  });
  const certificateSerial = r.serial('certificateSerial', raw.certificateSerial);
  const transferors = r.parties('transferors', raw.transferors);
  const transferees = r.parties('transferees', raw.transferees, { share: true });
  const sellers = new Set(transferors.map((p) => p.idNumber));
  transferees.forEach((p, i) => {
    if (sellers.has(p.idNumber)) r.add(`transferees[${i}].idNumber`, 'Bên nhận chuyển nhượng không thể đồng thời là bên chuyển nhượng / A transferee cannot also be a transferor');
  });
  const declaredPriceVnd = r.amount('declaredPriceVnd', raw.declaredPriceVnd);
  let relationship: TransferRelationship = 'NONE';
  if (raw.relationship != null) {
    if (RELATIONSHIPS.includes(raw.relationship as TransferRelationship)) relationship = raw.relationship as TransferRelationship;
    else r.add('relationship', `Phải là một trong ${RELATIONSHIPS.join(', ')} / Must be one of ${RELATIONSHIPS.join(', ')}`);
  }
  let transferKind: TransferKind = 'TRANSFER';
  if (raw.transferKind != null) {
    if (TRANSFER_KINDS.includes(raw.transferKind as TransferKind)) transferKind = raw.transferKind as TransferKind;
    else r.add('transferKind', `Phải là một trong ${TRANSFER_KINDS.join(', ')} / Must be one of ${TRANSFER_KINDS.join(', ')}`);
  }
  // Kinship exemptions (Law on PIT art. 4) exist between individuals only.
  if (relationship !== 'NONE' && [...transferors, ...transferees].some((p) => p.kind !== ApplicantKind.PERSON)) {
    r.add('relationship', 'Quan hệ gia đình chỉ áp dụng giữa các cá nhân / A family relationship applies between individuals only');
  }
  return r.result(() => ({
    parcels: keys as ParcelKey[],
    certificateSerial: certificateSerial!,
    transferors,
    transferees,
    declaredPriceVnd: declaredPriceVnd!,
    relationship,
    transferKind,
  }));
}

/** Parses and checks the first-registration form (parcel facts, holders). */
export function parseFirstRegistrationForm(raw: Record<string, unknown>, now: Date): Parsed<FirstRegistrationForm> {
  const r = new FormReader(now);
  const p = r.object('parcel', raw.parcel);
  let parcel: FirstRegistrationForm['parcel'] | null = null;
  if (p) {
    const key = r.parcelKey('parcel', p);
    const areaM2 = r.area('parcel.areaM2', p.areaM2);
    const purposeCode = r.text('parcel.purposeCode', p.purposeCode, 10);
    if (purposeCode && !LAND_USE_CODES.has(purposeCode)) r.add('parcel.purposeCode', `Mã mục đích sử dụng đất không hợp lệ: ${purposeCode} / Unknown land-use purpose code`);
    const useUntil = p.useTerm == null || p.useTerm === LONG_TERM ? null : r.date('parcel.useTerm', p.useTerm, { afterToday: true });
    const address = r.text('parcel.address', p.address, 500);
    if (key && areaM2 && purposeCode && address) parcel = { ...key, areaM2, purposeCode, useUntil, address };
  }
  const holders = r.parties('holders', raw.holders, { share: true });
  return r.result(() => ({ parcel: parcel!, holders }));
}

/** Parses and checks the mortgage form (bank tax code, amount, contract). */
export function parseMortgageForm(raw: Record<string, unknown>, now: Date): Parsed<MortgageForm> {
  const r = new FormReader(now);
  const certificateSerial = r.serial('certificateSerial', raw.certificateSerial);
  const m = r.object('mortgagee', raw.mortgagee);
  const name = m ? r.text('mortgagee.name', m.name, 200) : null;
  const taxCode = m ? r.text('mortgagee.taxCode', m.taxCode, 20) : null;
  if (taxCode && taxCodeProblem(taxCode)) r.add('mortgagee.taxCode', taxCodeProblem(taxCode)!);
  const securedAmountVnd = r.amount('securedAmountVnd', raw.securedAmountVnd);
  const contractNumber = r.text('contractNumber', raw.contractNumber, 100);
  const contractDate = r.date('contractDate', raw.contractDate, { notAfterToday: true, notBefore: '1993-10-15' });
  return r.result(() => ({ certificateSerial: certificateSerial!, mortgagee: { name: name!, taxCode: taxCode! }, securedAmountVnd: securedAmountVnd!, contractNumber: contractNumber!, contractDate: contractDate! }));
}

/** Parses and checks the release form. */
export function parseMortgageReleaseForm(raw: Record<string, unknown>, now: Date): Parsed<MortgageReleaseForm> {
  const r = new FormReader(now);
  const certificateSerial = r.serial('certificateSerial', raw.certificateSerial);
  const contractNumber = r.text('contractNumber', raw.contractNumber, 100);
  return r.result(() => ({ certificateSerial: certificateSerial!, contractNumber: contractNumber! }));
}

/** Parses and checks the re-issue form (loss date not in the future). */
export function parseReissueForm(raw: Record<string, unknown>, now: Date): Parsed<ReissueForm> {
  const r = new FormReader(now);
  const certificateSerial = r.serial('certificateSerial', raw.certificateSerial);
  const lossReportedAt = r.date('lossReportedAt', raw.lossReportedAt, { notAfterToday: true });
  const lossNoticeRef = r.text('lossNoticeRef', raw.lossNoticeRef, 200);
  return r.result(() => ({ certificateSerial: certificateSerial!, lossReportedAt: lossReportedAt!, lossNoticeRef: lossNoticeRef! }));
}

/** Names compared as people read them: case, spacing and Unicode composition do not matter. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  return norm(a) === norm(b);
}

/** Form data as a record, or null when absent or not an object. */
export function formOf(data: unknown): Record<string, unknown> | null {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}
