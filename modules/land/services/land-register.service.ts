/**
 * The land register (sổ địa chính) seen from the procedures: what a form is checked against, and
 * the changes an approved dossier makes. Everything goes through the entity manager it is given,
 * so that inside a workflow action it reads and writes in the action's transaction.
 */
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { AdminUnit, AdminUnitLevel, type FormIssue, vietnamLocalDate } from '../../../src/kernel';
import { CertificateStatus, LandCertificate, LandCertificateHolder, LandCertificateParcel } from '../entities/land-certificate.entity';
import { LandHolder } from '../entities/land-holder.entity';
import { LandParcel } from '../entities/land-parcel.entity';
import { ParcelRegistration, RegistrationKind, RegistrationParty } from '../entities/parcel-registration.entity';
import { allocateCertificateNumbers } from './certificate-numbers.service';
import {
  FirstRegistrationForm,
  MortgageForm,
  MortgageReleaseForm,
  ParcelKey,
  parcelKeyString,
  Party,
  ReissueForm,
  sameName,
  TransferForm,
} from '../rules/land-forms';

/** An issue of a register check; `confidential` when its text depends on what the submitter may not read (see access.ts). */
export interface RegisterIssue extends FormIssue {
  confidential?: true;
}

/** Marks an issue as telling something of the register that is not public. */
function confidential(issue: FormIssue): RegisterIssue {
  return { ...issue, confidential: true };
}

interface CertificateHolding {
  holder: LandHolder;
  position: number;
  shareNote: string | null;
}

/** A certificate with what it covers and who is named on it. */
export interface CertificateFacts {
  certificate: LandCertificate;
  parcels: LandParcel[];
  holders: CertificateHolding[];
}

/** A registered mortgage not released yet. */
export interface ActiveMortgage {
  parcelId: string;
  contractNumber: string;
  contractDate: string | null;
  mortgageeName: string;
  mortgageeTaxCode: string | null;
  securedAmountVnd: number | null;
}

/** Who makes a change and under which dossier; the issuing agency is the procedure's agency. */
export interface RegisterChange {
  dossierCode: string;
  agencyCode: string;
  agencyName: string;
  at: Date;
}

/** Reads of the register, in the entity manager's transaction when it has one. */
export class LandRegister {
  constructor(readonly em: EntityManager) {}

  /** A certificate by serial; `lock` takes its row lock so concurrent approvals of the same certificate queue up. */
  async certificate(serial: string, lock = false): Promise<CertificateFacts | null> {
    const certificate = await this.em.findOne(LandCertificate, { serial }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
    if (!certificate) return null;
    const links = await this.em.find(LandCertificateParcel, { certificate }, { populate: ['parcel'] });
    const holders = await this.em.find(LandCertificateHolder, { certificate }, { populate: ['holder'], orderBy: { position: 'asc' } });
    const parcels = links.map((l) => l.parcel).sort((a, b) => parcelKeyString(a).localeCompare(parcelKeyString(b)));
    return { certificate, parcels, holders: holders.map((h) => ({ holder: h.holder, position: h.position, shareNote: h.shareNote ?? null })) };
  }

  /** Parcels by key, keyed by {@link parcelKeyString}. */
  async parcels(keys: ParcelKey[]): Promise<Map<string, LandParcel>> {
    if (!keys.length) return new Map();
    const found = await this.em.find(LandParcel, { $or: keys.map((k) => ({ communeCode: k.communeCode, mapSheet: k.mapSheet, parcelNumber: k.parcelNumber })) });
    return new Map(found.map((p) => [parcelKeyString(p), p]));
  }

  /** Mortgages in force on the parcels, in registration order. */
  async activeMortgages(parcelIds: string[]): Promise<ActiveMortgage[]> {
    if (!parcelIds.length) return [];
    const rows = await this.em.find(
      ParcelRegistration,
      { parcel: { $in: parcelIds }, kind: { $in: [RegistrationKind.MORTGAGE_REGISTERED, RegistrationKind.MORTGAGE_RELEASED] } },
      { orderBy: { at: 'asc', id: 'asc' } },
    );
    // Replayed in order, so that a contract registered again after its release counts again.
    const active = new Map<string, ActiveMortgage>();
    for (const r of rows) {
      const key = `${r.parcel.id}|${r.contractNumber}`;
      if (r.kind === RegistrationKind.MORTGAGE_RELEASED) active.delete(key);
      else {
        active.set(key, {
          parcelId: r.parcel.id,
          contractNumber: r.contractNumber!,
          contractDate: r.contractDate ?? null,
          mortgageeName: r.mortgageeName!,
          mortgageeTaxCode: r.mortgageeTaxCode ?? null,
          securedAmountVnd: r.securedAmountVnd ?? null,
        });
      }
    }
    return [...active.values()];
  }

  /** The valid certificate of each parcel that has one. */
  async validCertificates(parcelIds: string[]): Promise<Map<string, LandCertificate>> {
    if (!parcelIds.length) return new Map();
    const links = await this.em.find(LandCertificateParcel, { parcel: { $in: parcelIds }, certificate: { status: CertificateStatus.VALID } }, { populate: ['certificate'] });
    return new Map(links.map((l) => [l.parcel.id, l.certificate]));
  }

  /** A commune (or ward) that exists today. */
  async commune(code: string): Promise<AdminUnit | null> {
    return this.em.findOne(AdminUnit, { code, validTo: null, level: AdminUnitLevel.COMMUNE });
  }

  async communeNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const units = await this.em.find(AdminUnit, { id: { $in: ids } });
    return new Map(units.map((u) => [u.id, u.name]));
  }

