/**
 * Who may grant what, as data (issue 13, "roles an insider cannot bend"). The account
 * mutations consult these tables and nothing else: to let someone grant a role, change a row
 * here, not a condition in a resolver.
 */
import { Principal } from './principal';
import { AGENCY_BOUND_ROLES, Role } from './roles';

/**
 * A designation beyond an officer role that a module's own rules read (the head of an
 * inspectorate, who reads denouncers' identities). The kernel stores who holds it in which
 * agency, grants it by the rules below, logs every grant and carries it in
 * the principal (`Principal.designations`); the module decides what it allows.
 */
export interface DesignationDeclaration {
  /** `<module>.<name>`, e.g. `inspectorate.head`. */
  key: string;
  /** Vietnamese title, English after: `Chánh Thanh tra / Head of the inspectorate`. */
  label: string;
  /** The officer role the holder must have in the same agency (a head is a LEADER). */
  requiresRole: Role;
  /** The module's agencies where it may be held (default: all of them). */
  agencyCodes?: string[];
  /** Reads confidential data: only a system admin may grant it, whatever `grantableBy` says. */
  confidential: boolean;
  /** Roles that may grant it (an officer role: in its own agency only). */
  grantableBy: Role[];
}

/** What one granter role may grant, and where. */
export interface RoleGrantRule {
  roles: readonly Role[];
  /** Only officer roles in an agency where the granter holds this role. */
  ownAgencyOnly: boolean;
}

/** Granter role → grantable roles. A role absent here grants nothing. */
export const ROLE_GRANT_RULES: Readonly<Partial<Record<Role, RoleGrantRule>>> = {
  [Role.SYSTEM_ADMIN]: { roles: Object.values(Role), ownAgencyOnly: false },
  [Role.AGENCY_ADMIN]: { roles: [Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.LEADER], ownAgencyOnly: true },
};

/**
 * Roles that reach beyond one agency's own work (every account, every agency's figures) and are
 * therefore granted by a system admin only. Designations a module declares `confidential` (the
 * head of an inspectorate) are on the same footing: see {@link CONFIDENTIAL_GRANTERS}.
 */
export const SENSITIVE_ROLES: ReadonlySet<Role> = new Set([Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.ANALYST]);

/** The only roles that may grant a designation reading confidential data, whatever a module declares. */
export const CONFIDENTIAL_GRANTERS: readonly Role[] = [Role.SYSTEM_ADMIN];

/** Whether `p` may grant (or revoke) `role`, in `agencyId` for an officer role. */
export function mayGrantRole(p: Principal, role: Role, agencyId: string | undefined): boolean {
  return p.roles.some((g) => {
    const rule = ROLE_GRANT_RULES[g.role];
    if (!rule?.roles.includes(role)) return false;
    if (!rule.ownAgencyOnly) return true;
    // The table never lets a scoped granter hand out a sensitive role; checked here as well.
    return AGENCY_BOUND_ROLES.has(role) && !SENSITIVE_ROLES.has(role) && !!agencyId && g.agencyId === agencyId;
  });
}

/** Whether `p` may grant (or revoke) designation `d` in `agencyId`. */
export function mayGrantDesignation(p: Principal, d: Pick<DesignationDeclaration, 'confidential' | 'grantableBy'>, agencyId: string): boolean {
  const granters = d.confidential ? CONFIDENTIAL_GRANTERS : d.grantableBy;
  return p.roles.some((g) => granters.includes(g.role) && (!AGENCY_BOUND_ROLES.has(g.role) || g.agencyId === agencyId));
}
