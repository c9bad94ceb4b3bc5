/**
 * Roles of the platform. Officer roles (reception officer, specialist, leader, agency admin)
 * are always bound to one agency; the others are global.
 */
export enum Role {
  CITIZEN = 'CITIZEN',
  RECEPTION_OFFICER = 'RECEPTION_OFFICER',
  SPECIALIST = 'SPECIALIST',
  LEADER = 'LEADER',
  AGENCY_ADMIN = 'AGENCY_ADMIN',
  ANALYST = 'ANALYST',
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
}

export const AGENCY_BOUND_ROLES: ReadonlySet<Role> = new Set([
  Role.RECEPTION_OFFICER,
  Role.SPECIALIST,
  Role.LEADER,
  Role.AGENCY_ADMIN,
]);
