import { EntityManager } from '@mikro-orm/postgresql';
import { formatBookEntry, formatSerial, serialSeries } from '../rules/certificate-serials';

/**
 * The next number of a series, in the caller's transaction: the row lock of the upsert makes
 * concurrent approvals wait for each other, so no number is given twice.
 */
async function nextInSeries(em: EntityManager, series: string): Promise<number> {
  const [row] = await em.execute<{ last: number }[]>(
    'insert into "land_counter" ("series", "last") values (?, 1) on conflict ("series") do update set "last" = "land_counter"."last" + 1 returning "last"',
    [series],
  );
  return Number(row.last);
}

/** Allocates the next certificate serial of the year and the next book entry of the issuing agency. */
export async function allocateCertificateNumbers(em: EntityManager, year: number, agencyCode: string): Promise<{ serial: string; bookEntryNumber: string }> {
  const series = serialSeries(year);
  const serial = formatSerial(series, await nextInSeries(em, `serial:${series}`));
  const bookEntryNumber = formatBookEntry(await nextInSeries(em, `book:${agencyCode}`));
  return { serial, bookEntryNumber };
}
