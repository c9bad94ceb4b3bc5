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

/** Vietnamese labels shown to users. */
export const ROLE_LABELS: Record<Role, string> = {
  [Role.CITIZEN]: 'Công dân, tổ chức',
  [Role.RECEPTION_OFFICER]: 'Cán bộ tiếp nhận (bộ phận một cửa)',
  [Role.SPECIALIST]: 'Chuyên viên thụ lý',
  [Role.LEADER]: 'Lãnh đạo',
  [Role.AGENCY_ADMIN]: 'Quản trị cơ quan',
  [Role.ANALYST]: 'Chuyên viên phân tích số liệu',
  [Role.SYSTEM_ADMIN]: 'Quản trị hệ thống',
};