  async holders(idNumbers: string[]): Promise<Map<string, LandHolder>> {
    if (!idNumbers.length) return new Map();
    const found = await this.em.find(LandHolder, { idNumber: { $in: idNumbers } });
    return new Map(found.map((h) => [h.idNumber, h]));
  }

  /**
   * Serialises changes of the same parcels across transactions, also for parcels that do not
   * exist yet (two first registrations of one new parcel): a transaction-scoped advisory lock per
   * parcel key, taken in key order so that two dossiers never wait for each other in a circle.
   */
  async lockParcelKeys(keys: ParcelKey[]): Promise<void> {
    for (const k of [...new Set(keys.map(parcelKeyString))].sort()) {
      await this.em.execute('select pg_advisory_xact_lock(hashtext(?))', [`land_parcel:${k}`]);
    }
  }
}

// --- checks against the register ----------------------------------------------------------------

/** Whether a serial names a certificate and its status are not public: every answer here is confidential. */
function certificateIssue(field: string, serial: string, facts: CertificateFacts | null): RegisterIssue | null {
  if (!facts) return confidential({ field, message: `Không tìm thấy Giấy chứng nhận có số phát hành ${serial} / No certificate with serial ${serial}` });
  if (facts.certificate.status === CertificateStatus.REPLACED) {
    return confidential({ field, message: `Giấy chứng nhận đã bị thay thế, không còn hiệu lực / Certificate ${serial} has been replaced and is no longer valid` });
  }
  if (facts.certificate.status === CertificateStatus.REVOKED) {
    return confidential({ field, message: `Giấy chứng nhận đã bị thu hồi / Certificate ${serial} has been revoked` });
  }
  return null;
}

/**
 * That a parcel is mortgaged is public (`LandParcel.mortgaged`); the mortgagee and the contract
 * are not, and a message is read by whoever submitted the form.
 */
function mortgageIssue(field: string): RegisterIssue {
  return { field, message: 'Thửa đất đang được thế chấp; cần xóa đăng ký thế chấp trước khi chuyển quyền / The parcel is under a registered mortgage: the mortgage must be released first' };
}

export interface TransferFacts extends CertificateFacts {
  /** The parcels transferred, in the order of the form. */
  transferred: LandParcel[];
  /** Parcels of the certificate the form does not transfer: their holders get a new certificate for them. */
  remaining: LandParcel[];
}

