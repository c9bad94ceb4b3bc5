import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { ErrorResult } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { Agency } from '../org/agency.entity';
import { Procedure } from '../procedures/procedure.entity';
import { DecodedFile, storeFiles } from './dossier-files';
import { Dossier } from './dossier.entity';
import { DossierAccess, DossierFile } from './dossier-parts.entity';
import { HookDossier } from './workflow/hooks';
import { isApplicant } from './workflow/workflow.engine';

/*
 * What the dossier write services (intake, actions, updates) share.
 */

/** Success is a plain `{ dossierId }`; every failure is an {@link ErrorResult} instance. */
export type WriteResult = { dossierId: string } | ErrorResult;

/** The longest note (a reason, a comment) a write takes. */
export const NOTE_MAX = 2000;

/** Checks the version a caller saw (a positive integer) into `issues`. */
export function checkExpectedVersion(issues: Issues, expectedVersion: number): void {
  if (!Number.isInteger(expectedVersion) || expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
}

/** Who filed the dossier, as `isApplicant` needs it. */
export function applicantOf(d: Dossier): { applicantAccountId: string | null; applicantIdNumber: string } {
  return { applicantAccountId: d.applicantAccount?.id ?? null, applicantIdNumber: d.applicantIdNumber };
}

/** Whether the principal may read the dossier (same rule as the list path's SQL). */
export async function canSee(em: EntityManager, p: Principal, d: Dossier): Promise<boolean> {
  if (isApplicant(p, applicantOf(d))) return true;
  if (p.roles.some((g) => g.role === Role.ANALYST || g.role === Role.SYSTEM_ADMIN)) return true;
  const agencies = officerAgencies(p);
  if (!agencies.length) return false;
  return (await em.count(DossierAccess, { dossier: d.id, agency: { $in: agencies } })) > 0;
}

/** The dossier as module hooks and `updateDossier` work see it. */
export async function hookDossier(em: EntityManager, d: Dossier, procedure: Procedure): Promise<HookDossier> {
  const holding = await em.findOneOrFail(Agency, d.holdingAgency.id);
  return {
    id: d.id,
    code: d.code,
    procedureCode: procedure.code,
    state: d.state,
    nationalStatus: d.nationalStatus,
    holdingAgencyCode: holding.code,
    procedureAgencyCode: procedure.agency.code,
    applicantKind: d.applicantKind,
    applicantName: d.applicantName,
    applicantIdNumber: d.applicantIdNumber,
    formData: d.formData ?? null,
  };
}

/** Stores uploaded files (once per content) and attaches them to the dossier. */
export async function attachFiles(em: EntityManager, d: Dossier, files: DecodedFile[], p: Principal, at: () => Date): Promise<void> {
  if (!files.length) return;
  const stored = await storeFiles(em, files);
  for (const f of files) {
    em.create(DossierFile, {
      dossier: d,
      file: stored.get(f.sha256)!,
      name: f.name,
      componentCode: f.componentCode,
      uploadedBy: p.accountId ? em.getReference(Account, p.accountId) : null,
      uploadedAt: at(),
    });
  }
}
