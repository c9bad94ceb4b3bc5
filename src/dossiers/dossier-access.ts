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
  /**
   * The caller's {@link DossierAccess} to the row `d`, as an SQL expression ({@link dossierAccessSql}
   * with the caller's parameters bound): THE rule of what the caller may see of a dossier. Every
   * read path selects it (`accessColumn`) and reads the level from the row; nothing recomputes it.
   */
  accessSql: string;
  /** `accessSql as access`, for the select list. */
  accessColumn: string;
}

/**
 * The caller's access level to a dossier row aliased `alias`, as SQL text yielding a
 * {@link DossierAccess} value: the one definition (issue 16), used by the resolvers' read models
 * (which read it from the row), the SQL-compiled list, the notification recipients and the
 * filters. `isOfficer` is a boolean expression telling whether one of the caller's agencies
 * received or held the row (`dossier_access`). An inter-agency dossier concerns the agency
 * holding it, the one that received it and the competent one; an agency that held it earlier
 * keeps its course and history only (`FORMER_HOLDER`). Ids are compared as text; NULL is false.
 */
export function dossierAccessSql(alias: string, ph: Record<keyof SeesPersonalDataParams, string>, isOfficer: string): string {
  const a = alias;
  return `(case when (${a}.applicant_account_id::text = ${ph.acc}::text or ${a}.applicant_id_number = ${ph.idn}::text) is true then '${DossierAccess.APPLICANT}'
    when (${isOfficer}) is not true then '${DossierAccess.OBSERVER}'
    when (${a}.holding_agency_id::text = any(${ph.ag}::text[]) or ${a}.receiving_agency_id::text = any(${ph.ag}::text[])
      or ${a}.procedure_id::text = any(${ph.procs}::text[])) is true then '${DossierAccess.OFFICER}'
    else '${DossierAccess.FORMER_HOLDER}' end)`;
}

/**
 * The caller's side of {@link dossierAccessSql}, bound as `$n` parameters appended to `params`.
 * `procedureIdsOf` gives the procedures whose competent agency is one of the caller's.
 */
export function bindAccessParams(p: Principal, params: unknown[], procedureIdsOf: (agencies: string[]) => string[]): Record<keyof SeesPersonalDataParams, string> {
  const sp = seesPersonalDataParams(p, procedureIdsOf);
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  return { acc: bind(sp.acc), idn: bind(sp.idn), ag: bind(sp.ag), procs: bind(sp.procs) };
}

/** Parameters are appended to `params` as `$n`; `null` means the principal sees nothing. */
export function visibilityPlan(p: Principal | undefined, params: unknown[], procedureIdsOf: (agencies: string[]) => string[]): VisibilityPlan | null {
  if (!p) return null;
  const agencies = officerAgencies(p);
  const observer = hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN);
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const ph = bindAccessParams(p, params, procedureIdsOf);
  const withAccess = (isOfficer: string) => {
    const accessSql = dossierAccessSql('d', ph, isOfficer);
    return { accessSql, accessColumn: `${accessSql} as access` };
  };

  if (agencies.length === 1 && !observer && !hasRole(p, Role.CITIZEN)) {
    // The common case, an officer of one agency: one range scan of dossier_access_inbox_idx.
    return {
      from: 'dossier_access a join dossier d on d.id = a.dossier_id',
      where: [`a.agency_id = ${param(agencies[0])}`],
      sortAt: 'a.submitted_at',
      sortId: 'a.dossier_id',
      ...withAccess('true'),
    };
  }
  const isOfficer = agencies.length ? `exists (select 1 from dossier_access x where x.dossier_id = d.id and x.agency_id::text = any(${ph.ag}::text[]))` : 'false';
  const base = { from: 'dossier d', sortAt: 'd.submitted_at', sortId: 'd.id', ...withAccess(isOfficer) };
  if (observer) return { ...base, where: [] };
  const clauses: string[] = [];
  if (p.accountId) clauses.push(`d.applicant_account_id = ${param(p.accountId)}`);
  if (hasRole(p, Role.CITIZEN) && p.identityNumber) clauses.push(`d.applicant_id_number = ${param(p.identityNumber)}`);
  if (agencies.length) clauses.push(`exists (select 1 from dossier_access y where y.dossier_id = d.id and y.agency_id = any(${param(agencies)}::uuid[]))`);
  if (!clauses.length) return null;
  return { ...base, where: [clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`] };
}

export { seesPersonalData };

/**
 * The caller's side of {@link dossierAccessSql}: the facts about the caller it compares the row
 * with, bound once per request.
 */
function seesPersonalDataParams(p: Principal, procedureIdsOf: (agencies: string[]) => string[]): SeesPersonalDataParams {
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
