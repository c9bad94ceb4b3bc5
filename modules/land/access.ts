/**
 * Who may see what of the land register: readers of the register (queries) and submitters of a
 * form (what the register checks may tell them).
 *
 * What a form's checks against the land register may tell the person submitting it (issue 13:
 * no oracles). Cadastral facts are public (`landParcel`: the parcel, whether a valid certificate
 * covers it, whether it is mortgaged), so problems with them are told as they are. Everything
 * else — which certificate a serial is, its status, its parcels and holders, its contracts and
 * dates, who is a registered holder — is readable only by land officers and by the holders of the
 * valid certificate ({@link mayReadParcelRegister}), and a problem found there is told in full to them.
 *
 * For anyone else (a buyer or a bank filing online) the answer must not depend on the register at
 * all: a generic refusal would still be an oracle, since the form would be accepted exactly when
 * the guess is right. So their form is checked against the public facts only and filed; the
 * confidential checks run again, with their full messages, when a land officer acts on the
 * dossier (the cadastral data sheet for tax, approval), as they would at the counter.
 */
import { AGENCY_BOUND_ROLES, type FormIssue, hasRole, type ModuleContext, officerAgencies, type Principal, Role } from '../../src/kernel';
import { landLoaders } from './api/land.queries';
import { CertificateStatus } from './entities/land-certificate.entity';
import { LAND_AGENCY_CODES } from './procedures';
import type { CertificateFacts, LandRegister, RegisterIssue } from './services/land-register.service';

/** Who submits a land form, as far as the register is concerned. */
export interface LandSubmitter {
  /** Any officer role in a land agency: reads the whole register. */
  officer: boolean;
  /** The identity the submitter proved, or null. */
  idNumber: string | null;
}

/**
 * From what the kernel hands to form validators: the principal (a land officer reads everything)
 * and the identity the submitter proved: the signed-in citizen online. At the counter the caller
 * passes none: an officer outside the land agencies (a ward's one-stop desk) with a guessed CCCD
 * would otherwise learn from the messages whether it holds the certificate (issue 13, no oracles).
 */
export function landSubmitter(p: Principal | undefined, verifiedIdNumber: string | null): LandSubmitter {
  const codes = new Set<string>(LAND_AGENCY_CODES);
  return {
    officer: !!p?.roles.some((g) => AGENCY_BOUND_ROLES.has(g.role) && !!g.agencyCode && codes.has(g.agencyCode)),
    idNumber: verifiedIdNumber,
  };
}

/** Whether the submitter may read this certificate's register entry: a land officer, or a holder of it while it is valid. */
function mayReadCertificate(s: LandSubmitter, facts: CertificateFacts | null): boolean {
  if (s.officer) return true;
  return !!facts && !!s.idNumber && facts.certificate.status === CertificateStatus.VALID && facts.holders.some((h) => h.holder.idNumber === s.idNumber);
}

/** {@link mayReadCertificate} by serial (read only when there is something confidential to tell). */
export async function mayReadCertificateSerial(reg: LandRegister, s: LandSubmitter, serial: string): Promise<boolean> {
  return s.officer || (!!s.idNumber && mayReadCertificate(s, await reg.certificate(serial)));
}

/**
 * The issues as the submitter may read them: all of them for a reader, the public ones for
 * anyone else (the confidential ones are checked again by an officer, see above).
 */
export async function disclose(issues: RegisterIssue[], mayRead: () => Promise<boolean> | boolean): Promise<FormIssue[]> {
  const plain = (i: RegisterIssue): FormIssue => ({ field: i.field, message: i.message });
  if (!issues.some((i) => i.confidential) || (await mayRead())) return issues.map(plain);
  return issues.filter((i) => !i.confidential).map(plain);
}

// --- readers of the register ---------------------------------------------------------------------

/**
 * Who may read what of the land register (ARCHITECTURE rule 7, Decree 13/2023 on personal data):
 * cadastral facts are public; certificates, holders and history are for land officers (any role
 * in a land agency), analysts and system admins, and a citizen named on a valid certificate of
 * the parcel. Identity numbers and addresses of holders only for land officers and the holder.
 */
export interface RegisterReader {
  officer: boolean;
  observer: boolean;
  /** The caller's identity number, when a citizen signed in with one. */
  idNumber: string | null;
}

/** Decided once per request. */
export function registerReader(ctx: ModuleContext): RegisterReader {
  return ctx.loaders.forModule('land.reader', () => {
    const p = ctx.principal;
    const landAgencyIds = LAND_AGENCY_CODES.map((c) => ctx.services.reference.agencyByCode(c)?.id).filter((id): id is string => !!id);
    return {
      officer: officerAgencies(p).some((id) => landAgencyIds.includes(id)),
      observer: hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN),
      idNumber: p?.identityNumber ?? null,
    };
  });
}

/** Whether the caller may see the certificates and history of a parcel (batched for holders). */
export async function mayReadParcelRegister(ctx: ModuleContext, parcelId: string): Promise<boolean> {
  const r = registerReader(ctx);
  if (r.officer || r.observer) return true;
  return r.idNumber ? landLoaders(ctx).heldBy(r.idNumber).load(parcelId) : false;
}

/** Whether the caller may see a holder's identity number and address. */
export function mayReadHolderDetails(ctx: ModuleContext, holderIdNumber: string): boolean {
  const r = registerReader(ctx);
  return r.officer || (!!r.idNumber && r.idNumber === holderIdNumber);
}
