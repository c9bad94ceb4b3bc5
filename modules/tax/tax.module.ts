import { defineModule } from '../../src/kernel/module-contract';
import { AgencyKind } from '../../src/org/agency.entity';
import { PROVINCE_UNIT_CODE } from '../../src/org/reference-data';
import { TaxCodeResolver } from './api/tax-code.resolver';
import { taxAgencies, taxProcedures } from './procedures';
import { seedTax } from './seed';
import { taxStatistics } from './statistics';

/** Tax: registration and declarations for taxpayers of the province. */
export const taxModule = defineModule({
  name: 'tax',
  title: 'Thuế',
  agencies: taxAgencies.map((a) => ({ ...a, kind: AgencyKind.CENTRAL_BRANCH, unitCode: PROVINCE_UNIT_CODE })),
  procedures: taxProcedures,
  resolvers: [TaxCodeResolver],
  statistics: taxStatistics,
  seed: seedTax,
});
