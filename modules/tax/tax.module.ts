import { AgencyKind, defineModule, PROVINCE_UNIT_CODE } from '../../src/kernel';
import { TaxAssessmentResolver } from './api/tax-assessment.resolver';
import { TaxCodeResolver } from './api/tax-code.resolver';
import { TaxDossierResolver } from './api/tax-dossier.resolver';
import { TaxpayerResolver } from './api/taxpayer.resolver';
import { TaxCounter } from './entities/tax-counter.entity';
import { TaxDeclaration } from './entities/tax-declaration.entity';
import { TaxLandPrice } from './entities/tax-land-price.entity';
import { TaxNotice } from './entities/tax-notice.entity';
import { TaxObligation } from './entities/tax-obligation.entity';
import { TaxPayment } from './entities/tax-payment.entity';
import { Taxpayer } from './entities/taxpayer.entity';
import { taxFormValidators } from './forms';
import { taxDossierHooks } from './hooks';
import { Migration20261127020000Tax } from './migrations/Migration20261127020000Tax';
import { TAX_AGENCY_CODE, taxAgencies, taxProcedures } from './procedures';
import { seedTax, seedTaxDossiers } from './seed';
import { payableNotices } from './services/obligation.service';
import { taxStatistics } from './statistics';
import { taxLandTransferWorkflow } from './workflows';

/** Tax: taxpayers, declarations, and the obligations and notices of land transfers. */
export const taxModule = defineModule({
  name: 'tax',
  agencies: taxAgencies.map((a) => ({ ...a, kind: AgencyKind.CENTRAL_BRANCH, unitCode: PROVINCE_UNIT_CODE })),
  procedures: taxProcedures,
  workflows: [taxLandTransferWorkflow],
  entities: [Taxpayer, TaxDeclaration, TaxObligation, TaxNotice, TaxPayment, TaxLandPrice, TaxCounter],
  migrations: [{ name: 'Migration20261127020000Tax', class: Migration20261127020000Tax }],
  resolvers: [TaxCodeResolver, TaxpayerResolver, TaxAssessmentResolver, TaxDossierResolver],
  formValidators: taxFormValidators,
  dossierHooks: taxDossierHooks,
  capabilities: [{ key: 'land-transfer-tax-assessment', agencyCode: TAX_AGENCY_CODE }],
  payables: payableNotices,
  statistics: taxStatistics,
  personalRecordTypes: [{ key: 'tax-taxpayer', label: 'Hồ sơ người nộp thuế' }, { key: 'tax-obligation', label: 'Nghĩa vụ thuế trong thông báo thuế' }],
  seed: seedTax,
  seedDossiers: seedTaxDossiers,
});
