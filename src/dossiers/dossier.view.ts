import { ApplicantKind } from '../procedures/procedure.types';
import { Channel } from './dossier.entity';

/** How much of a dossier the caller may see, decided once when the row is read. */
export enum DossierAccess {
  /** The applicant (or the citizen account that filed it). */
  APPLICANT = 'APPLICANT',
  /** An officer of an agency that holds or held the dossier. */
  OFFICER = 'OFFICER',
  /** Analysts and system admins: the dossier without the applicant's personal data. */
  OBSERVER = 'OBSERVER',
}

/**
 * A dossier as the read path returns it: a plain object mapped from one SQL row, without the
 * unit of work (the list path is the hot path; see ARCHITECTURE "Performance habits").
 */
export interface DossierView {
  id: string;
  code: string;
  procedureId: string;
  receivingAgencyId: string;
  holdingAgencyId: string;
  adminUnitId: string;
  applicantKind: ApplicantKind;
  applicantName: string;
  applicantIdNumber: string;
  applicantEmail: string | null;
  applicantPhone: string | null;
  applicantAddress: string | null;
  applicantAccountId: string | null;
  channel: Channel;
  state: string;
  nationalStatus: number;
  assigneeId: string | null;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  originalDueAt: Date | null;
  pausedAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  closedAt: Date | null;
  formData: Record<string, unknown> | null;
  version: number;
  access: DossierAccess;
}

/** The columns of `dossier` in the order {@link mapDossierRow} reads them. */
export const DOSSIER_COLUMNS = `d.id, d.code, d.procedure_id, d.receiving_agency_id, d.holding_agency_id, d.admin_unit_id,
  d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_email, d.applicant_phone, d.applicant_address,
  d.applicant_account_id, d.channel, d.state, d.national_status, d.assignee_id, d.submitted_at, d.received_at, d.due_at,
  d.original_due_at, d.paused_at, d.finished_at, d.returned_at, d.closed_at, d.form_data, d.version`;

const date = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string));

export function mapDossierRow(r: Record<string, any>, access: DossierAccess): DossierView {
  return {
    id: r.id,
    code: r.code,
    procedureId: r.procedure_id,
    receivingAgencyId: r.receiving_agency_id,
    holdingAgencyId: r.holding_agency_id,
    adminUnitId: r.admin_unit_id,
    applicantKind: r.applicant_kind,
    applicantName: r.applicant_name,
    applicantIdNumber: r.applicant_id_number,
    applicantEmail: r.applicant_email,
    applicantPhone: r.applicant_phone,
    applicantAddress: r.applicant_address,
    applicantAccountId: r.applicant_account_id,
    channel: r.channel,
    state: r.state,
    nationalStatus: r.national_status,
    assigneeId: r.assignee_id,
    submittedAt: date(r.submitted_at)!,
    receivedAt: date(r.received_at),
    dueAt: date(r.due_at),
    originalDueAt: date(r.original_due_at),
    pausedAt: date(r.paused_at),
    finishedAt: date(r.finished_at),
    returnedAt: date(r.returned_at),
    closedAt: date(r.closed_at),
    formData: r.form_data,
    version: r.version,
    access,
  };
}

/** `068******123`: enough to tell two numbers apart on a screen, not enough to use. */
export function maskIdNumber(n: string): string {
  if (n.length <= 6) return '*'.repeat(n.length);
  return `${n.slice(0, 3)}${'*'.repeat(n.length - 6)}${n.slice(-3)}`;
}
