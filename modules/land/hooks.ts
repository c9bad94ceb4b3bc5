/**
 * What the land module does inside workflow actions on dossiers of its procedures (dossier
 * hooks): sends the cadastral data sheet when a transfer goes to the tax authority, and writes
 * the register when a dossier is approved. The hooks run inside the kernel's transaction of the
 * action: issues refuse the action and nothing any of them wrote is kept. Their forms are
 * checked on submission and reception by forms.ts.
 */
import { Agency, type DossierActionContext, type DossierActionHook, type FormIssue, latestDossierRecord, putDossierRecord } from '../../src/kernel';
import { CADASTRAL_DATA_KIND, CadastralData } from './rules/cadastral-data';
import { LAND_PROCEDURE, LAND_REGISTRATION_OFFICE_CODE } from './procedures';
import {
  formOf,
  LONG_TERM,
  parseFirstRegistrationForm,
  parseMortgageForm,
  parseMortgageReleaseForm,
  parseReissueForm,
  parseTransferForm,
  TransferForm,
} from './rules/land-forms';
import {
  applyFirstRegistration,
  applyMortgage,
  applyMortgageRelease,
  applyReissue,
  applyTransfer,
  checkFirstRegistration,
  checkMortgage,
  checkMortgageRelease,
  checkReissue,
  checkTransfer,
  LandRegister,
  RegisterChange,
  TransferFacts,
} from './services/land-register.service';

const NO_FORM: FormIssue[] = [{ field: 'formData', message: 'Hồ sơ chưa có dữ liệu tờ khai / The dossier has no form data' }];

// --- the cadastral data sheet ---------------------------------------------------------------------

/** The published contract of `land.cadastral-data`, from a checked transfer. */
async function cadastralData(reg: LandRegister, form: TransferForm, facts: TransferFacts): Promise<CadastralData> {
  const communes = await reg.communeNames(facts.transferred.map((p) => p.commune.id));
  return {
    certificateSerial: facts.certificate.serial,
    parcels: facts.transferred.map((p) => ({
      communeCode: p.communeCode,
      communeName: communes.get(p.commune.id) ?? p.communeCode,
      mapSheet: p.mapSheet,
      parcelNumber: p.parcelNumber,
      areaM2: Number(p.areaM2),
      purposeCode: p.purposeCode,
      useTerm: p.useUntil ?? LONG_TERM,
      address: p.address,
    })),
    transferors: form.transferors.map((t) => ({ kind: t.kind, name: t.name, idNumber: t.idNumber })),
    transferees: form.transferees.map((t) => ({ kind: t.kind, name: t.name, idNumber: t.idNumber, address: t.address })),
    declaredPriceVnd: form.declaredPriceVnd,
    relationship: form.relationship,
    transferKind: form.transferKind,
  };
}

/** Before the dossier goes to tax: the register is checked again and the data sheet attached. */
async function sendCadastralData(ctx: DossierActionContext) {
  const data = formOf(ctx.dossier.formData);
  if (!data) return { issues: NO_FORM };
  const parsed = parseTransferForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  const reg = new LandRegister(ctx.em);
  const { issues, facts } = await checkTransfer(reg, parsed.form);
  if (!facts) return { issues };
  const sheet = await cadastralData(reg, parsed.form, facts);
  await putDossierRecord(ctx.em, {
    dossierId: ctx.dossier.id,
    kind: CADASTRAL_DATA_KIND,
    agencyCode: LAND_REGISTRATION_OFFICE_CODE,
    data: sheet as unknown as Record<string, unknown>,
    createdByName: ctx.actor.name,
    at: ctx.now,
  });
  return { data: { cadastralData: CADASTRAL_DATA_KIND, certificateSerial: sheet.certificateSerial, parcels: sheet.parcels.length } };
}

// --- approval writes the register -----------------------------------------------------------------

async function registerChange(ctx: DossierActionContext): Promise<RegisterChange> {
  const agency = await ctx.em.findOneOrFail(Agency, { code: ctx.dossier.procedureAgencyCode });
  return { dossierCode: ctx.dossier.code, agencyCode: agency.code, agencyName: agency.name, at: ctx.now };
}

type HookResult = { issues?: FormIssue[]; data?: Record<string, unknown> };

const NOT_ASSESSED: FormIssue[] = [
  { field: 'action', message: 'Hồ sơ chưa được chuyển cơ quan thuế xác định nghĩa vụ tài chính / The transfer has not been through the tax assessment' },
];

