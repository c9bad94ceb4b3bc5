import { createHash } from 'node:crypto';
import { hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { DossierAccess } from './access-level';
import { SeesPersonalDataParams, seesPersonalData } from './masking';

/**
 * How to read the dossiers a principal may see (ARCHITECTURE rule 7), as SQL over alias `d`:
 * applicants see their own, officers what their agencies received or held
 * (`dossier_access`), analysts and system admins everything without personal data.
 */
export interface VisibilityPlan {
  /** FROM clause; exposes `d` (and `a` for the officer's inbox). */
  from: string;
  where: string[];
  /** Sort key columns, newest first: they must match an index for the inbox to be fast. */
  sortAt: string;
  sortId: string;
  /** Select expression telling whether the principal's agencies handle the row. */
  officerFlag: string;
  access(row: Record<string, any>): DossierAccess;
}

/** Parameters are appended to `params` as `$n`; `null` means the principal sees nothing. */
export function visibilityPlan(p: Principal | undefined, params: unknown[], procedureAgency: (procedureId: string) => string): VisibilityPlan | null {
  if (!p) return null;
  const agencies = officerAgencies(p);
  const observer = hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN);
  const access = (row: Record<string, any>) => accessFor(p, agencies, row, procedureAgency);
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };

  if (agencies.length === 1 && !observer && !hasRole(p, Role.CITIZEN)) {
    // The common case, an officer of one agency: one range scan of dossier_access_inbox_idx.
    return {
      from: 'dossier_access a join dossier d on d.id = a.dossier_id',
      where: [`a.agency_id = ${param(agencies[0])}`],
      sortAt: 'a.submitted_at',
      sortId: 'a.dossier_id',
      officerFlag: 'true as is_officer',
      access,
    };
  }
  const officerFlag = agencies.length
    ? `exists (select 1 from dossier_access x where x.dossier_id = d.id and x.agency_id = any(${param(agencies)}::uuid[])) as is_officer`
    : 'false as is_officer';
  const base = { from: 'dossier d', sortAt: 'd.submitted_at', sortId: 'd.id', officerFlag, access };
  if (observer) return { ...base, where: [] };
  const clauses: string[] = [];
  if (p.accountId) clauses.push(`d.applicant_account_id = ${param(p.accountId)}`);
  if (hasRole(p, Role.CITIZEN) && p.identityNumber) clauses.push(`d.applicant_id_number = ${param(p.identityNumber)}`);
  if (agencies.length) clauses.push(`exists (select 1 from dossier_access y where y.dossier_id = d.id and y.agency_id = any(${param(agencies)}::uuid[]))`);
  if (!clauses.length) return null;
  return { ...base, where: [clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`] };
}

function accessFor(p: Principal, agencies: string[], row: Record<string, any>, procedureAgency: (procedureId: string) => string): DossierAccess {
  if ((p.accountId && row.applicant_account_id === p.accountId) || (p.identityNumber && hasRole(p, Role.CITIZEN) && row.applicant_id_number === p.identityNumber)) {
    return DossierAccess.APPLICANT;
  }
  if (!row.is_officer) return DossierAccess.OBSERVER;
  // An inter-agency dossier concerns the agency holding it, the one that received it and the
  // competent one; an agency that held it earlier keeps its course and history only.
  const concerned = [row.holding_agency_id, row.receiving_agency_id, procedureAgency(row.procedure_id)];
  return concerned.some((a) => agencies.includes(a)) ? DossierAccess.OFFICER : DossierAccess.FORMER_HOLDER;
}

export { seesPersonalData };

/**
 * The caller's side of `seesPersonalData(accessFor(p, …))` as parameters of
 * `seesPersonalDataSql` (masking.ts): the same facts {@link accessFor} reads, bound once.
 */
export function seesPersonalDataParams(p: Principal, procedureIdsOf: (agencies: string[]) => string[]): SeesPersonalDataParams {
  const agencies = officerAgencies(p);
  return {
    acc: p.accountId ?? null,
    idn: hasRole(p, Role.CITIZEN) && p.identityNumber ? p.identityNumber : null,
    ag: agencies,
    procs: procedureIdsOf(agencies),
  };
}

/**
 * Whether the caller could see any applicant's personal data at all (as an applicant or a
 * handling officer). Analysts and system admins cannot: they see every identity number masked,
 * so a filter on one is refused to them rather than answered (an exact-match filter would
 * unmask it by guessing).
 */
export function maySeeAnyPersonalData(p: Principal | undefined): boolean {
  return !!p && (hasRole(p, Role.CITIZEN) || officerAgencies(p).length > 0);
}

/**
 * 32 bits of SHA-256 of an identity number: enough to skip almost every event that is not a
 * citizen's own (the dossier is re-read with their rights anyway), and about 230 candidate
 * numbers per value among 12-digit ones, so the event payload identifies no one.
 */
export function applicantKey(idNumber: string): string {
  return createHash('sha256').update(idNumber).digest('hex').slice(0, 8);
}
