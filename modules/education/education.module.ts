import { defineModule } from '../../src/kernel/module-contract';
import { AgencyKind } from '../../src/org/agency.entity';
import { PROVINCE_UNIT_CODE } from '../../src/org/reference-data';
import { AssessmentKindResolver } from './api/assessment-kind.resolver';
import { educationAgencies, educationProcedures } from './procedures';
import { seedEducation } from './seed';

/** Education: school transfers, diploma copies, and (later) the electronic contact book. */
export const educationModule = defineModule({
  name: 'education',
  title: 'Giáo dục và Đào tạo',
  agencies: educationAgencies.map((a) => ({ ...a, kind: AgencyKind.DEPARTMENT, unitCode: PROVINCE_UNIT_CODE })),
  procedures: educationProcedures,
  resolvers: [AssessmentKindResolver],
  seed: seedEducation,
});
