import { agenciesWithRole, hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { DossierAccess } from './dossier.view';

/**
 * Who may read which dossiers (ARCHITECTURE rule 7), as one SQL condition over alias `d`:
 * applicants see their own, officers the dossiers their agency holds or held, analysts and
 * system admins all of them without personal data. Parameters are appended to `params`.
 */
export function dossierVisibility(p: Principal | undefined, params: unknown[]): { sql: string; access: (row: Record<string, any>) => DossierAccess } | null {
  if (!p) return null;
  const clauses: string[] = [];
  if (p.accountId) {
    params.push(p.accountId);
    clauses.push(`d.applicant_account_id = $${params.length}`);
  }
  if (hasRole(p, Role.CITIZEN) && p.identityNumber) {
    params.push(p.identityNumber);
    clauses.push(`d.applicant_id_number = $${params.length}`);
  }
  const agencies = officerAgencies(p);
  if (agencies.length) {
    params.push(agencies);
    clauses.push(`exists (select 1 from dossier_agency_stint s where s.dossier_id = d.id and s.agency_id = any($${params.length}::uuid[]))`);
  }
  const observer = hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN);
  if (observer) clauses.push('true');
  if (!clauses.length) return null;
  return {
    sql: clauses.length === 1 ? clauses[0] : `(${clauses.join(' or ')})`,
    access: (row) => accessFor(p, row),
  };
}

/** Decides the access level for a row; the row carries `is_officer` when the query computed it. */
function accessFor(p: Principal, row: Record<string, any>): DossierAccess {
  if ((p.accountId && row.applicant_account_id === p.accountId) || (p.identityNumber && hasRole(p, Role.CITIZEN) && row.applicant_id_number === p.identityNumber)) {
    return DossierAccess.APPLICANT;
  }
  if (row.is_officer) return DossierAccess.OFFICER;
  return DossierAccess.OBSERVER;
}

/** SQL expression telling whether the principal's agencies ever held the dossier. */
export function officerFlag(p: Principal | undefined, params: unknown[]): string {
  const agencies = officerAgencies(p);
  if (!agencies.length) return 'false as is_officer';
  params.push(agencies);
  return `exists (select 1 from dossier_agency_stint s2 where s2.dossier_id = d.id and s2.agency_id = any($${params.length}::uuid[])) as is_officer`;
}

export { agenciesWithRole };
