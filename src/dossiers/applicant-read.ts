import type { DataAccessCollector } from '../privacy/data-access';
import { ApplicantKind } from '../procedures/procedure.types';
import { seesPersonalData } from './masking';
import type { DossierView } from './dossier.view';

/**
 * The applicant's fields that only the applicant and the handling officers see unmasked
 * (`applicantContacts`, masking.ts). Selecting one of them, or `formData`, is a read of the
 * applicant's personal data that the personal-data access log records (Decree 13/2023/NĐ-CP).
 */
const APPLICANT_PERSONAL_FIELDS: readonly string[] = ['idNumber', 'email', 'phone', 'address'];

/**
 * Notes, for the access log, that `fields` of a dossier's applicant were returned unmasked: the
 * resolvers' half of the rule whose SQL half is `applicantReadLogSql` (the compiled list). Only
 * a person has an identity number to log under; the applicant's own read is skipped by the
 * collector; a caller who sees the data masked read nothing personal.
 */
export function noteApplicantRead(log: DataAccessCollector, d: Pick<DossierView, 'id' | 'code' | 'access' | 'applicant'>, fields: readonly string[], purpose: string): void {
  if (!fields.length || !seesPersonalData(d.access) || d.applicant.kind !== ApplicantKind.PERSON) return;
  log.note({ subjectIdNumber: d.applicant.idNumber, recordType: 'dossier', recordId: d.id, recordLabel: d.code, fields, purpose });
}

/** The fields to log for a selection of `Dossier.applicant`: none unless a masked one is selected (the name is shown to everyone who sees the dossier). */
export function applicantFieldsRead(selected: readonly string[]): string[] {
  return selected.some((f) => APPLICANT_PERSONAL_FIELDS.includes(f)) ? selected.filter((f) => f === 'name' || APPLICANT_PERSONAL_FIELDS.includes(f)).sort() : [];
}