/** Whether a transfer may be registered now: the certificate, its parcels and holders, and no mortgage in force. */
export async function checkTransfer(reg: LandRegister, form: TransferForm, lock = false): Promise<{ issues: RegisterIssue[]; facts: TransferFacts | null }> {
  const issues: RegisterIssue[] = [];
  const facts = await reg.certificate(form.certificateSerial, lock);
  const certProblem = certificateIssue('certificateSerial', form.certificateSerial, facts);
  if (certProblem) issues.push(certProblem);
  const found = await reg.parcels(form.parcels);
  const covered = new Set(facts?.parcels.map((p) => p.id) ?? []);
  const transferred: LandParcel[] = [];
  form.parcels.forEach((k, i) => {
    const p = found.get(parcelKeyString(k));
    if (!p) issues.push({ field: `parcels[${i}].parcelNumber`, message: `Không có thửa đất số ${k.parcelNumber}, tờ bản đồ số ${k.mapSheet} tại xã, phường mã ${k.communeCode} / No such parcel` });
    else if (facts && !covered.has(p.id)) issues.push(confidential({ field: `parcels[${i}]`, message: `Thửa đất không thuộc Giấy chứng nhận ${form.certificateSerial} / The parcel is not covered by the certificate` }));
    else transferred.push(p);
  });
  // Every parcel named, covered or not: whether a parcel is mortgaged is public, and checking only
  // the covered ones would let the message tell which parcels a certificate covers.
  const mortgages = await reg.activeMortgages([...found.values()].map((p) => p.id));
  form.parcels.forEach((k, i) => {
    const p = found.get(parcelKeyString(k));
    if (p && mortgages.some((x) => x.parcelId === p.id)) issues.push(mortgageIssue(`parcels[${i}]`));
  });
  if (facts && !certProblem) {
    const holders = new Map(facts.holders.map((h) => [h.holder.idNumber, h.holder]));
    // One answer for a wrong number and a wrong name, so the form cannot be used to probe who holds what.
    if (form.transferors.some((t) => { const h = holders.get(t.idNumber); return !h || !sameName(h.name, t.name); })) {
      issues.push(confidential({ field: 'transferors', message: 'Bên chuyển nhượng không khớp với người đứng tên trên Giấy chứng nhận / The transferors do not match the holders named on the certificate' }));
    }
    // A certificate's holders dispose of the land together (Civil Code 2015 art. 218): a share
    // transfer would need the share split first, which is another procedure.
    const named = new Set(form.transferors.map((t) => t.idNumber));
    const missing = facts.holders.filter((h) => !named.has(h.holder.idNumber)).length;
    if (missing) {
      issues.push(confidential({ field: 'transferors', message: `Mọi người đứng tên trên Giấy chứng nhận phải là bên chuyển nhượng (thiếu ${missing} người) / Every holder of the certificate must be a transferor (${missing} missing)` }));
    }
  }
  // Whether a number is already a registered holder is checked at approval (an officer), not for the public form.
  if (lock) issues.push(...(await checkKnownHolders(reg, 'transferees', form.transferees)));
  if (issues.length || !facts) return { issues, facts: null };
  const moving = new Set(transferred.map((p) => p.id));
  return { issues, facts: { ...facts, transferred, remaining: facts.parcels.filter((p) => !moving.has(p.id)) } };
}

/** Holders already on record under the same number must be the same person or organisation. */
async function checkKnownHolders(reg: LandRegister, path: string, parties: Party[]): Promise<RegisterIssue[]> {
  const known = await reg.holders(parties.map((p) => p.idNumber));
  const issues: RegisterIssue[] = [];
  // Confidential: they tell that a number is a registered holder, and under which name.
  parties.forEach((p, i) => {
    const h = known.get(p.idNumber);
    if (h && h.kind !== p.kind) issues.push(confidential({ field: `${path}[${i}].kind`, message: 'Khác loại với người sử dụng đất đã đăng ký cùng số định danh / Differs from the holder registered under this number' }));
    else if (h && !sameName(h.name, p.name)) issues.push(confidential({ field: `${path}[${i}].name`, message: 'Họ tên khác với người sử dụng đất đã đăng ký cùng số định danh / Differs from the name registered under this number' }));
  });
  return issues;
}

