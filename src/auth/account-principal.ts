import { Account } from './account.entity';
import { citizenIdentityOf, Principal } from './principal';

/** The principal of a local account whose roles and designations are loaded. */
export function accountPrincipal(account: Account): Principal {
  const roles = account.roles.getItems();
  return {
    accountId: account.id,
    subject: account.id,
    fullName: account.fullName,
    identityNumber: citizenIdentityOf(account, roles.map((r) => r.role)),
    roles: roles.map((r) => ({ role: r.role, agencyId: r.agency?.id, agencyCode: r.agency?.code })),
    designations: account.designations.getItems().map((d) => ({ key: d.key, agencyId: d.agency.id })),
    tokenVersion: account.tokenVersion,
    issuer: 'local',
  };
}
