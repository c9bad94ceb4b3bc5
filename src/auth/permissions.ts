import { AGENCY_BOUND_ROLES, Role } from './roles';
import { Principal } from './principal';

/** Who may do `action` on `resource`. */
interface PermissionRule {
  resource: string;
  action: string;
  roles: Role[];
}

/**
 * The kernel's permission rules. Modules declare none: each decides access to its own records
 * with its own rules (staff tables, designations), so the module contract has no `permissions`.
 */
const KERNEL_PERMISSIONS: PermissionRule[] = [
  { resource: 'calendar', action: 'manage', roles: [Role.SYSTEM_ADMIN] },
  // The catalogue: a system admin any procedure; an agency admin (agency-bound) only its own
  // agency's, as it grants roles only in its own agency (ROLE_GRANT_RULES, ownAgencyOnly).
  { resource: 'procedure', action: 'manage', roles: [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN] },
  { resource: 'account', action: 'manage', roles: [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN] },
  { resource: 'account', action: 'read', roles: [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN, Role.LEADER] },
];

/**
 * Answers "may this principal do `action` on `resource`" from data: a rule lists roles; an
 * officer role counts only in `agencyId` when the check names an agency.
 */
class Permissions {
  private readonly rules = new Map<string, Set<Role>>();

  constructor(rules: PermissionRule[]) {
    for (const r of rules) {
      const key = `${r.resource}:${r.action}`;
      const roles = this.rules.get(key) ?? new Set<Role>();
      r.roles.forEach((x) => roles.add(x));
      this.rules.set(key, roles);
    }
  }

  can(p: Principal | undefined, resource: string, action: string, agencyId?: string): boolean {
    const roles = this.rules.get(`${resource}:${action}`);
    if (!p || !roles) return false;
    return p.roles.some((g) => roles.has(g.role) && (!AGENCY_BOUND_ROLES.has(g.role) || agencyId === undefined || g.agencyId === agencyId));
  }
}

/** The kernel's rules, checked with `kernelPermissions.can(principal, resource, action, agencyId?)`. */
export const kernelPermissions = new Permissions(KERNEL_PERMISSIONS);
