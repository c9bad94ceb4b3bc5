import { AGENCY_BOUND_ROLES, Role } from './roles';

export interface RoleGrant {
  role: Role;
  /** Agency id for officer roles. */
  agencyId?: string;
  agencyCode?: string;
}

/** Who is calling: built from a verified token, never from client-supplied fields. */
export interface Principal {
  /** Local account id; absent for a citizen known only to the external identity provider. */
  accountId?: string;
  subject: string;
  fullName: string;
  identityNumber?: string;
  roles: RoleGrant[];
  /** `local` for our own tokens, otherwise the external issuer. */
  issuer: string;
  /** When the token it came from expires. */
  expiresAt?: Date;
  /**
   * Set for the platform itself acting on a verified external event (a payment gateway's signed
   * callback); never built from a token. It may perform only workflow actions marked `platform`.
   */
  platform?: true;
}

/** The platform acting on a verified external event, e.g. `platformPrincipal('vnpay', 'Cổng thanh toán VNPay')`. */
export function platformPrincipal(key: string, fullName: string): Principal {
  return { subject: `platform:${key}`, fullName, roles: [], issuer: 'platform', platform: true };
}

export function hasRole(p: Principal | undefined, role: Role): boolean {
  return !!p?.roles.some((g) => g.role === role);
}

/** Agencies in which the principal holds any of the given officer roles. */
export function agenciesWithRole(p: Principal | undefined, roles: readonly Role[]): string[] {
  if (!p) return [];
  return [...new Set(p.roles.filter((g) => g.agencyId && roles.includes(g.role)).map((g) => g.agencyId!))];
}

/** Agencies the principal works for, in any officer role. */
export function officerAgencies(p: Principal | undefined): string[] {
  return agenciesWithRole(p, [...AGENCY_BOUND_ROLES]);
}

export function hasRoleIn(p: Principal | undefined, role: Role, agencyId: string): boolean {
  return !!p?.roles.some((g) => g.role === role && g.agencyId === agencyId);
}
