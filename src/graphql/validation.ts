import { isUuid } from '../db/ids';
import { FieldError } from './errors';

/** Collects field errors; mutations return them all at once as `ValidationFailed`. */
export class Issues {
  readonly list: FieldError[] = [];

  add(field: string, message: string): void {
    this.list.push(Object.assign(new FieldError(), { field, message }));
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  /** Checks a required, trimmed string with a length limit; returns the trimmed value. */
  text(field: string, value: string | null | undefined, max: number, required = true): string | null {
    const v = value?.trim() ?? '';
    if (!v) {
      if (required) this.add(field, 'Không được để trống / Required');
      return null;
    }
    if (v.length > max) this.add(field, `Tối đa ${max} ký tự / At most ${max} characters (got ${v.length})`);
    // Control characters have no place in names and notes; they break forms and exports.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) this.add(field, 'Chứa ký tự điều khiển / Contains control characters');
    return v.normalize('NFC');
  }

  uuid(field: string, value: string): boolean {
    if (!isUuid(value)) {
      this.add(field, 'Mã định danh không hợp lệ / Malformed id');
      return false;
    }
    return true;
  }
}

/** Province codes of the citizen identity number (CCCD), Circular 07/2016/TT-BCA and its amendments. */
const CCCD_PROVINCE_CODES = new Set(
  '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'.split(' '),
);

/**
 * Checks a 12-digit CCCD: province code, gender-and-century digit and birth year, which must
 * not lie in the future. Returns a reason, or null when valid.
 */
export function citizenIdProblem(n: string, now = new Date()): string | null {
  if (!/^\d{12}$/.test(n)) return 'Số định danh cá nhân phải gồm 12 chữ số / A citizen identity number has 12 digits';
  if (!CCCD_PROVINCE_CODES.has(n.slice(0, 3))) return 'Mã tỉnh nơi đăng ký khai sinh không hợp lệ / Unknown province code';
  const century = 1900 + Math.floor(Number(n[3]) / 2) * 100;
  const year = century + Number(n.slice(4, 6));
  if (year > now.getUTCFullYear()) return 'Năm sinh không hợp lệ / Birth year lies in the future';
  return null;
}

/**
 * Checks an organisation's tax code: 10 digits whose last is the check digit
 * (10 − Σ wᵢ·dᵢ mod 11 with weights 31, 29, 23, 19, 17, 13, 7, 5, 3), optionally followed by a
 * branch suffix `-NNN` (13 digits in all).
 */
/** The check digit of a tax code's first 9 digits; 10 means no valid code has them. */
export function taxCheckDigit(nine: string): number {
  const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  return 10 - (weights.reduce((s, w, i) => s + w * Number(nine[i]), 0) % 11);
}

export function taxCodeProblem(code: string): string | null {
  const m = /^(\d{10})(?:-(\d{3}))?$/.exec(code);
  if (!m) return 'Mã số thuế gồm 10 chữ số, hoặc 10 chữ số và "-NNN" cho đơn vị phụ thuộc / A tax code has 10 digits, or 13 with a branch suffix -NNN';
  const check = taxCheckDigit(m[1]);
  if (check === 10 || check !== Number(m[1][9])) return 'Mã số thuế sai chữ số kiểm tra / Tax code check digit does not match';
  if (m[2] === '000') return 'Mã đơn vị phụ thuộc không được là 000 / Branch suffix cannot be 000';
  return null;
}

export function emailProblem(e: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(e) && e.length <= 254 ? null : 'Địa chỉ thư điện tử không hợp lệ / Invalid e-mail address';
}

/** Vietnamese mobile and landline numbers, national (0…) or international (+84…) form. */
export function phoneProblem(p: string): string | null {
  return /^(\+84|0)\d{9,10}$/.test(p.replace(/[\s.-]/g, '')) ? null : 'Số điện thoại không hợp lệ / Invalid phone number';
}
