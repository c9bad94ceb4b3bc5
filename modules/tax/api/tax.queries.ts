import DataLoader from 'dataloader';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, grouped, isUuid, type ModuleContext, query } from '../../../src/kernel';
import { NoticeStatus } from '../entities/tax-notice.entity';
import { TaxpayerAccess } from '../access';
import { DeclarationView, NoticeView, ObligationView, TaxpayerView } from './tax.output';

/*
 * The read side of the tax module: plain rows mapped without the unit of work, each relation a
 * list can reach behind a per-request DataLoader (ARCHITECTURE rule 5). bigint columns come back
 * from pg as strings; amounts stay below 2^53 (checked on write), so Number is exact.
 */

const num = (v: unknown) => (v == null ? 0 : Number(v));

const TAXPAYER_COLUMNS = `t.id, t.kind, t.tax_code as "taxCode", p.tax_code as "parentTaxCode", t.name, t.address,
  t.legal_representative as "legalRepresentative", t.business_lines as "businessLines", t.status, t.registered_at as "registeredAt",
  t.agency_id as "agencyId", t.version`;

export async function findTaxpayer(em: EntityManager, taxCode: string, access: TaxpayerAccess): Promise<TaxpayerView | null> {
  const [r] = await query<Omit<TaxpayerView, 'access'>>(em, `select ${TAXPAYER_COLUMNS} from tax_taxpayer t left join tax_taxpayer p on p.id = t.parent_id where t.tax_code = $1`, [taxCode]);
  return r ? { ...r, access } : null;
}

const DECLARATION_COLUMNS = `d.id, d.taxpayer_id as "taxpayerId", d.form_code as "formCode", d.period_kind as "periodKind",
  to_char(d.period_start, 'YYYY-MM-DD') as "periodStart", to_char(d.period_end, 'YYYY-MM-DD') as "periodEnd",
  d.taxable_amount_vnd as "taxableAmountVnd", d.tax_amount_vnd as "taxAmountVnd", d.supplementary, d.status, d.reason,
  d.filed_at as "filedAt", d.filed_by_name as "filedByName", d.decided_at as "decidedAt", d.decided_by_name as "decidedByName", d.version`;

function declaration(r: Record<string, any>): DeclarationView {
  return { ...(r as DeclarationView), taxableAmountVnd: num(r.taxableAmountVnd), taxAmountVnd: num(r.taxAmountVnd) };
}

export async function findDeclaration(em: EntityManager, id: string): Promise<DeclarationView | null> {
  if (!isUuid(id)) return null;
  const [r] = await query(em, `select ${DECLARATION_COLUMNS} from tax_declaration d where d.id = $1`, [id]);
  return r ? declaration(r) : null;
}

export const declarationCursor = (d: DeclarationView) => encodeCursor([d.filedAt.toISOString(), d.id]);

/**
 * A page of declarations per taxpayer, newest first, for many taxpayers in one statement (a
 * lateral subquery per taxpayer). One loader per page shape, since `first`/`after` differ.
 */
export function declarationsLoader(ctx: ModuleContext, first: number, after: string | null): DataLoader<string, DeclarationView[]> {
  return ctx.loaders.forModule(`tax.declarations:${first}:${after ?? ''}`, () =>
    new DataLoader<string, DeclarationView[]>(async (ids) => {
      const params: unknown[] = [ids, first + 1];
      let cursor = '';
      if (after) {
        const [at, id] = decodeCursor(after, 2) as [string, string];
        params.push(new Date(at), id);
        cursor = 'and (d.filed_at, d.id) < ($3, $4)';
      }
      const rows = await query(ctx.em, `select x.* from unnest($1::uuid[]) as k(id) cross join lateral (
          select ${DECLARATION_COLUMNS} from tax_declaration d where d.taxpayer_id = k.id ${cursor}
          order by d.filed_at desc, d.id desc limit $2) x`, params);
      return grouped(ids, rows.map(declaration), (d) => d.taxpayerId);
    }),
  );
}

const OBLIGATION_COLUMNS = `o.id, o.dossier_id as "dossierId", o.taxpayer_id as "taxpayerId", o.notice_id as "noticeId", o.kind,
  o.payer_name as "payerName", o.payer_id_number as "payerIdNumber", o.base_amount_vnd as "baseAmountVnd", o.rate::text as rate,
  o.amount_vnd as "amountVnd", o.exemption_code as "exemptionCode", o.exemption_legal_basis as "exemptionLegalBasis",
  o.legal_basis as "legalBasis", o.details, o.note, o.status, o.due_at as "dueAt", o.assessed_at as "assessedAt",
  o.assessed_by_name as "assessedByName", o.version`;

