/**
 * How certificate numbers are written: the yearly series, the serial and the register's book
 * entry. Pure; `services/certificate-numbers.service.ts` allocates the numbers.
 */

/**
 * Letters used in certificate series. Blanks are printed with Vietnamese capital letters only, so
 * F, J, W and Z (absent from the Vietnamese alphabet) never appear.
 */
const SERIES_LETTERS = 'ABCDEGHIKLMNOPQRSTUVXY';

/**
 * The two-letter series of the certificates issued in a year: the year's blanks form one series,
 * counted on from `CA` in 2000 so that 2016 gives `CS` and 2026 `DE`. OneDoor allocates the
 * number inside the series in the order of approval (real blanks come numbered from the
 * ministry's printing house; the office then records the blank it used).
 */
export function serialSeries(year: number): string {
  if (!Number.isInteger(year) || year < 2000 || year >= 2000 + SERIES_LETTERS.length * (SERIES_LETTERS.length - 2)) {
    throw new RangeError(`No certificate series for year ${year}`);
  }
  const n = year - 2000;
  return SERIES_LETTERS[2 + Math.floor(n / SERIES_LETTERS.length)] + SERIES_LETTERS[n % SERIES_LETTERS.length];
}

/** `DE 000123`: the series, a space and six digits. */
export function formatSerial(series: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999) throw new RangeError(`Serial number ${n} out of range`);
  return `${series} ${String(n).padStart(6, '0')}`;
}

const SERIAL = /^([A-Z]{2})\s*(\d{6})$/;

/**
 * A serial as typed by a person (`de000123`, `DE  000123`) in its printed form, or null when it
 * cannot be one.
 */
export function normalizeSerial(s: string): string | null {
  const m = SERIAL.exec(s.trim().toUpperCase());
  return m ? `${m[1]} ${m[2]}` : null;
}

/**
 * Số vào sổ cấp Giấy chứng nhận: `CS` for certificates issued by a provincial-level office (`CH`
 * for those the former district committees issued to households and individuals) followed by at
 * least five digits, as in the register of certificates.
 */
export function formatBookEntry(n: number, prefix: 'CS' | 'CH' = 'CS'): string {
  return `${prefix}${String(n).padStart(5, '0')}`;
}