export interface FirstRegistrationFacts {
  commune: AdminUnit;
  parcel: LandParcel | null;
}

/** A first certificate needs a commune that exists today and a parcel without a valid certificate. */
export async function checkFirstRegistration(reg: LandRegister, form: FirstRegistrationForm): Promise<{ issues: RegisterIssue[]; facts: FirstRegistrationFacts | null }> {
  const issues: RegisterIssue[] = [];
  const commune = await reg.commune(form.parcel.communeCode);
  if (!commune) issues.push({ field: 'parcel.communeCode', message: `Không có xã, phường mã ${form.parcel.communeCode} đang tồn tại / No current commune with this code` });
  const parcel = (await reg.parcels([form.parcel])).get(parcelKeyString(form.parcel)) ?? null;
  if (parcel && (await reg.validCertificates([parcel.id])).size) {
    issues.push({ field: 'parcel', message: 'Thửa đất đã được cấp Giấy chứng nhận còn hiệu lực / The parcel already has a valid certificate' });
  }
  issues.push(...(await checkKnownHolders(reg, 'holders', form.holders)));
  return { issues, facts: issues.length ? null : { commune: commune!, parcel } };
}

/** A mortgage is registered on a valid certificate, once per contract. */
export async function checkMortgage(reg: LandRegister, form: MortgageForm, lock = false): Promise<{ issues: RegisterIssue[]; facts: CertificateFacts | null }> {
  const facts = await reg.certificate(form.certificateSerial, lock);
  const problem = certificateIssue('certificateSerial', form.certificateSerial, facts);
  if (problem) return { issues: [problem], facts: null };
  const active = await reg.activeMortgages(facts!.parcels.map((p) => p.id));
  if (active.some((m) => m.contractNumber === form.contractNumber)) {
    return { issues: [confidential({ field: 'contractNumber', message: `Hợp đồng thế chấp số ${form.contractNumber} đã được đăng ký / This mortgage contract is already registered` })], facts: null };
  }
  return { issues: [], facts };
}

/** A release needs the mortgage under that contract to be in force on the certificate's parcels. */
export async function checkMortgageRelease(
  reg: LandRegister,
  form: MortgageReleaseForm,
  lock = false,
): Promise<{ issues: RegisterIssue[]; facts: (CertificateFacts & { mortgages: ActiveMortgage[] }) | null }> {
  const facts = await reg.certificate(form.certificateSerial, lock);
  const problem = certificateIssue('certificateSerial', form.certificateSerial, facts);
  if (problem) return { issues: [problem], facts: null };
  const mortgages = (await reg.activeMortgages(facts!.parcels.map((p) => p.id))).filter((m) => m.contractNumber === form.contractNumber);
  if (!mortgages.length) {
    return {
      issues: [confidential({ field: 'contractNumber', message: `Không có đăng ký thế chấp còn hiệu lực theo hợp đồng số ${form.contractNumber} trên Giấy chứng nhận này / No mortgage in force under this contract on the certificate` })],
      facts: null,
    };
  }
  return { issues: [], facts: { ...facts!, mortgages } };
}

/** A lost certificate is re-issued only while it is valid, for a loss after its issue. */
export async function checkReissue(reg: LandRegister, form: ReissueForm, lock = false): Promise<{ issues: RegisterIssue[]; facts: CertificateFacts | null }> {
  const facts = await reg.certificate(form.certificateSerial, lock);
  const problem = certificateIssue('certificateSerial', form.certificateSerial, facts);
  if (problem) return { issues: [problem], facts: null };
  if (form.lossReportedAt < facts!.certificate.issuedOn) {
    return { issues: [confidential({ field: 'lossReportedAt', message: 'Ngày báo mất trước ngày cấp Giấy chứng nhận / The loss is dated before the certificate was issued' })], facts: null };
  }
  return { issues: [], facts };
}

// --- changes to the register ---------------------------------------------------------------------

