import { AGENCY_BOUND_ROLES, Role } from './roles';

export interface RoleGrant {
  role: Role;
  /** Agency id for officer roles. */
  agencyId?: string;
  agencyCode?: string;
}

/** A designation held in one agency, e.g. `{ key: 'inspectorate.head', agencyId }`. */
interface DesignationGrant {
  key: string;
  agencyId: string;
}

/** Who is calling: built from a verified token, never from client-supplied fields. */
export interface Principal {
  /** Local account id; absent for a citizen known only to the external identity provider. */
  accountId?: string;
  subject: string;
  fullName: string;
  /**
   * A VERIFIED citizen identity, the only key to citizen-side data (own dossiers, children,
   * taxpayer file, certificates): set for a citizen account whose number is verified, or from the
   * external identity provider's token; never for a staff account, never from a number an admin
   * typed in (see {@link citizenIdentityOf}).
   */
  identityNumber?: string;
  roles: RoleGrant[];
  /** Designations a module declares (head of the inspectorate), each held in one agency. */
  designations?: DesignationGrant[];
  /** The account's token version when the token was issued (local tokens; see `Account.tokenVersion`). */
  tokenVersion?: number;
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

/** Agencies in which the principal holds designation `key`. */
export function agenciesWithDesignation(p: Principal | undefined, key: string): string[] {
  return [...new Set((p?.designations ?? []).filter((d) => d.key === key).map((d) => d.agencyId))];
}

/**
 * The one rule for citizen-side rights: an account's identity number counts only when it is
 * verified and the account is a citizen's (CITIZEN role and no other). A staff account, or a
 * number an admin typed into `createAccount`, gives none.
 */
export function citizenIdentityOf(account: { identityNumber?: string | null; identityVerified: boolean }, roles: readonly Role[]): string | undefined {
  const citizenOnly = roles.length > 0 && roles.every((r) => r === Role.CITIZEN);
  return citizenOnly && account.identityVerified && account.identityNumber ? account.identityNumber : undefined;
}
