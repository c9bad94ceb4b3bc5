import { formatBookEntry, formatSerial, normalizeSerial, serialSeries } from '../rules/certificate-serials';

describe('certificate serials', () => {
  it('gives each year its own two-letter series without F, J, W or Z', () => {
    expect(serialSeries(2000)).toBe('CA');
    expect(serialSeries(2016)).toBe('CS');
    expect(serialSeries(2021)).toBe('CY');
    expect(serialSeries(2022)).toBe('DA');
    expect(serialSeries(2026)).toBe('DE');
    const all = Array.from({ length: 100 }, (_, i) => serialSeries(2000 + i));
    expect(new Set(all).size).toBe(100);
    expect(all.join('')).not.toMatch(/[FJWZ]/);
    expect(() => serialSeries(1999)).toThrow(RangeError);
  });

  it('prints six digits after the series and refuses numbers that do not fit', () => {
    expect(formatSerial('DE', 1)).toBe('DE 000001');
    expect(formatSerial('DE', 999_999)).toBe('DE 999999');
    expect(() => formatSerial('DE', 0)).toThrow(RangeError);
    expect(() => formatSerial('DE', 1_000_000)).toThrow(RangeError);
  });

  it('reads serials as people type them', () => {
    expect(normalizeSerial('de000123')).toBe('DE 000123');
    expect(normalizeSerial('  DE   000123 ')).toBe('DE 000123');
    expect(normalizeSerial('DE 00012')).toBeNull();
    expect(normalizeSerial('D1 000123')).toBeNull();
    expect(normalizeSerial('ĐE 000123')).toBeNull();
  });

  it('numbers book entries CS (province) or CH (former districts) with at least five digits', () => {
    expect(formatBookEntry(1234)).toBe('CS01234');
    expect(formatBookEntry(123456)).toBe('CS123456');
    expect(formatBookEntry(7, 'CH')).toBe('CH00007');
  });
});
