import { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../../src/auth/roles';
import { OneDoorModule } from '../../src/kernel/module-contract';
import { createDemoAccounts, DEMO_CITIZENS, KERNEL_DEMO_STAFF } from '../../src/kernel/demo-staff';

/** Where every test app's clock starts: a Monday morning in office hours (Mon 08:30 in Asia/Ho_Chi_Minh). */
export const TEST_CLOCK_START = '2026-11-23T01:30:00Z';

/**
 * What every test database holds besides the reference data: the demo staff and citizens and
 * each module's own seed (registers, schools, taxpayers …), no dossiers. The test setup writes
 * it once into a second template for apps of every module; apps of some modules write it for
 * those modules themselves (`startTestApp`).
 */
export async function seedTestData(em: EntityManager, modules: readonly OneDoorModule[]): Promise<void> {
  await createDemoAccounts(em, [
    { username: 'admin', fullName: 'Quản trị hệ thống', role: Role.SYSTEM_ADMIN },
    { username: 'analyst', fullName: 'Chuyên viên phân tích', role: Role.ANALYST },
    ...DEMO_CITIZENS.map((c) => ({ ...c, role: Role.CITIZEN })),
    ...KERNEL_DEMO_STAFF,
  ]);
  for (const m of modules) await m.seed?.({ em, random: Math.random, now: new Date(TEST_CLOCK_START) });
}
