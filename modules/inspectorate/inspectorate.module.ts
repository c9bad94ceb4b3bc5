import { defineModule } from '../../src/kernel/module-contract';
import { AgencyKind } from '../../src/org/agency.entity';
import { PROVINCE_UNIT_CODE } from '../../src/org/reference-data';
import { PetitionKindResolver } from './api/petition-kind.resolver';
import { inspectorateAgencies, inspectorateProcedures } from './procedures';
import { seedInspectorate } from './seed';
import { petitionWorkflow } from './workflows';
import { inspectorateStatistics } from './statistics';

/** Inspectorate: citizen reception, complaints and denunciations. */
export const inspectorateModule = defineModule({
  name: 'inspectorate',
  title: 'Thanh tra',
  agencies: inspectorateAgencies.map((a) => ({ ...a, kind: AgencyKind.DEPARTMENT, unitCode: PROVINCE_UNIT_CODE })),
  procedures: inspectorateProcedures,
  workflows: [petitionWorkflow],
  resolvers: [PetitionKindResolver],
  statistics: inspectorateStatistics,
  seed: seedInspectorate,
});
