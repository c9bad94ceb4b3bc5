/**
 * Who may see what of the tax records (ARCHITECTURE rule 7, Decree 13/2023/NĐ-CP on personal
 * data): a taxpayer's file is for the taxpayer itself, tax officers, and analysts and system
 * admins (an individual's code masked, no address); obligations and notices follow the dossier
 * they belong to; who works on a land transfer's assessment; and which reads of an individual's
 * data are logged for them.
 */
import { GraphQLResolveInfo } from 'graphql';
import { maskIdNumber, type ModuleContext, type Principal, readPurpose, Role, selectedFields, unmaskedRead } from '../../src/kernel';
import { TaxpayerKind } from './entities/taxpayer.entity';
import { TAX_AGENCY_CODES } from './procedures';
import { OBLIGATION_KINDS, ObligationKind } from './rules/rates';

/** How much of a taxpayer the caller may see. */
export enum TaxpayerAccess {
  /** The taxpayer, or the organisation of a branch. */
  SELF = 'SELF',
  /** An officer of a tax agency. */
  OFFICER = 'OFFICER',
  /** Analysts and system admins: identity numbers masked. */
  OBSERVER = 'OBSERVER',
}

/** Whether `p` is an officer (any role) of one of the module's tax agencies. */
function isTaxOfficer(p: Principal | undefined, roles?: Role[]): boolean {
  return !!p?.roles.some((g) => g.agencyCode && (TAX_AGENCY_CODES as readonly string[]).includes(g.agencyCode) && (!roles || roles.includes(g.role)));
}

/**
 * Decided from the principal and the code alone, before anything is read, so that a refusal
 * tells nothing about whether the taxpayer exists. A person's identity number is their tax code
 * (since 1 July 2025); an organisation's account carries its tax code and sees its branches.
 */
export function taxpayerAccess(p: Principal | undefined, taxCode: string): TaxpayerAccess | null {
  if (!p) return null;
  if (isTaxOfficer(p)) return TaxpayerAccess.OFFICER;
  const own = p.identityNumber;
  if (own && (taxCode === own || taxCode.startsWith(`${own}-`))) return TaxpayerAccess.SELF;
  if (p.roles.some((g) => g.role === Role.ANALYST || g.role === Role.SYSTEM_ADMIN)) return TaxpayerAccess.OBSERVER;
  return null;
}

/** Whether the caller may look a taxpayer up by this code: their access, or why not. */
export function taxpayerLookup(p: Principal, code: string): { access: TaxpayerAccess } | { refusal: string } {
  const access = taxpayerAccess(p, code);
  if (!access) return { refusal: 'only the taxpayer itself and tax officers see a taxpayer' };
  // An individual's tax code is their CCCD, which observers see masked: looking one up by the
  // full number would unmask it by guessing (issue 13, no oracles). Decided from the code's
  // shape, before anything is read, so the refusal says nothing about whether it exists.
  if (access === TaxpayerAccess.OBSERVER && /^\d{12}$/.test(code)) return { refusal: 'analysts and system admins see individuals’ identity numbers masked and cannot look one up' };
  return { access };
}

/** A taxpayer's file as the read path returns it: what these rules look at. */
interface TaxpayerFile {
  id: string;
  kind: TaxpayerKind;
  taxCode: string;
  address: string;
  access: TaxpayerAccess;
}

/** The taxpayer's code and address as the caller may see them: analysts get individuals' codes masked and no address. */
export function visibleTaxpayerFields(v: TaxpayerFile): { taxCode: string; address: string | null } {
  const person = v.kind === TaxpayerKind.INDIVIDUAL;
  const full = !person || unmaskedRead(v.access !== TaxpayerAccess.OBSERVER, { record: 'tax.taxpayer', recordId: v.id, fields: ['taxCode', 'address'] });
  return { taxCode: full ? v.taxCode : maskIdNumber(v.taxCode), address: full ? v.address : null };
}

/** What of an individual taxpayer's file is personal data (Decree 13/2023/NĐ-CP): the rest is the tax agency's own. */
const PERSONAL_FIELDS = ['taxCode', 'name', 'address', 'legalRepresentative', 'businessLines', 'declarations', 'obligations'];
/** What an analyst sees unmasked of an individual (the code is masked, the address withheld). */
const OBSERVER_UNMASKED = ['name', 'businessLines', 'declarations', 'obligations'];

/** Logs a read of an individual's file by anyone but the person (ctx.dataAccess skips the person's own reads). */
export function noteTaxpayerRead(ctx: ModuleContext, info: GraphQLResolveInfo, v: TaxpayerFile): void {
  if (v.kind !== TaxpayerKind.INDIVIDUAL || v.access === TaxpayerAccess.SELF) return;
  const unmasked = v.access === TaxpayerAccess.OBSERVER ? OBSERVER_UNMASKED : PERSONAL_FIELDS;
  ctx.dataAccess.note({
    subjectIdNumber: v.taxCode,
    recordType: 'tax-taxpayer',
    recordId: v.id,
    // The person knows their file by its tax code; an analyst never saw it, so it is masked there too.
    recordLabel: `MST ${maskIdNumber(v.taxCode)}`,
    fields: selectedFields(info, unmasked),
    purpose: readPurpose(info),
  });
}

/** Officers of the agency holding the dossier who may assess and notify (the kernel checks it). */
export const ASSESSORS = [Role.SPECIALIST, Role.LEADER];

/** An obligation as the caller may see it; analysts get the payer's number masked. */
export function presentObligation<T extends { payerIdNumber: string; kind: string }>(o: T, masked: boolean): T & { kindName: string } {
  return { ...o, payerIdNumber: masked ? maskIdNumber(o.payerIdNumber) : o.payerIdNumber, kindName: OBLIGATION_KINDS[o.kind as ObligationKind]?.name ?? o.kind };
}

/** The personal fields of an obligation: the payer's identity and what they owe. */
export const OBLIGATION_PERSONAL_FIELDS = ['payerName', 'payerIdNumber', 'baseAmountVnd', 'amountVnd', 'details'];

/** Notes, for the payers' access log, obligations shown unmasked (individual payers, by their CCCD). */
export function noteObligationReads(ctx: ModuleContext, rows: { id: string; payerIdNumber: string }[], fields: string[], label: string, purpose: string): void {
  if (!fields.length) return;
  for (const o of rows) {
    if (/^\d{12}$/.test(o.payerIdNumber)) ctx.dataAccess.note({ subjectIdNumber: o.payerIdNumber, recordType: 'tax-obligation', recordId: o.id, recordLabel: label, fields, purpose });
  }
}
