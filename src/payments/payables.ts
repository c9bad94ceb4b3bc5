import { EntityManager } from '@mikro-orm/postgresql';
import type { PayableSources } from '../dossiers/workflow/workflow-rules';
import { ApplicantKind, FeeDefinition, feesFor } from '../procedures/procedure.types';
import type { PaymentItem } from './payment.entity';

/** The owner of the items that are the procedure's own fees and charges (not a module's). */
const PROCEDURE_FEES_OWNER = 'kernel';

/**
 * The procedure's fees and charges (phí, lệ phí, as the catalogue lists them for the applicant's
 * kind, individual or organisation), payable once per dossier while the procedure's agency holds
 * it. Another agency asking for payment during a transfer (tax, for the land transfer) asks for
 * its own obligations, which its module lists. Paid once: a history entry whose payment (written
 * by the RECORD_PAYMENT effect only) already carries these items settles them.
 */
async function procedureFees(em: EntityManager, dossierId: string): Promise<PaymentItem[]> {
  const [row] = await em.getConnection().execute<{ code: string; fees: FeeDefinition[]; applicant_kind: ApplicantKind; settled: boolean }[]>(
    `select p.code, p.fees, d.applicant_kind, exists (select 1 from dossier_history h where h.dossier_id = d.id
         and h.data -> 'payment' -> 'items' @> ?::jsonb) as settled
       from dossier d join procedure p on p.id = d.procedure_id
      where d.id = ? and d.holding_agency_id = p.agency_id`,
    [JSON.stringify([{ module: PROCEDURE_FEES_OWNER }]), dossierId],
    'all',
    em.getTransactionContext(),
  );
  if (!row || row.settled) return [];
  // The reference names the catalogue entry (its position), so a payment can be traced to it.
  return row.fees
    .map((f, i) => ({ f, ref: `${row.code}#${i + 1}` }))
    .filter(({ f }) => feesFor([f], row.applicant_kind).length)
    .map(({ f, ref }) => ({ module: PROCEDURE_FEES_OWNER, ref, label: f.name, amountVnd: f.amountVnd }));
}

/**
 * Everything payable now on a dossier: the procedure's own fees (above) and what each selected
 * module lists (tax notices …). The same list is charged online and recorded at the counter,
 * so the statistics count the same amounts whichever way the applicant pays.
 */
export async function payablesOf(em: EntityManager, modules: PayableSources, dossierId: string): Promise<PaymentItem[]> {
  const items = await procedureFees(em, dossierId);
  for (const m of modules.modules) {
    if (!m.payables) continue;
    for (const it of await m.payables(em, dossierId)) items.push({ module: m.name, ref: it.ref, label: it.label, amountVnd: it.amountVnd });
  }
  return items.filter((i) => i.amountVnd > 0);
}
