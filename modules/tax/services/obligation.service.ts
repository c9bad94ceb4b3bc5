import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import {
  Agency, ErrorResult, type FormIssue, type HookDossier, isUuid, latestDossierRecord, type PayableItem,
  type VerifiedPayment, vietnamLocalDate, type WorkingCalendar,
} from '../../../src/kernel';
import { CadastralDataMissing, LandPriceNotFound, NoAssessedObligations, TaxNoticeAlreadyIssued } from '../api/tax-errors.output';
import { TaxLandPrice } from '../entities/tax-land-price.entity';
import { NoticeStatus, TaxNotice } from '../entities/tax-notice.entity';
import { ObligationStatus, TaxObligation } from '../entities/tax-obligation.entity';
import { PaymentMethod, TaxPayment } from '../entities/tax-payment.entity';
import { Taxpayer } from '../entities/taxpayer.entity';
import { LAND_TRANSFER_DECLARATION, TAX_NOTICE_NOTATIONS } from '../procedures';
import { OBLIGATION_KINDS, ObligationKind, paymentTermFor } from '../rules/rates';
import { assessLandTransfer, CADASTRAL_RECORD_KIND, LandPriceEntry, landPriceKey, parseCadastralData, TransferParty } from '../rules/land-transfer-assessment';
import { nextCounter } from './tax-code.service';

/** What `updateDossier`'s work returns: issues roll back, otherwise note and data go into the history. */
export type WorkOutcome = { issues?: FormIssue[]; note?: string | null; data?: Record<string, unknown> } | ErrorResult;

/** Notice statuses that still call for money. */
export const UNPAID_NOTICE = [NoticeStatus.NOTIFIED, NoticeStatus.OVERDUE];

/** `12/TB-TLĐ`. */
export function noticeNumber(n: { number: number; notation: string }): string {
  return `${String(n.number).padStart(2, '0')}/${n.notation}`;
}

// Names only: the note reaches callers who may not see identity numbers (analysts, former holders).
const partyLabel = (p: TransferParty) => p.name;

/**
 * Prices of the land price table in force on `date` for the given commune/purpose pairs; the
 * newest period wins when two overlap.
 */
async function landPricesOn(em: EntityManager, keys: { communeCode: string; purposeCode: string }[], date: string): Promise<Map<string, LandPriceEntry>> {
  if (!keys.length) return new Map();
  const rows = await em.find(
    TaxLandPrice,
    {
      $or: keys.map((k) => ({ communeCode: k.communeCode, purposeCode: k.purposeCode })),
      validFrom: { $lte: date },
      $and: [{ $or: [{ validTo: null }, { validTo: { $gte: date } }] }],
    },
    { orderBy: { validFrom: 'asc' } },
  );
  const out = new Map<string, LandPriceEntry>();
  for (const r of rows) out.set(landPriceKey(r.communeCode, r.purposeCode), { communeCode: r.communeCode, purposeCode: r.purposeCode, pricePerM2Vnd: r.pricePerM2Vnd, legalBasis: r.legalBasis, demo: r.demo });
  return out;
}

/**
 * Assesses the obligations of a land transfer dossier from the land office's cadastral data
 * sheet (or, for a declaration filed directly with tax, from the dossier's own form) and stores
 * them as ASSESSED, cancelling earlier assessments not yet notified. Runs inside
 * `updateDossier`'s transaction: an error result or issues roll everything back.
 */
