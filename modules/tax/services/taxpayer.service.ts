import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Agency, citizenIdProblem, type DossierActionContext, type FormIssue, taxCodeProblem } from '../../../src/kernel';
import { Taxpayer, TaxpayerKind, TaxpayerStatus } from '../entities/taxpayer.entity';
import { newOrganisationTaxCode } from './tax-code.service';

/** Checks a tax code of any kind (10, 13 or 12 digits); returns a reason or null. */
export function anyTaxCodeProblem(code: string): string | null {
  return /^\d{12}$/.test(code) ? citizenIdProblem(code) : taxCodeProblem(code);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(issues: FormIssue[], form: Record<string, unknown>, field: string, max: number, required = true): string | null {
  const v = form[field];
  if (v == null || (typeof v === 'string' && !v.trim())) {
    if (required) issues.push({ field, message: 'Không được để trống / Required' });
    return null;
  }
  if (typeof v !== 'string') {
    issues.push({ field, message: 'Phải là chuỗi ký tự / Must be text' });
    return null;
  }
  const t = v.trim().normalize('NFC');
  if (t.length > max) issues.push({ field, message: `Tối đa ${max} ký tự / At most ${max} characters` });
  return t;
}

function businessLines(issues: FormIssue[], v: unknown, required: boolean): string[] | null {
  if (v == null && !required) return null;
  if (!Array.isArray(v) || v.length === 0 || v.length > 50) {
    issues.push({ field: 'businessLines', message: 'Từ 1 đến 50 ngành nghề kinh doanh / Between 1 and 50 business lines' });
    return null;
  }
  v.forEach((x, i) => {
    if (typeof x !== 'string' || !x.trim() || x.length > 300) issues.push({ field: `businessLines[${i}]`, message: 'Ngành nghề không hợp lệ / Malformed business line' });
  });
  return v.map((x) => String(x).trim());
}

/** The registration form of an organisation (1.007749). */
export interface OrganisationRegistrationForm {
  name: string;
  address: string;
  legalRepresentative: string;
  parentTaxCode: string | null;
  businessLines: string[];
}

/** Checks the form of an organisation's first registration; a branch names its parent, which must be an active organisation. */
export async function checkOrganisationRegistration(em: EntityManager, form: Record<string, unknown>): Promise<{ form: OrganisationRegistrationForm | null; issues: FormIssue[] }> {
  const issues: FormIssue[] = [];
  const name = text(issues, form, 'name', 300);
  const address = text(issues, form, 'address', 500);
  const legalRepresentative = text(issues, form, 'legalRepresentative', 200);
  const lines = businessLines(issues, form.businessLines, true);
  const parentTaxCode = text(issues, form, 'parentTaxCode', 10, false);
  if (parentTaxCode) {
    const problem = taxCodeProblem(parentTaxCode);
    if (problem || parentTaxCode.length !== 10) issues.push({ field: 'parentTaxCode', message: problem ?? 'Mã số thuế của đơn vị chủ quản gồm 10 chữ số / The parent’s tax code has 10 digits' });
    else {
      const parent = await em.findOne(Taxpayer, { taxCode: parentTaxCode });
      if (!parent || parent.kind !== TaxpayerKind.ORGANIZATION) issues.push({ field: 'parentTaxCode', message: 'Đơn vị chủ quản không phải tổ chức đã đăng ký thuế / The parent is not a registered organisation' });
      else if (parent.status !== TaxpayerStatus.ACTIVE) issues.push({ field: 'parentTaxCode', message: 'Đơn vị chủ quản không còn hoạt động / The parent is not active' });
    }
  }
  if (issues.length) return { form: null, issues };
  return { form: { name: name!, address: address!, legalRepresentative: legalRepresentative!, parentTaxCode, businessLines: lines! }, issues };
}

/** The registration form of an individual (1.007752): the CCCD of the applicant becomes the tax code. */
export async function checkIndividualRegistration(em: EntityManager, form: Record<string, unknown>, applicant: { kind: string; idNumber: string }): Promise<{ address: string | null; issues: FormIssue[] }> {
  const issues: FormIssue[] = [];
  const address = text(issues, form, 'address', 500);
  // The kernel refuses an applicant kind the procedure does not serve (applicant.kind).
  if (applicant.kind === 'PERSON' && (await em.count(Taxpayer, { taxCode: applicant.idNumber }))) {
    issues.push({ field: 'address', message: 'Cá nhân đã đăng ký thuế (số định danh là mã số thuế) / Already registered: the identity number is the tax code' });
  }
  return { address, issues };
}

/** Changes a taxpayer may ask for (1.007766). */
export interface RegistrationChanges {
  name?: string;
  address?: string;
  legalRepresentative?: string;
  businessLines?: string[];
}

/** Checks a change of registration: the taxpayer exists and is the applicant (or its organisation), at least one change. */
export async function checkRegistrationChange(
  em: EntityManager,
  form: Record<string, unknown>,
  applicant: { idNumber: string },
): Promise<{ taxpayer: Taxpayer | null; changes: RegistrationChanges; issues: FormIssue[] }> {
  const issues: FormIssue[] = [];
  const taxCode = typeof form.taxCode === 'string' ? form.taxCode.trim() : '';
  const problem = anyTaxCodeProblem(taxCode);
  let taxpayer: Taxpayer | null = null;
  if (problem) issues.push({ field: 'taxCode', message: problem });
  // Whose code it is is decided before anything is read: existence and status of someone else's
  // tax code are not told (issue 13, no oracles).
  else if (!applicant.idNumber || (taxCode !== applicant.idNumber && !taxCode.startsWith(`${applicant.idNumber}-`))) {
    issues.push({ field: 'taxCode', message: 'Người nộp hồ sơ không phải người nộp thuế này / The applicant is not this taxpayer' });
  } else {
    taxpayer = await em.findOne(Taxpayer, { taxCode });
    if (!taxpayer) issues.push({ field: 'taxCode', message: 'Không tìm thấy người nộp thuế / No taxpayer with this tax code' });
    else if (taxpayer.status === TaxpayerStatus.CLOSED) issues.push({ field: 'taxCode', message: 'Mã số thuế đã chấm dứt hiệu lực / The tax code is closed' });
  }
  const changes: RegistrationChanges = {};
  if (!isObject(form.changes)) issues.push({ field: 'changes', message: 'Cần ít nhất một thông tin thay đổi / At least one change' });
  else {
    const c = form.changes;
    const sub: FormIssue[] = [];
    const name = text(sub, c, 'name', 300, false);
    const address = text(sub, c, 'address', 500, false);
    const rep = text(sub, c, 'legalRepresentative', 200, false);
    const lines = businessLines(sub, c.businessLines, false);
    issues.push(...sub.map((i) => ({ field: `changes.${i.field}`, message: i.message })));
    if (name) changes.name = name;
    if (address) changes.address = address;
    if (rep) changes.legalRepresentative = rep;
    if (lines) changes.businessLines = lines;
    if (!sub.length && !Object.keys(changes).length) issues.push({ field: 'changes', message: 'Cần ít nhất một thông tin thay đổi / At least one change' });
  }
  return { taxpayer, changes, issues };
}

/** The next branch code of an organisation (`NNNNNNNNNN-001`, `-002` …), under a lock on the parent. */
async function nextBranchCode(em: EntityManager, parent: Taxpayer): Promise<string> {
  await em.findOneOrFail(Taxpayer, parent.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const [row] = await em.getConnection().execute<{ last: number | null }[]>(
    `select max(substr(tax_code, 12, 3)::int) as last from tax_taxpayer where parent_id = ?`,
    [parent.id],
    'all',
    em.getTransactionContext(),
  );
  const next = (row?.last ?? 0) + 1;
  if (next > 999) throw new Error(`Organisation ${parent.taxCode} has no branch number left`);
  return `${parent.taxCode}-${String(next).padStart(3, '0')}`;
}

/** Hook on `approve` of 1.007749: the organisation (or branch) gets its tax code. */
export async function registerOrganisation(ctx: DossierActionContext): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> }> {
  const { em, dossier, now } = ctx;
  const checked = await checkOrganisationRegistration(em, dossier.formData ?? {});
  if (!checked.form) return { issues: checked.issues.map((i) => ({ field: `formData.${i.field}`, message: i.message })) };
  const f = checked.form;
  const agency = await em.findOneOrFail(Agency, { code: dossier.procedureAgencyCode });
  const parent = f.parentTaxCode ? await em.findOneOrFail(Taxpayer, { taxCode: f.parentTaxCode }) : null;
  const taxCode = parent ? await nextBranchCode(em, parent) : await newOrganisationTaxCode(em, agency.id);
  const t = em.create(Taxpayer, {
    kind: parent ? TaxpayerKind.BRANCH : TaxpayerKind.ORGANIZATION,
    taxCode,
    parent,
    name: f.name,
    address: f.address,
    legalRepresentative: f.legalRepresentative,
    businessLines: f.businessLines,
    agency,
    registeredAt: now,
    registrationDossier: dossier.id,
  });
  await em.flush();
  return { data: { taxCode, taxpayerId: t.id, kind: t.kind } };
}

/** Hook on `approve` of 1.007752: the individual is registered under their CCCD. */
export async function registerIndividual(ctx: DossierActionContext): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> }> {
  const { em, dossier, now } = ctx;
  const { address, issues } = await checkIndividualRegistration(em, dossier.formData ?? {}, { kind: dossier.applicantKind, idNumber: dossier.applicantIdNumber });
  if (issues.length) return { issues: issues.map((i) => ({ field: `formData.${i.field}`, message: i.message })) };
  const agency = await em.findOneOrFail(Agency, { code: dossier.procedureAgencyCode });
  const t = em.create(Taxpayer, {
    kind: TaxpayerKind.INDIVIDUAL,
    taxCode: dossier.applicantIdNumber,
    name: dossier.applicantName,
    address: address!,
    agency,
    registeredAt: now,
    registrationDossier: dossier.id,
  });
  await em.flush();
  return { data: { taxCode: t.taxCode, taxpayerId: t.id, kind: t.kind } };
}

/** Hook on `approve` of 1.007766: the registration is updated (its version moves). */
export async function applyRegistrationChange(ctx: DossierActionContext): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> }> {
  const { em, dossier } = ctx;
  const checked = await checkRegistrationChange(em, dossier.formData ?? {}, { idNumber: dossier.applicantIdNumber });
  if (!checked.taxpayer || checked.issues.length) return { issues: checked.issues.map((i) => ({ field: `formData.${i.field}`, message: i.message })) };
  const t = await em.findOneOrFail(Taxpayer, checked.taxpayer.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const before: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(checked.changes) as [keyof RegistrationChanges, never][]) {
    before[k] = t[k];
    t[k] = v;
  }
  await em.flush();
  return { data: { taxCode: t.taxCode, changed: Object.keys(checked.changes), before } };
}
