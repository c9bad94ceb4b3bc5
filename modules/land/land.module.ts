import { defineModule } from '../../src/kernel/module-contract';
import { AgencyKind } from '../../src/org/agency.entity';
import { PROVINCE_UNIT_CODE } from '../../src/org/reference-data';
import { LandUsePurposeResolver } from './api/land-use-purpose.resolver';
import { landAgencies, landProcedures } from './procedures';
import { seedLand } from './seed';

/** Land (natural resources and environment): land registration and certificates. */
export const landModule = defineModule({
  name: 'land',
  title: 'Đất đai',
  agencies: landAgencies.map((a) => ({
    ...a,
    kind: a.parentCode ? AgencyKind.DEPARTMENT_UNIT : AgencyKind.DEPARTMENT,
    unitCode: PROVINCE_UNIT_CODE,
  })),
  procedures: landProcedures,
  resolvers: [LandUsePurposeResolver],
  seed: seedLand,
});