/**
 * A transfer is registered from the data sheet the land office sent to tax, since that is what
 * was assessed; without one the dossier never went to tax, and a transfer cannot be registered
 * before the financial obligations are settled (Decree 101/2024: the office updates the register
 * and issues the certificate once the obligations are fulfilled).
 */
async function approveTransfer(ctx: DossierActionContext, reg: LandRegister): Promise<HookResult> {
  const sheet = await latestDossierRecord(ctx.em, ctx.dossier.id, CADASTRAL_DATA_KIND);
  if (!sheet) return { issues: NOT_ASSESSED };
  const parsed = parseTransferForm(sheet.data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  await reg.lockParcelKeys(parsed.form.parcels);
  const { issues, facts } = await checkTransfer(reg, parsed.form, true);
  if (!facts) return { issues };
  return { data: await applyTransfer(ctx.em, parsed.form, facts, await registerChange(ctx)) };
}

async function approveFirstRegistration(ctx: DossierActionContext, reg: LandRegister, data: Record<string, unknown>): Promise<HookResult> {
  const parsed = parseFirstRegistrationForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  await reg.lockParcelKeys([parsed.form.parcel]);
  const { issues, facts } = await checkFirstRegistration(reg, parsed.form);
  if (!facts) return { issues };
  return { data: await applyFirstRegistration(ctx.em, parsed.form, facts, await registerChange(ctx)) };
}

async function approveMortgage(ctx: DossierActionContext, reg: LandRegister, data: Record<string, unknown>): Promise<HookResult> {
  const parsed = parseMortgageForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  const { issues, facts } = await checkMortgage(reg, parsed.form, true);
  if (!facts) return { issues };
  return { data: applyMortgage(ctx.em, parsed.form, facts, await registerChange(ctx)) };
}

async function approveMortgageRelease(ctx: DossierActionContext, reg: LandRegister, data: Record<string, unknown>): Promise<HookResult> {
  const parsed = parseMortgageReleaseForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  const { issues, facts } = await checkMortgageRelease(reg, parsed.form, true);
  if (!facts) return { issues };
  return { data: applyMortgageRelease(ctx.em, parsed.form, facts, await registerChange(ctx)) };
}

async function approveReissue(ctx: DossierActionContext, reg: LandRegister, data: Record<string, unknown>): Promise<HookResult> {
  const parsed = parseReissueForm(data, ctx.now);
  if (!parsed.form) return { issues: parsed.issues };
  const { issues, facts } = await checkReissue(reg, parsed.form, true);
  if (!facts) return { issues };
  return { data: await applyReissue(ctx.em, parsed.form, facts, await registerChange(ctx)) };
}

/**
 * Approval applies the dossier to the register in the approval's transaction. The register is
 * checked again first, under row locks: if it changed since submission (the certificate was
 * replaced, the parcel mortgaged or certified by another dossier), the approval is refused.
 */
/** The procedures whose approval writes the register from their form. */
const REGISTER_WRITES: ReadonlySet<string> = new Set([LAND_PROCEDURE.FIRST_REGISTRATION, LAND_PROCEDURE.MORTGAGE, LAND_PROCEDURE.MORTGAGE_RELEASE, LAND_PROCEDURE.REISSUE_LOST]);

async function applyApproval(ctx: DossierActionContext): Promise<HookResult> {
  const reg = new LandRegister(ctx.em);
  const code = ctx.dossier.procedureCode;
  if (code === LAND_PROCEDURE.TRANSFER) return approveTransfer(ctx, reg);
  // Procedures that write nothing to the register (a change of a registered mortgage, splitting
  // parcels: the officer records them from the paper) have no structured form to require.
  if (!REGISTER_WRITES.has(code)) return {};
  const data = formOf(ctx.dossier.formData);
  if (!data) return { issues: NO_FORM };
  switch (code) {
    case LAND_PROCEDURE.FIRST_REGISTRATION:
      return approveFirstRegistration(ctx, reg, data);
    case LAND_PROCEDURE.MORTGAGE:
      return approveMortgage(ctx, reg, data);
    case LAND_PROCEDURE.MORTGAGE_RELEASE:
      return approveMortgageRelease(ctx, reg, data);
    case LAND_PROCEDURE.REISSUE_LOST:
      return approveReissue(ctx, reg, data);
    default:
      return {};
  }
}

/** The manifest's `dossierHooks`. */
export const landDossierHooks: DossierActionHook[] = [
  { name: 'land.cadastral-data', actions: ['sendToTax'], procedureCodes: [LAND_PROCEDURE.TRANSFER], run: sendCadastralData },
  { name: 'land.register-on-approval', actions: ['approve'], run: applyApproval },
];
