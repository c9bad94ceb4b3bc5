import { taxCheckDigit, taxCodeProblem } from '../../../src/kernel';
import { applyRate, exemptionFor, ObligationKind, paymentTermFor, RATE_RULES, rateRule } from '../rules/rates';
import { PeriodKind } from '../entities/tax-declaration.entity';
import { periodEnd } from '../services/declaration.service';
import { receiptNumberIn, noticeNumber } from '../services/obligation.service';
import { taxCodeForSequence } from '../services/tax-code.service';
import { anyTaxCodeProblem } from '../services/taxpayer.service';

describe('rates', () => {
  it('are 2% for PIT on a transfer and 0.5% for the registration fee on land, each with a legal basis', () => {
    expect(rateRule(ObligationKind.PIT_REAL_ESTATE_TRANSFER, '2026-11-23')).toMatchObject({ ratePpm: 20_000 });
    expect(rateRule(ObligationKind.REGISTRATION_FEE_LAND, '2026-11-23')).toMatchObject({ ratePpm: 5_000, capVnd: null });
    expect(rateRule(ObligationKind.REGISTRATION_FEE_LAND, '2022-02-28')).toBeNull(); // before Decree 10/2022 took effect
    for (const r of RATE_RULES) expect(r.legalBasis.length).toBeGreaterThan(20);
  });

  it('round half up to the đồng, exactly even at 10^14', () => {
    expect(applyRate(1_234_567, 5_000)).toBe(6_173); // 6,172.835
    expect(applyRate(1_234_500, 5_000)).toBe(6_173); // 6,172.5
    expect(applyRate(99_999_999_999_999, 20_000)).toBe(2_000_000_000_000); // 1,999,999,999,999.98
  });

  it('exempt by relationship and kind of transaction', () => {
    expect(exemptionFor(ObligationKind.PIT_REAL_ESTATE_TRANSFER, 'SPOUSES', 'TRANSFER')?.code).toBe('TNCN-D4K1');
    expect(exemptionFor(ObligationKind.PIT_REAL_ESTATE_TRANSFER, 'NONE', 'TRANSFER')).toBeNull();
    expect(exemptionFor(ObligationKind.REGISTRATION_FEE_LAND, 'SPOUSES', 'TRANSFER')).toBeNull();
    expect(exemptionFor(ObligationKind.REGISTRATION_FEE_LAND, 'GRANDPARENT_GRANDCHILD', 'INHERITANCE')?.code).toBe('LPTB-D10K4');
  });

  it('give 30 calendar days to pay', () => {
    expect(paymentTermFor([ObligationKind.PIT_REAL_ESTATE_TRANSFER, ObligationKind.REGISTRATION_FEE_LAND])).toMatchObject({ amount: 30, unit: 'CALENDAR_DAYS' });
  });
});

describe('tax codes', () => {
  it('are generated with the check digit, the same for the same sequence number', () => {
    // 5·31 + 8·29 + 9·23 + 1·3 = 597; 597 mod 11 = 3; check digit 10 − 3 = 7.
    expect(taxCodeForSequence(1)).toBe('5890000017');
    // … + 1·5 = 599; mod 11 = 5; check 5.
    expect(taxCodeForSequence(10)).toBe('5890000105');
    // … + 1·5 + 2·3 = 605 = 55·11: no valid check digit, the number is skipped.
    expect(taxCodeForSequence(12)).toBeNull();
    for (let i = 1; i <= 500; i++) {
      const c = taxCodeForSequence(i);
      if (c) expect(taxCodeProblem(c)).toBeNull();
      else expect(taxCheckDigit(`589${String(i).padStart(6, '0')}`)).toBe(10);
    }
  });

  it('are checked by kind: 10 digits, 13 with a branch, 12 for a person', () => {
    expect(anyTaxCodeProblem('5890000017')).toBeNull();
    expect(anyTaxCodeProblem('5890000017-001')).toBeNull();
    expect(anyTaxCodeProblem('5890000018')).toMatch(/check digit/);
    expect(anyTaxCodeProblem('5890000017-000')).toMatch(/000/);
    expect(anyTaxCodeProblem('068085001234')).toBeNull();
    expect(anyTaxCodeProblem('999085001234')).toMatch(/province/);
  });
});

describe('declaration periods', () => {
  it('run from their first day to the last day of the month, quarter or year', () => {
    expect(periodEnd(PeriodKind.MONTH, '2026-02-01')).toEqual({ end: '2026-02-28' });
    expect(periodEnd(PeriodKind.QUARTER, '2026-10-01')).toEqual({ end: '2026-12-31' });
    expect(periodEnd(PeriodKind.YEAR, '2025-01-01')).toEqual({ end: '2025-12-31' });
    expect(periodEnd(PeriodKind.EVENT, '2026-11-20')).toEqual({ end: '2026-11-20' });
    expect(periodEnd(PeriodKind.MONTH, '2026-02-15')).toHaveProperty('problem');
    expect(periodEnd(PeriodKind.QUARTER, '2026-02-01')).toHaveProperty('problem');
    expect(periodEnd(PeriodKind.MONTH, '2026-02-30')).toHaveProperty('problem');
  });
});

describe('notices and receipts', () => {
  it('number as Decree 30/2020 writes them', () => {
    expect(noticeNumber({ number: 7, notation: 'TB-TLĐ' })).toBe('07/TB-TLĐ');
    expect(noticeNumber({ number: 123, notation: 'TB-TLĐ' })).toBe('123/TB-TLĐ');
  });

  it('find the receipt number in an officer’s note', () => {
    expect(receiptNumberIn('Đã thu tiền mặt, biên lai số 0012345')).toBe('0012345');
    expect(receiptNumberIn('BL: AA/26-00731 ngày 20/11')).toBe('AA/26-00731');
    expect(receiptNumberIn('Receipt no. 55123')).toBe('55123');
    expect(receiptNumberIn('đã nộp')).toBeNull();
    expect(receiptNumberIn(null)).toBeNull();
  });
});