export async function storeLandTransferAssessment(
  tx: EntityManager,
  dossier: HookDossier,
  opts: { correctedDeclaredPriceVnd: number | null; correctionNote: string | null; actorName: string; now: Date },
): Promise<WorkOutcome> {
  const record = await latestDossierRecord(tx, dossier.id, CADASTRAL_RECORD_KIND);
  const raw = record?.data ?? (dossier.procedureCode === LAND_TRANSFER_DECLARATION ? dossier.formData : null);
  if (!raw) return CadastralDataMissing.of(dossier.id);
  const parsed = parseCadastralData(raw, record ? 'cadastralData' : 'formData');
  if (!parsed.data) return { issues: parsed.issues };
  const data = parsed.data;

  const issued = await tx.findOne(TaxNotice, { dossier: dossier.id, status: { $ne: NoticeStatus.CANCELLED } }, { orderBy: { issuedAt: 'desc' } });
  if (issued) return TaxNoticeAlreadyIssued.of(noticeNumber(issued));

  const date = vietnamLocalDate(opts.now);
  const prices = await landPricesOn(tx, data.parcels, date);
  const declared = opts.correctedDeclaredPriceVnd ?? data.declaredPriceVnd;
  const outcome = assessLandTransfer({ data, declaredPriceVnd: declared, prices, date });
  if (!outcome.ok) {
    if (outcome.missingPrices.length) return LandPriceNotFound.of(outcome.missingPrices[0].communeCode, outcome.missingPrices[0].purposeCode, date);
    return { issues: outcome.issues };
  }

  const earlier = await tx.find(TaxObligation, { dossier: dossier.id, status: ObligationStatus.ASSESSED });
  for (const o of earlier) o.status = ObligationStatus.CANCELLED;
  const payerIds = [...new Set(outcome.obligations.map((o) => o.payer.idNumber))];
  const taxpayers = payerIds.length ? await tx.find(Taxpayer, { taxCode: { $in: payerIds } }) : [];
  const valuation = { officialValueVnd: outcome.officialValueVnd, declaredPriceVnd: declared, parcels: outcome.parcels, certificateSerial: data.certificateSerial, relationship: data.relationship, transferKind: data.transferKind };
  const created = outcome.obligations.map((o) =>
    tx.create(TaxObligation, {
      dossier: dossier.id,
      taxpayer: taxpayers.find((t) => t.taxCode === o.payer.idNumber) ?? null,
      payerName: o.payer.name,
      payerIdNumber: o.payer.idNumber,
      kind: o.kind,
      baseAmountVnd: o.baseAmountVnd,
      rate: o.rate,
      amountVnd: o.amountVnd,
      exemptionCode: o.exemption?.code ?? null,
      exemptionLegalBasis: o.exemption?.legalBasis ?? null,
      legalBasis: o.legalBasis,
      details: { ...valuation, coPayers: o.coPayers.map((p) => ({ name: p.name })) },
      note: o.coPayers.length ? `Cùng nộp / Jointly with: ${o.coPayers.map(partyLabel).join('; ')}` : null,
      assessedAt: opts.now,
      assessedByName: opts.actorName,
    }),
  );
  await tx.flush();
  const corrected = opts.correctedDeclaredPriceVnd !== null && opts.correctedDeclaredPriceVnd !== data.declaredPriceVnd;
  return {
    note: corrected ? opts.correctionNote : [...outcome.remarks].join('; ') || null,
    data: {
      declaredPriceVnd: data.declaredPriceVnd,
      ...(corrected ? { correctedDeclaredPriceVnd: opts.correctedDeclaredPriceVnd, correctionNote: opts.correctionNote } : {}),
      officialValueVnd: outcome.officialValueVnd,
      obligations: created.map((o) => ({ id: o.id, kind: o.kind, baseAmountVnd: o.baseAmountVnd, rate: o.rate, amountVnd: o.amountVnd, exemptionCode: o.exemptionCode ?? null })),
      totalVnd: created.reduce((s, o) => s + o.amountVnd, 0),
      cancelledObligations: earlier.length,
    },
  };
}

/**
 * Turns the dossier's assessed obligations into one notice to pay, numbered from the agency's
 * counter for the year, due after the statutory term. Exempt obligations go on it too (the
 * notice shows the exemption), but a notice with nothing to pay is not issued.
 */