/** The holder under this number, created on first sight; a newly given address is kept. */
async function holderOf(em: EntityManager, p: Party): Promise<LandHolder> {
  const h = await em.findOne(LandHolder, { idNumber: p.idNumber });
  if (!h) return em.create(LandHolder, { kind: p.kind, name: p.name, idNumber: p.idNumber, address: p.address });
  if (p.address && p.address !== h.address) h.address = p.address;
  return h;
}

async function issueCertificate(em: EntityManager, change: RegisterChange, holders: { holder: LandHolder; shareNote: string | null }[], parcels: LandParcel[]): Promise<LandCertificate> {
  const localDate = vietnamLocalDate(change.at);
  const numbers = await allocateCertificateNumbers(em, Number(localDate.slice(0, 4)), change.agencyCode);
  const certificate = em.create(LandCertificate, {
    ...numbers,
    issuedOn: localDate,
    issuingAgencyCode: change.agencyCode,
    issuingAgencyName: change.agencyName,
    dossierCode: change.dossierCode,
    createdAt: change.at,
  });
  holders.forEach((h, i) => em.create(LandCertificateHolder, { certificate, holder: h.holder, position: i + 1, shareNote: h.shareNote }));
  for (const parcel of parcels) em.create(LandCertificateParcel, { certificate, parcel });
  return certificate;
}

const TRANSFER_LABELS: Record<TransferForm['transferKind'], string> = { TRANSFER: 'Chuyển nhượng', GIFT: 'Tặng cho', INHERITANCE: 'Thừa kế' };

const named = (role: string, names: string[]): RegistrationParty[] => names.map((name) => ({ role, name }));

/**
 * Registers an approved transfer: a new certificate for the transferees over the transferred
 * parcels, one for the former holders over any parcel they keep, the old certificate marked
 * replaced, and a history entry on every parcel.
 */
export async function applyTransfer(em: EntityManager, form: TransferForm, facts: TransferFacts, change: RegisterChange) {
  const transferees = [];
  for (const p of form.transferees) transferees.push({ holder: await holderOf(em, p), shareNote: p.shareNote });
  const issued = await issueCertificate(em, change, transferees, facts.transferred);
  const rest = facts.remaining.length ? await issueCertificate(em, change, facts.holders, facts.remaining) : null;
  const old = facts.certificate;
  old.status = CertificateStatus.REPLACED;
  old.replacedBy = issued;
  old.statusReason = `${TRANSFER_LABELS[form.transferKind]} quyền sử dụng đất theo hồ sơ ${change.dossierCode}`;
  const parties = [...named('TRANSFEROR', form.transferors.map((p) => p.name)), ...named('TRANSFEREE', form.transferees.map((p) => p.name))];
  for (const parcel of facts.transferred) {
    em.create(ParcelRegistration, {
      parcel,
      kind: RegistrationKind.TRANSFER,
      at: change.at,
      dossierCode: change.dossierCode,
      certificateBefore: old,
      certificateAfter: issued,
      parties,
      note: TRANSFER_LABELS[form.transferKind],
    });
  }
  for (const parcel of facts.remaining) {
    em.create(ParcelRegistration, {
      parcel,
      kind: RegistrationKind.CERTIFICATE_REISSUED,
      at: change.at,
      dossierCode: change.dossierCode,
      certificateBefore: old,
      certificateAfter: rest,
      parties: named('HOLDER', facts.holders.map((h) => h.holder.name)),
      note: 'Cấp Giấy chứng nhận mới cho các thửa đất còn lại sau khi chuyển quyền một phần',
    });
  }
  return { newCertificateSerial: issued.serial, replacedCertificateSerial: old.serial, ...(rest ? { remainderCertificateSerial: rest.serial } : {}) };
}

