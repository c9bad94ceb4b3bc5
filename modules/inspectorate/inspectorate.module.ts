import { defineModule } from '../../src/kernel/module-contract';
import { AgencyKind } from '../../src/org/agency.entity';
import { PROVINCE_UNIT_CODE } from '../../src/org/reference-data';
import { PetitionKindResolver } from './api/petition-kind.resolver';
import { PetitionResolver } from './api/petition.resolver';
import { ReceptionSessionResolver } from './api/reception-session.resolver';
import { InspectorateSetting, PetitionCounter, PetitionExtension, PetitionHistory, PetitionInspector } from './entities/petition-parts.entity';
import { Petition } from './entities/petition.entity';
import { PetitionerIdentity, PetitionerLetter } from './entities/petitioner-identity.entity';
import { ProtectedAccessLog } from './entities/protected-access-log.entity';
import { ReceptionCitizen, ReceptionSession } from './entities/reception-session.entity';
import { inspectorateFormValidators } from './forms';
import { Migration20261127030000Inspectorate } from './migrations/Migration20261127030000Inspectorate';
import { inspectorateAgencies, inspectorateProcedures } from './procedures';
import { seedInspectorate, seedPetitions } from './seed';
import { inspectorateStatistics } from './statistics';
import { petitionWorkflow } from './workflows';
import { HEAD_DESIGNATION } from './services/petition-access';

/**
 * Inspectorate: citizen reception, and the handling of complaints, denunciations,
 * recommendations and reflections as the module's own petitions, whose petitioner's identity is
 * protected (and secret for denunciations) and every read of it logged.
 */
export const inspectorateModule = defineModule({
  name: 'inspectorate',
  title: 'Thanh tra',
  agencies: inspectorateAgencies.map((a) => ({ ...a, kind: AgencyKind.DEPARTMENT, unitCode: PROVINCE_UNIT_CODE })),
  procedures: inspectorateProcedures,
  workflows: [petitionWorkflow],
  entities: [
    ReceptionSession,
    ReceptionCitizen,
    Petition,
    PetitionerIdentity,
    PetitionerLetter,
    PetitionInspector,
    PetitionExtension,
    PetitionHistory,
    PetitionCounter,
    InspectorateSetting,
    ProtectedAccessLog,
  ],
  migrations: [{ name: 'Migration20261127030000Inspectorate', class: Migration20261127030000Inspectorate }],
  resolvers: [PetitionKindResolver, PetitionResolver, ReceptionSessionResolver],
  formValidators: inspectorateFormValidators,
  designations: [HEAD_DESIGNATION],
  statistics: inspectorateStatistics,
  seed: seedInspectorate,
  // Petitions are the module's own records, not dossiers: the demo database only (`seed`, the staff, also runs in every test database).
  seedDemoRecords: seedPetitions,
});