export async function issueNoticeForDossier(tx: EntityManager, dossier: HookDossier, opts: { actorName: string; now: Date; calendar: WorkingCalendar }): Promise<WorkOutcome> {
  const obligations = await tx.find(TaxObligation, { dossier: dossier.id, status: ObligationStatus.ASSESSED }, { orderBy: { kind: 'asc' } });
  if (!obligations.length) return NoAssessedObligations.of();
  const amountVnd = obligations.reduce((s, o) => s + o.amountVnd, 0);
  if (amountVnd === 0) {
    return { issues: [{ field: 'dossierId', message: 'Các nghĩa vụ đều được miễn, không phải ban hành thông báo nộp tiền; chuyển hồ sơ về cơ quan đất đai / Every obligation is exempt: no notice to pay' }] };
  }
  const agency = await tx.findOneOrFail(Agency, { code: dossier.holdingAgencyCode });
  const notation = TAX_NOTICE_NOTATIONS[agency.code];
  if (!notation) return { issues: [{ field: 'dossierId', message: `Cơ quan ${agency.code} không ban hành thông báo nộp thuế / ${agency.code} issues no tax notices` }] };
  const year = Number(vietnamLocalDate(opts.now).slice(0, 4));
  const number = await nextCounter(tx, agency.id, year, 'NOTICE');
  const term = paymentTermFor(obligations.map((o) => o.kind as ObligationKind));
  const dueAt = opts.calendar.dueDate(opts.now, { amount: term.amount, unit: term.unit });
  const payer = obligations.find((o) => o.amountVnd > 0)!;
  const notice = tx.create(TaxNotice, {
    agency,
    year,
    number,
    notation,
    dossier: dossier.id,
    payerName: payer.payerName,
    amountVnd,
    issuedAt: opts.now,
    issuedByName: opts.actorName,
    dueAt,
    dueLegalBasis: term.legalBasis,
  });
  for (const o of obligations) {
    o.status = ObligationStatus.NOTIFIED;
    o.notice = notice;
    o.dueAt = dueAt;
  }
  await tx.flush();
  return {
    note: `Thông báo nộp tiền số ${noticeNumber(notice)}`,
    data: { noticeId: notice.id, noticeNumber: noticeNumber(notice), amountVnd, dueAt, obligationIds: obligations.map((o) => o.id) },
  };
}

/** Paid so far on each notice. */
async function paidByNotice(em: EntityManager, noticeIds: string[]): Promise<Map<string, number>> {
  const payments = noticeIds.length ? await em.find(TaxPayment, { notice: { $in: noticeIds } }) : [];
  const paid = new Map<string, number>();
  for (const p of payments) paid.set(p.notice.id, (paid.get(p.notice.id) ?? 0) + p.amountVnd);
  return paid;
}

async function settle(em: EntityManager, notices: TaxNotice[], now: Date): Promise<void> {
  for (const n of notices) {
    n.status = NoticeStatus.PAID;
    n.paidAt = now;
  }
  const obligations = await em.find(TaxObligation, { notice: { $in: notices.map((n) => n.id) } });
  for (const o of obligations) o.status = ObligationStatus.PAID;
}

/**
 * Records an online payment the gateway confirmed for the notices it covered: the order's items
 * that belong to the tax module, each a tax notice of this dossier still unpaid (another
 * dossier's, or one already paid — a replay — refuses the payment), each paid exactly its
 * outstanding amount. Then notices and obligations are PAID.
 */
