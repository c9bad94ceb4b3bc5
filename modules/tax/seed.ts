import { agencyDesk, createDemoAccounts } from '../../src/kernel/demo-staff';
import { SeedContext } from '../../src/kernel/module-contract';
import { TAX_AGENCY_CODE } from './procedures';

/** Demo staff of the provincial tax office. */
export async function seedTax({ em }: SeedContext): Promise<void> {
  await createDemoAccounts(em, agencyDesk('tax', TAX_AGENCY_CODE, ['Bùi Thị Ngọc Lan', 'Phan Văn Đức', 'Trịnh Công Sơn Hải']));
}
