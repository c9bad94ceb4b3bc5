import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  agenciesWithRole, AlreadyExists, ErrorResult, inTransaction, Issues, NotAuthorized, Principal, Role,
  TransitionNotAllowed, ValidationFailed, VersionConflict, vietnamLocalDate,
} from '../../../src/kernel';
import { TaxDeclarationNotFound, TaxpayerNotFound } from '../api/tax-errors.output';
import { DeclarationStatus, PeriodKind, TaxDeclaration } from '../entities/tax-declaration.entity';
import { Taxpayer, TaxpayerStatus } from '../entities/taxpayer.entity';
import { declarationForm } from '../rules/rates';
import { MAX_PRICE_VND } from '../rules/land-transfer-assessment';
import { TaxpayerAccess, taxpayerAccess } from '../access';
import { anyTaxCodeProblem } from './taxpayer.service';

export type DeclarationWrite = { declarationId: string } | ErrorResult;

export interface FileDeclaration {
  taxCode: string;
  formCode: string;
  periodKind: PeriodKind;
  periodStart: string;
  taxableAmountVnd: number;
  taxAmountVnd: number;
  supplementary?: boolean | null;
}

export interface DecideDeclaration {
  declarationId: string;
  expectedVersion: number;
  accept: boolean;
  reason?: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Last day of the month `months` after the month of `start` (YYYY-MM-DD, UTC arithmetic on dates). */
function endOfMonths(start: string, months: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 0)).toISOString().slice(0, 10);
}

/**
 * The period a declaration covers, from its kind and first day: a month starts on the 1st, a
 * quarter on 1 January, April, July or October, a year on 1 January; a per-occurrence (EVENT)
 * declaration covers its day. Returns the last day, or a reason.
 */
export function periodEnd(kind: PeriodKind, start: string): { end: string } | { problem: string } {
  if (!isRealDate(start)) return { problem: 'Ngày không hợp lệ (YYYY-MM-DD) / Not a date (YYYY-MM-DD)' };
  const [, m, d] = start.split('-').map(Number);
  switch (kind) {
    case PeriodKind.MONTH:
      return d === 1 ? { end: endOfMonths(start, 1) } : { problem: 'Kỳ tháng bắt đầu từ ngày 01 / A month starts on the 1st' };
    case PeriodKind.QUARTER:
      return d === 1 && [1, 4, 7, 10].includes(m) ? { end: endOfMonths(start, 3) } : { problem: 'Kỳ quý bắt đầu từ 01/01, 01/4, 01/7 hoặc 01/10 / A quarter starts on 1 Jan, Apr, Jul or Oct' };
    case PeriodKind.YEAR:
      return d === 1 && m === 1 ? { end: endOfMonths(start, 12) } : { problem: 'Kỳ năm bắt đầu từ 01/01 / A year starts on 1 January' };
    case PeriodKind.EVENT:
      return { end: start };
  }
}

function amount(issues: Issues, field: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) issues.add(field, 'Số tiền là số nguyên đồng không âm / A whole, non-negative number of đồng');
  else if (v >= MAX_PRICE_VND) issues.add(field, 'Số tiền không hợp lý / Implausible amount');
}

/**
 * Tax declarations: filed by the taxpayer (a mutation, not a dossier: e-filing is how
 * declarations reach the tax office), accepted or rejected by a tax officer of the managing
 * agency. Each write is one transaction; the decision checks the version the officer saw.
 */
