import { AgencyKind, defineModule, PROVINCE_UNIT_CODE } from '../../src/kernel';
import { LandDossierResolver } from './api/land-dossier.resolver';
import { LandUsePurposeResolver } from './api/land-use-purpose.resolver';
import { LandCertificateResolver, LandParcelResolver } from './api/parcel.resolver';
import { LandCertificate, LandCertificateHolder, LandCertificateParcel, LandCounter } from './entities/land-certificate.entity';
import { LandHolder } from './entities/land-holder.entity';
import { LandParcel } from './entities/land-parcel.entity';
import { ParcelRegistration } from './entities/parcel-registration.entity';
import { landFormValidators } from './forms';
import { landDossierHooks } from './hooks';
import { Migration20261127010000Land } from './migrations/Migration20261127010000Land';
import { landAgencies, landProcedures } from './procedures';
import { seedLand, seedLandDossiers } from './seed';
import { landTransferWorkflow } from './workflows';

/**
 * Land (natural resources and environment): the land register (parcels, holders, certificates
 * and each parcel's registration history) and the procedures that change it: first-time
 * certificate, transfer (inter-agency with the tax authority), mortgage registration and
 * release, re-issue of a lost certificate.
 */
export const landModule = defineModule({
  name: 'land',
  agencies: landAgencies.map((a) => ({
    ...a,
    kind: a.parentCode ? AgencyKind.DEPARTMENT_UNIT : AgencyKind.DEPARTMENT,
    unitCode: PROVINCE_UNIT_CODE,
  })),
  procedures: landProcedures,
  workflows: [landTransferWorkflow],
  entities: [LandParcel, LandHolder, LandCertificate, LandCertificateHolder, LandCertificateParcel, LandCounter, ParcelRegistration],
  migrations: [{ name: 'Migration20261127010000Land', class: Migration20261127010000Land }],
  resolvers: [LandUsePurposeResolver, LandParcelResolver, LandCertificateResolver, LandDossierResolver],
  formValidators: landFormValidators,
  personalRecordTypes: [{ key: 'land-holder', label: 'Thông tin người sử dụng đất' }],
  dossierHooks: landDossierHooks,
  seed: seedLand,
  seedDossiers: seedLandDossiers,
});
