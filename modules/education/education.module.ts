import { AgencyKind, defineModule, integerOption, PROVINCE_UNIT_CODE } from '../../src/kernel';
import { AnnouncementResolver } from './api/announcement.resolver';
import { AssessmentKindResolver } from './api/assessment-kind.resolver';
import { AttendanceResolver } from './api/attendance.resolver';
import { ContactBookResolver } from './api/contact-book.resolver';
import { EducationDossierResolver } from './api/education-dossier.resolver';
import { GradeResolver } from './api/grade.resolver';
import { SchoolClassResolver, SchoolResolver, SchoolYearResolver } from './api/school.resolver';
import { StudentResolver } from './api/student.resolver';
import { EDUCATION_ENTITIES } from './entities';
import { educationFormValidators } from './forms';
import { educationDossierHooks } from './hooks';
import { Migration20261127040000Education } from './migrations/Migration20261127040000Education';
import { educationAgencies, educationProcedures } from './procedures';
import { seedEducation } from './seed';
import { digestJob } from './services/digest.job';
import { educationStatistics } from './statistics';
import { schoolTransferWorkflow } from './workflows';

/**
 * Education: the electronic contact book (schools, classes, students and their guardians,
 * grades, attendance, announcements, and the messages they send), school transfers and diploma
 * copies. Rights come from the module's own staff and guardian tables (see
 * access.ts); statistics are aggregates only.
 */
export const educationModule = defineModule({
  name: 'education',
  agencies: educationAgencies.map((a) => ({ ...a, kind: AgencyKind.DEPARTMENT, unitCode: PROVINCE_UNIT_CODE })),
  procedures: educationProcedures,
  workflows: [schoolTransferWorkflow],
  entities: EDUCATION_ENTITIES,
  migrations: [{ name: 'Migration20261127040000Education', class: Migration20261127040000Education }],
  resolvers: [
    AssessmentKindResolver,
    SchoolResolver,
    SchoolClassResolver,
    SchoolYearResolver,
    StudentResolver,
    GradeResolver,
    AttendanceResolver,
    AnnouncementResolver,
    ContactBookResolver,
    EducationDossierResolver,
  ],
  formValidators: educationFormValidators,
  dossierHooks: educationDossierHooks,
  options: {
    digestHour: integerOption({ description: 'local hour (0–23) of the daily digest to guardians', default: 19, min: 0, max: 23, formerVariable: 'EDUCATION_DIGEST_HOUR' }),
  },
  jobs: (options) => [digestJob(options.digestHour)],
  statistics: educationStatistics,
  personalRecordTypes: [{ key: 'education-guardian', label: 'Thông tin liên hệ của phụ huynh học sinh' }],
  seed: seedEducation,
});