/** Registers a first certificate: the parcel (created, or updated to the appraised facts), its holders and the certificate. */
export async function applyFirstRegistration(em: EntityManager, form: FirstRegistrationForm, facts: FirstRegistrationFacts, change: RegisterChange) {
  const f = form.parcel;
  let parcel = facts.parcel;
  if (!parcel) {
    parcel = em.create(LandParcel, {
      communeCode: f.communeCode,
      commune: facts.commune,
      mapSheet: f.mapSheet,
      parcelNumber: f.parcelNumber,
      areaM2: f.areaM2.toFixed(1),
      purposeCode: f.purposeCode,
      useUntil: f.useUntil,
      address: f.address,
      createdAt: change.at,
    });
  } else {
    Object.assign(parcel, { areaM2: f.areaM2.toFixed(1), purposeCode: f.purposeCode, useUntil: f.useUntil, address: f.address });
  }
  const holders = [];
  for (const p of form.holders) holders.push({ holder: await holderOf(em, p), shareNote: p.shareNote });
  const issued = await issueCertificate(em, change, holders, [parcel]);
  em.create(ParcelRegistration, {
    parcel,
    kind: RegistrationKind.FIRST_REGISTRATION,
    at: change.at,
    dossierCode: change.dossierCode,
    certificateAfter: issued,
    parties: named('HOLDER', form.holders.map((h) => h.name)),
  });
  return { newCertificateSerial: issued.serial };
}

/** Records the mortgage on every parcel of the certificate. */
export function applyMortgage(em: EntityManager, form: MortgageForm, facts: CertificateFacts, change: RegisterChange) {
  for (const parcel of facts.parcels) {
    em.create(ParcelRegistration, {
      parcel,
      kind: RegistrationKind.MORTGAGE_REGISTERED,
      at: change.at,
      dossierCode: change.dossierCode,
      certificateBefore: facts.certificate,
      certificateAfter: facts.certificate,
      parties: named('MORTGAGOR', facts.holders.map((h) => h.holder.name)),
      mortgageeName: form.mortgagee.name,
      mortgageeTaxCode: form.mortgagee.taxCode,
      securedAmountVnd: form.securedAmountVnd,
      contractNumber: form.contractNumber,
      contractDate: form.contractDate,
    });
  }
  return { certificateSerial: facts.certificate.serial, contractNumber: form.contractNumber, parcels: facts.parcels.length };
}

/** Records the release on every parcel the contract's mortgage is in force on. */
export function applyMortgageRelease(em: EntityManager, form: MortgageReleaseForm, facts: CertificateFacts & { mortgages: ActiveMortgage[] }, change: RegisterChange) {
  for (const m of facts.mortgages) {
    em.create(ParcelRegistration, {
      parcel: em.getReference(LandParcel, m.parcelId),
      kind: RegistrationKind.MORTGAGE_RELEASED,
      at: change.at,
      dossierCode: change.dossierCode,
      certificateBefore: facts.certificate,
      certificateAfter: facts.certificate,
      parties: named('MORTGAGOR', facts.holders.map((h) => h.holder.name)),
      mortgageeName: m.mortgageeName,
      mortgageeTaxCode: m.mortgageeTaxCode,
      securedAmountVnd: m.securedAmountVnd,
      contractNumber: m.contractNumber,
      contractDate: m.contractDate,
    });
  }
  return { certificateSerial: facts.certificate.serial, contractNumber: form.contractNumber, parcels: facts.mortgages.length };
}

/** Re-issues a lost certificate: the same holders and parcels on a new one, the lost one revoked. */
export async function applyReissue(em: EntityManager, form: ReissueForm, facts: CertificateFacts, change: RegisterChange) {
  const issued = await issueCertificate(em, change, facts.holders, facts.parcels);
  const old = facts.certificate;
  old.status = CertificateStatus.REVOKED;
  old.replacedBy = issued;
  old.statusReason = `Mất Giấy chứng nhận (báo mất ngày ${form.lossReportedAt}, ${form.lossNoticeRef}); cấp lại theo hồ sơ ${change.dossierCode}`;
  for (const parcel of facts.parcels) {
    em.create(ParcelRegistration, {
      parcel,
      kind: RegistrationKind.CERTIFICATE_REISSUED,
      at: change.at,
      dossierCode: change.dossierCode,
      certificateBefore: old,
      certificateAfter: issued,
      parties: named('HOLDER', facts.holders.map((h) => h.holder.name)),
      note: 'Cấp lại Giấy chứng nhận do bị mất',
    });
  }
  return { newCertificateSerial: issued.serial, revokedCertificateSerial: old.serial };
}
