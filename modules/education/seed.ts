import { agencyDesk, createDemoAccounts } from '../../src/kernel/demo-staff';
import { SeedContext } from '../../src/kernel/module-contract';
import { EDUCATION_AGENCY_CODE } from './procedures';

/** Demo staff of the department of education and training. */
export async function seedEducation({ em }: SeedContext): Promise<void> {
  await createDemoAccounts(em, agencyDesk('edu', EDUCATION_AGENCY_CODE, ['Châu Thị Bích Ngọc', 'Tạ Quang Vinh', 'Cao Thị Thanh Tâm']));
}