function obligation(r: Record<string, any>): ObligationView {
  return { ...(r as ObligationView), baseAmountVnd: num(r.baseAmountVnd), amountVnd: num(r.amountVnd) };
}

function obligationsBy(ctx: ModuleContext, key: string, column: string): DataLoader<string, ObligationView[]> {
  return ctx.loaders.forModule(`tax.obligationsBy:${column}`, () =>
    new DataLoader<string, ObligationView[]>(async (ids) => {
      const rows = await query(ctx.em, `select ${OBLIGATION_COLUMNS} from tax_obligation o
        where o.${column} = any($1::uuid[]) and o.status <> 'CANCELLED' order by o.assessed_at, o.kind`, [ids]);
      return grouped(ids, rows.map(obligation), (o) => (o as any)[key]);
    }),
  );
}

/** Obligations of notices (their lines), of taxpayers, and of dossiers; cancelled ones are history and left out. */
export const obligationsByNotice = (ctx: ModuleContext) => obligationsBy(ctx, 'noticeId', 'notice_id');
export const obligationsByTaxpayer = (ctx: ModuleContext) => obligationsBy(ctx, 'taxpayerId', 'taxpayer_id');
export const obligationsByDossier = (ctx: ModuleContext) => obligationsBy(ctx, 'dossierId', 'dossier_id');

const NOTICE_COLUMNS = `n.id, n.agency_id as "agencyId", n.dossier_id as "dossierId", n.year, n.number, n.notation, n.payer_name as "payerName",
  n.amount_vnd as "amountVnd", coalesce((select sum(pm.amount_vnd) from tax_payment pm where pm.notice_id = n.id), 0) as "paidAmountVnd",
  n.issued_at as "issuedAt", n.issued_by_name as "issuedByName", n.due_at as "dueAt", n.due_legal_basis as "dueLegalBasis",
  n.status, n.paid_at as "paidAt", n.version`;

/** A notice as shown at `now`: a NOTIFIED notice past its due date reads OVERDUE. */
export function notice(r: Record<string, any>, now: Date, masked: boolean): NoticeView {
  const status = r.status === NoticeStatus.NOTIFIED && r.dueAt < now ? NoticeStatus.OVERDUE : r.status;
  return { ...(r as NoticeView), amountVnd: num(r.amountVnd), paidAmountVnd: num(r.paidAmountVnd), status, masked };
}

/** Notices of dossiers (rows only; masking is decided by the caller per dossier). */
export function noticesByDossier(ctx: ModuleContext): DataLoader<string, Record<string, any>[]> {
  return ctx.loaders.forModule('tax.noticesByDossier', () =>
    new DataLoader<string, Record<string, any>[]>(async (ids) => {
      const rows = await query(ctx.em, `select ${NOTICE_COLUMNS} from tax_notice n where n.dossier_id = any($1::uuid[]) order by n.issued_at, n.id`, [ids]);
      return grouped(ids, rows, (n) => n.dossierId);
    }),
  );
}

export async function findNotice(em: EntityManager, id: string): Promise<Record<string, any> | null> {
  if (!isUuid(id)) return null;
  const [r] = await query(em, `select ${NOTICE_COLUMNS} from tax_notice n where n.id = $1`, [id]);
  return r ?? null;
}

export interface PaymentRow {
  noticeId: string;
  amountVnd: number;
  paidAt: Date;
  method: string;
  reference: string;
  recordedByName: string;
}

export function paymentsByNotice(ctx: ModuleContext): DataLoader<string, PaymentRow[]> {
  return ctx.loaders.forModule('tax.paymentsByNotice', () =>
    new DataLoader<string, PaymentRow[]>(async (ids) => {
      const rows = await query<PaymentRow>(ctx.em, `select p.notice_id as "noticeId", p.amount_vnd as "amountVnd", p.paid_at as "paidAt", p.method,
          p.reference, p.recorded_by_name as "recordedByName" from tax_payment p where p.notice_id = any($1::uuid[]) order by p.paid_at, p.id`, [ids]);
      return grouped(ids, rows.map((r) => ({ ...r, amountVnd: num(r.amountVnd) })), (p) => p.noticeId);
    }),
  );
}
