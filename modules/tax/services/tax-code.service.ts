import { EntityManager } from '@mikro-orm/postgresql';
import { taxCheckDigit } from '../../../src/kernel';

/**
 * Province prefix of tax codes issued in Lâm Đồng (the first two digits, N1N2, of the 10-digit
 * code). `58` is the prefix seen on Lâm Đồng businesses' codes; the merged province's other
 * former prefixes (Đắk Nông 64, Bình Thuận 34) stay on codes already issued. Verify before use.
 */
const TAX_CODE_PROVINCE_PREFIX = '58';

/**
 * The tax code for sequence number `seq` (1-based) of codes OneDoor issues: the province prefix,
 * `9` (a block reserved for OneDoor, so generated codes never meet codes issued before it), six
 * digits of sequence and the check digit. Returns null when those nine digits have no valid check
 * digit (the weighted sum leaves 10); the caller then takes the next number. Deterministic: the
 * same sequence number always gives the same code.
 */
export function taxCodeForSequence(seq: number): string | null {
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new Error(`Tax code sequence ${seq} is out of range`);
  const nine = `${TAX_CODE_PROVINCE_PREFIX}9${String(seq).padStart(6, '0')}`;
  const check = taxCheckDigit(nine);
  return check === 10 ? null : `${nine}${check}`;
}

/**
 * Takes the next number of a counter series in the caller's transaction. The upsert locks the
 * counter row until commit, so concurrent callers get consecutive numbers and a rollback gives
 * its number back.
 */
export async function nextCounter(em: EntityManager, agencyId: string, year: number, series: string): Promise<number> {
  const row = await em.getConnection().execute<{ last: number }>(
    `insert into tax_counter (agency_id, year, series, last) values (?, ?, ?, 1)
     on conflict (agency_id, year, series) do update set last = tax_counter.last + 1 returning last`,
    [agencyId, year, series],
    'get',
    em.getTransactionContext(),
  );
  return row.last;
}

/** A new organisation tax code from the agency's sequence (skipping numbers without a check digit). */
export async function newOrganisationTaxCode(em: EntityManager, agencyId: string): Promise<string> {
  for (;;) {
    const code = taxCodeForSequence(await nextCounter(em, agencyId, 0, 'TAX_CODE'));
    if (code) return code;
  }
}
