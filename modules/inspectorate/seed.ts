import { Role } from '../../src/auth/roles';
import { agencyDesk, createDemoAccounts } from '../../src/kernel/demo-staff';
import { SeedContext } from '../../src/kernel/module-contract';
import { INSPECTORATE_AGENCY_CODE } from './procedures';

/** Demo staff of the provincial inspectorate, with a second inspector for confidentiality demos. */
export async function seedInspectorate({ em }: SeedContext): Promise<void> {
  await createDemoAccounts(em, [
    ...agencyDesk('insp', INSPECTORATE_AGENCY_CODE, ['Lương Thị Kim Oanh', 'Ngô Đình Khoa', 'Huỳnh Tấn Phát', 'Mai Xuân Thưởng']),
    { username: 'insp.admin', fullName: 'Đỗ Thanh Bình', role: Role.AGENCY_ADMIN, agencyCode: INSPECTORATE_AGENCY_CODE },
  ]);
}
