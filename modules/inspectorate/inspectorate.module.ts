import { AgencyKind, defineModule, PROVINCE_UNIT_CODE } from '../../src/kernel';
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
import { Migration20261207210000InspectorateSecondComplaints } from './migrations/Migration20261207210000InspectorateSecondComplaints';
import { inspectorateAgencies, inspectorateProcedures } from './procedures';
import { seedInspectorate, seedPetitions } from './seed';
import { inspectorateStatistics } from './statistics';
import { HEAD_DESIGNATION } from './access';

/**
 * Inspectorate: citizen reception, and the handling of complaints, denunciations,
 * recommendations and reflections as the module's own petitions, whose petitioner's identity is
 * protected (and secret for denunciations) and every read of it logged.
 *
 * Petitions (complaints, denunciations, recommendations, reflections) stay the module's own
 * records, not kernel dossiers, for the confidentiality of the complainant and the denouncer: a
 * dossier shows its applicant to every officer of the holding agency, in lists, exports,
 * notifications and statistics, while the Law on Denunciations 25/2018/QH14 (art. 47) protects
 * the denouncer, whose name, address and handwriting only the assigned inspectors and the head
 * may read (access.ts), each read logged.
 */
export const inspectorateModule = defineModule({
  name: 'inspectorate',
  agencies: inspectorateAgencies.map((a) => ({ ...a, kind: AgencyKind.DEPARTMENT, unitCode: PROVINCE_UNIT_CODE })),
  procedures: inspectorateProcedures,
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
  migrations: [
    { name: 'Migration20261127030000Inspectorate', class: Migration20261127030000Inspectorate },
    { name: 'Migration20261207210000InspectorateSecondComplaints', class: Migration20261207210000InspectorateSecondComplaints },
  ],
  resolvers: [PetitionKindResolver, PetitionResolver, ReceptionSessionResolver],
  formValidators: inspectorateFormValidators,
  designations: [HEAD_DESIGNATION],
  statistics: inspectorateStatistics,
  seed: seedInspectorate,
  // Petitions are the module's own records, not dossiers: the demo database only (`seed`, the staff, also runs in every test database).
  seedDemoRecords: seedPetitions,
});
