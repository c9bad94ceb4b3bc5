import { agencyDesk, createDemoAccounts } from '../../src/kernel/demo-staff';
import { SeedContext } from '../../src/kernel/module-contract';
import { LAND_AGENCY_CODE, LAND_REGISTRATION_OFFICE_CODE } from './procedures';

/** Demo staff of the land department and its registration office. */
export async function seedLand({ em }: SeedContext): Promise<void> {
  await createDemoAccounts(em, [
    ...agencyDesk('land', LAND_AGENCY_CODE, ['Nguyễn Thị Hồng Nhung', 'Trần Văn Phúc', 'Lê Minh Tuấn', 'Phạm Thị Thu Hà']),
    ...agencyDesk('landreg', LAND_REGISTRATION_OFFICE_CODE, ['Võ Thị Mai Anh', 'Đặng Quốc Bảo', 'Hoàng Văn Lâm']),
  ]);
}