export class DeclarationService {
  async file(em: EntityManager, p: Principal, input: FileDeclaration, now: Date): Promise<DeclarationWrite> {
    const issues = new Issues();
    const taxCode = input.taxCode?.trim() ?? '';
    const codeProblem = anyTaxCodeProblem(taxCode);
    if (codeProblem) issues.add('taxCode', codeProblem);
    const form = declarationForm(input.formCode);
    if (!form) issues.add('formCode', 'Mẫu tờ khai không được hỗ trợ / Unknown declaration form');
    else if (!form.periodKinds.includes(input.periodKind)) issues.add('periodKind', `Mẫu ${form.code} khai theo kỳ / is filed per ${form.periodKinds.join(', ')}`);
    const period = periodEnd(input.periodKind, input.periodStart ?? '');
    if ('problem' in period) issues.add('periodStart', period.problem);
    else if (input.periodStart > vietnamLocalDate(now)) issues.add('periodStart', 'Kỳ khai chưa bắt đầu / The period has not started');
    amount(issues, 'taxableAmountVnd', input.taxableAmountVnd);
    amount(issues, 'taxAmountVnd', input.taxAmountVnd);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (taxpayerAccess(p, taxCode) !== TaxpayerAccess.SELF) return NotAuthorized.of('only the taxpayer files its declarations');
    const end = (period as { end: string }).end;
    try {
      return await inTransaction<{ declarationId: string }>(em, async (tx) => {
        const taxpayer = await tx.findOne(Taxpayer, { taxCode });
        if (!taxpayer) return TaxpayerNotFound.of(taxCode);
        if (taxpayer.status === TaxpayerStatus.CLOSED) issues.add('taxCode', 'Mã số thuế đã chấm dứt hiệu lực / The tax code is closed');
        if (form && !form.taxpayerKinds.includes(taxpayer.kind)) issues.add('formCode', `Mẫu ${form.code} không dành cho ${taxpayer.kind} / Not a form for this kind of taxpayer`);
        if (!issues.ok) return ValidationFailed.of(issues.list);
        const same = { taxpayer, formCode: input.formCode, periodStart: input.periodStart, periodEnd: end, supplementary: false, status: { $ne: DeclarationStatus.REJECTED } };
        const original = await tx.findOne(TaxDeclaration, same);
        if (!input.supplementary && original) return AlreadyExists.of(`tờ khai ${input.formCode} kỳ ${input.periodStart}–${end} / declaration for this form and period`, original.id);
        if (input.supplementary && !original) {
          issues.add('supplementary', 'Chưa có tờ khai lần đầu của kỳ này để bổ sung / No original declaration of this period to supplement');
          return ValidationFailed.of(issues.list);
        }
        const d = tx.create(TaxDeclaration, {
          taxpayer,
          formCode: input.formCode,
          periodKind: input.periodKind,
          periodStart: input.periodStart,
          periodEnd: end,
          taxableAmountVnd: input.taxableAmountVnd,
          taxAmountVnd: input.taxAmountVnd,
          supplementary: !!input.supplementary,
          filedAt: now,
          filedByName: p.fullName || p.subject,
        });
        await tx.flush();
        return { declarationId: d.id };
      });
    } catch (e) {
      // Two filings of the same original at once: the partial unique index lets one through.
      if (e instanceof UniqueConstraintViolationException) {
        const existing = await em.fork().findOne(TaxDeclaration, { taxpayer: { taxCode }, formCode: input.formCode, periodStart: input.periodStart, supplementary: false, status: { $ne: DeclarationStatus.REJECTED } });
        return AlreadyExists.of('tờ khai cùng kỳ / declaration for this form and period', existing?.id ?? '');
      }
      throw e;
    }
  }

  async decide(em: EntityManager, p: Principal, input: DecideDeclaration, now: Date): Promise<DeclarationWrite> {
    const issues = new Issues();
    if (!issues.uuid('declarationId', input.declarationId)) return TaxDeclarationNotFound.of(input.declarationId);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
    const reason = issues.text('reason', input.reason, 2000, !input.accept);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const deciders = agenciesWithRole(p, [Role.SPECIALIST, Role.LEADER]);
    if (!deciders.length) return NotAuthorized.of('tax specialists and leaders decide on declarations');
    return inTransaction<{ declarationId: string }>(em, async (tx) => {
      const d = await tx.findOne(TaxDeclaration, input.declarationId, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['taxpayer'] });
      // Officers of other agencies learn nothing about the declaration.
      if (!d || !deciders.includes(d.taxpayer.agency.id)) return TaxDeclarationNotFound.of(input.declarationId);
      if (d.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, d.version, { vi: 'Tờ khai', en: 'declaration' });
      if (d.status !== DeclarationStatus.FILED) return TransitionNotAllowed.of(input.accept ? 'accept' : 'reject', d.status, [], 'the declaration was already decided');
      d.status = input.accept ? DeclarationStatus.ACCEPTED : DeclarationStatus.REJECTED;
      d.reason = reason;
      d.decidedAt = now;
      d.decidedByName = p.fullName || p.subject;
      await tx.flush();
      return { declarationId: d.id };
    });
  }
}
