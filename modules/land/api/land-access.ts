import { type GraphQLContext, hasRole, officerAgencies, Role } from '../../../src/kernel';
import { LAND_AGENCY_CODES } from '../procedures';
import { landLoaders } from './land.queries';

/**
 * Who may read what of the land register (ARCHITECTURE rule 7, Decree 13/2023 on personal data):
 * cadastral facts are public; certificates, holders and history are for land officers (any role
 * in a land agency), analysts and system admins, and a citizen named on a valid certificate of
 * the parcel. Identity numbers and addresses of holders only for land officers and the holder.
 */
export interface RegisterReader {
  officer: boolean;
  observer: boolean;
  /** The caller's identity number, when a citizen signed in with one. */
  idNumber: string | null;
}

/** Decided once per request. */
export function registerReader(ctx: GraphQLContext): RegisterReader {
  return ctx.loaders.forModule('land.reader', () => {
    const p = ctx.principal;
    const landAgencyIds = LAND_AGENCY_CODES.map((c) => ctx.services.reference.agencyByCode(c)?.id).filter((id): id is string => !!id);
    return {
      officer: officerAgencies(p).some((id) => landAgencyIds.includes(id)),
      observer: hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN),
      idNumber: p?.identityNumber ?? null,
    };
  });
}

/** Whether the caller may see the certificates and history of a parcel (batched for holders). */
export async function mayReadParcelRegister(ctx: GraphQLContext, parcelId: string): Promise<boolean> {
  const r = registerReader(ctx);
  if (r.officer || r.observer) return true;
  return r.idNumber ? landLoaders(ctx).heldBy(r.idNumber).load(parcelId) : false;
}

/** Whether the caller may see a holder's identity number and address. */
export function mayReadHolderDetails(ctx: GraphQLContext, holderIdNumber: string): boolean {
  const r = registerReader(ctx);
  return r.officer || (!!r.idNumber && r.idNumber === holderIdNumber);
}
