import { DesignationDeclaration, defineModule } from '../kernel/module-contract';
import { AgencyKind } from '../org/agency.entity';
import { Principal } from './principal';
import { CONFIDENTIAL_GRANTERS, mayGrantDesignation, mayGrantRole, ROLE_GRANT_RULES, SENSITIVE_ROLES } from './role-grants';
import { Role } from './roles';

const agencyAdmin: Principal = { subject: 'a', fullName: 'a', issuer: 'local', roles: [{ role: Role.AGENCY_ADMIN, agencyId: 'A' }] };
const sysAdmin: Principal = { subject: 's', fullName: 's', issuer: 'local', roles: [{ role: Role.SYSTEM_ADMIN }] };

describe('role grant rules', () => {
  it('give no granter but a system admin a sensitive role', () => {
    for (const [granter, rule] of Object.entries(ROLE_GRANT_RULES)) {
      if (granter === Role.SYSTEM_ADMIN) continue;
      expect(rule!.roles.filter((r) => SENSITIVE_ROLES.has(r))).toEqual([]);
    }
    expect(CONFIDENTIAL_GRANTERS).toEqual([Role.SYSTEM_ADMIN]);
  });

  it('let an agency admin grant officer roles in their own agency only', () => {
    expect(mayGrantRole(agencyAdmin, Role.LEADER, 'A')).toBe(true);
    expect(mayGrantRole(agencyAdmin, Role.LEADER, 'B')).toBe(false);
    expect(mayGrantRole(agencyAdmin, Role.AGENCY_ADMIN, 'A')).toBe(false);
    expect(mayGrantRole(agencyAdmin, Role.CITIZEN, undefined)).toBe(false);
    expect(mayGrantRole(sysAdmin, Role.AGENCY_ADMIN, 'B')).toBe(true);
  });

  it('keep confidential designations for system admins whatever the module says', () => {
    const loose = { confidential: true, grantableBy: [Role.AGENCY_ADMIN] };
    expect(mayGrantDesignation(agencyAdmin, loose, 'A')).toBe(false);
    expect(mayGrantDesignation(sysAdmin, loose, 'A')).toBe(true);
    expect(mayGrantDesignation(agencyAdmin, { confidential: false, grantableBy: [Role.AGENCY_ADMIN] }, 'A')).toBe(true);
    expect(mayGrantDesignation(agencyAdmin, { confidential: false, grantableBy: [Role.AGENCY_ADMIN] }, 'B')).toBe(false);
  });
});

describe('a designation a module declares', () => {
  const module = (designations: DesignationDeclaration[]) => () =>
    defineModule({
      name: 'probe',
      agencies: [{ code: '000.00.99.H37', name: 'Probe', shortName: 'Probe', kind: AgencyKind.DEPARTMENT, unitCode: '68' }],
      procedures: [],
      designations,
    });
  const head: DesignationDeclaration = { key: 'probe.head', label: 'Head', requiresRole: Role.LEADER, confidential: true, grantableBy: [Role.SYSTEM_ADMIN] };

  it('is refused at start-up when confidential yet grantable by an agency admin, or named outside the module', () => {
    expect(module([head])).not.toThrow();
    expect(module([{ ...head, grantableBy: [Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN] }])).toThrow(/SYSTEM_ADMIN only/);
    expect(module([{ ...head, key: 'other.head' }])).toThrow(/must start with "probe."/);
    expect(module([{ ...head, agencyCodes: ['000.00.01.H37'] }])).toThrow(/does not declare/);
  });
});