export async function recordOnlinePayment(em: EntityManager, dossierId: string, payment: VerifiedPayment, now: Date): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> }> {
  const mine = payment.items.filter((i) => i.module === 'tax');
  const ids = [...new Set(mine.map((i) => i.ref))].filter(isUuid);
  const notices = ids.length === mine.length && ids.length
    ? await em.find(TaxNotice, { id: { $in: ids }, dossier: dossierId, status: { $in: UNPAID_NOTICE } }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    : [];
  if (!notices.length || notices.length !== mine.length) {
    return { issues: [{ field: 'payment.items', message: 'Khoản thanh toán không khớp thông báo nộp thuế còn hiệu lực của hồ sơ / The payment does not match the dossier’s unpaid notices' }] };
  }
  const paid = await paidByNotice(em, notices.map((n) => n.id));
  const due = notices.map((n) => ({ n, remaining: n.amountVnd - (paid.get(n.id) ?? 0) }));
  const wrong = due.find((d) => mine.find((i) => i.ref === d.n.id)!.amountVnd !== d.remaining);
  if (wrong) {
    const got = mine.find((i) => i.ref === wrong.n.id)!.amountVnd;
    return { issues: [{ field: 'payment.items', message: `Số tiền đã nộp ${got} đồng khác số phải nộp ${wrong.remaining} đồng / Paid ${got}, due ${wrong.remaining}` }] };
  }
  const reference = `${payment.txnRef}/${payment.gatewayTransactionNo}`;
  for (const d of due) em.create(TaxPayment, { notice: d.n, amountVnd: d.remaining, paidAt: now, method: PaymentMethod.ONLINE, reference, recordedByName: 'Cổng thanh toán trực tuyến' });
  await settle(em, notices, now);
  await em.flush();
  return { data: { taxNoticesPaid: notices.map((n) => noticeNumber(n)), taxPaymentReference: reference } };
}

/** The receipt number (biên lai) an officer writes in the note of a counter payment. */
export function receiptNumberIn(note: string | null): string | null {
  const m = /(?:biên\s*lai|BL|receipt)\s*(?:số|no\.?|#)?\s*:?\s*([A-Za-z0-9][A-Za-z0-9/.-]{2,})/iu.exec(note ?? '');
  return m ? m[1] : null;
}

/** Records a counter payment of every unpaid notice of the dossier, against the receipt number. */
export async function recordCounterPayment(em: EntityManager, dossierId: string, note: string | null, actorName: string, now: Date): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> }> {
  const receipt = receiptNumberIn(note);
  if (!receipt) {
    return { issues: [{ field: 'note', message: 'Cần ghi số biên lai thu tiền trong ghi chú, ví dụ "Biên lai số 0012345" / The note must carry the receipt number, e.g. "Biên lai số 0012345"' }] };
  }
  const notices = await em.find(TaxNotice, { dossier: dossierId, status: { $in: UNPAID_NOTICE } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!notices.length) return { issues: [{ field: 'dossierId', message: 'Chưa có thông báo nộp thuế / No tax notice to pay on this dossier' }] };
  const paid = await paidByNotice(em, notices.map((n) => n.id));
  for (const n of notices) {
    const remaining = n.amountVnd - (paid.get(n.id) ?? 0);
    if (remaining > 0) em.create(TaxPayment, { notice: n, amountVnd: remaining, paidAt: now, method: PaymentMethod.COUNTER, reference: receipt, recordedByName: actorName });
  }
  await settle(em, notices, now);
  await em.flush();
  return { data: { taxNoticesPaid: notices.map((n) => noticeNumber(n)), receiptNumber: receipt } };
}

/** What is payable now on a dossier: its unpaid notices, for the kernel's payment order. */
export async function payableNotices(em: EntityManager, dossierId: string): Promise<PayableItem[]> {
  const notices = await em.find(TaxNotice, { dossier: dossierId, status: { $in: UNPAID_NOTICE } }, { orderBy: { issuedAt: 'asc' } });
  if (!notices.length) return [];
  const paid = await paidByNotice(em, notices.map((n) => n.id));
  return notices
    .map((n) => ({ ref: n.id, label: `Thông báo nộp thuế số ${noticeNumber(n)}`, amountVnd: n.amountVnd - (paid.get(n.id) ?? 0) }))
    .filter((i) => i.amountVnd > 0);
}

/**
 * Why a dossier may not go back to the land office yet, or null: something must have been
 * assessed, and everything assessed must be paid or exempt.
 */
export async function financialObligationsProblem(em: EntityManager, dossierId: string): Promise<string | null> {
  const obligations = await em.find(TaxObligation, { dossier: dossierId, status: { $ne: ObligationStatus.CANCELLED } });
  if (!obligations.length) return 'Chưa xác định nghĩa vụ tài chính / No obligation has been assessed yet';
  const open = obligations.filter((o) => o.status !== ObligationStatus.PAID && o.amountVnd > 0);
  if (open.length) {
    const names = [...new Set(open.map((o) => OBLIGATION_KINDS[o.kind as ObligationKind]?.name ?? o.kind))];
    return `Người nộp thuế chưa hoàn thành nghĩa vụ tài chính (${names.join('; ')}) / The taxpayer has not settled the obligations`;
  }
  return null;
}
