import { EntityManager } from '@mikro-orm/postgresql';
import { Account, AccountChange, AccountDesignation, AccountGrantLog, RoleAssignment } from '../auth/account.entity';
import { hashPassword } from '../auth/password';
import { taxCheckDigit } from '../graphql/validation';
import { Role } from '../auth/roles';
import { Agency } from '../org/agency.entity';

/** Password of every demo account (demo mode only; listed in the README). */
export const DEMO_PASSWORD = 'onedoor-demo';

export interface DemoStaffMember {
  username: string;
  fullName: string;
  role: Role;
  agencyCode?: string;
  email?: string;
  phone?: string;
  identityNumber?: string;
  /** Designations (module keys) held in `agencyCode`, e.g. `inspectorate.head`. */
  designations?: string[];
}

let demoHash: Promise<string> | undefined;

/** Creates demo accounts (idempotent by username); modules call it from their seed. */
export async function createDemoAccounts(em: EntityManager, members: DemoStaffMember[]): Promise<void> {
  demoHash ??= hashPassword(DEMO_PASSWORD);
  const passwordHash = await demoHash;
  for (const m of members) {
    const agency = m.agencyCode ? await em.findOneOrFail(Agency, { code: m.agencyCode }) : null;
    const existing = await em.findOne(Account, { username: m.username }, { populate: ['designations'] });
    if (existing) {
      // A demo database seeded before designations existed gets them now (demo and tests only).
      for (const key of m.designations ?? []) {
        if (!existing.designations.getItems().some((d) => d.key === key && d.agency.id === agency!.id)) grantDemoDesignation(em, existing, key, agency!);
      }
      continue;
    }
    const account = em.create(Account, {
      username: m.username,
      fullName: m.fullName,
      passwordHash,
      email: m.email ?? null,
      phone: m.phone ?? null,
      identityNumber: m.identityNumber ?? null,
      // The demo citizens stand for entries of the citizen register: their numbers are verified.
      identityVerified: m.role === Role.CITIZEN && !!m.identityNumber,
    });
    em.create(RoleAssignment, { account, role: m.role, agency });
    em.create(AccountGrantLog, { account: account.id, change: AccountChange.CREATED });
    em.create(AccountGrantLog, { account: account.id, change: AccountChange.ROLE_GRANTED, role: m.role, agency: agency?.id ?? null });
    for (const key of m.designations ?? []) grantDemoDesignation(em, account, key, agency!);
  }
  await em.flush();
}

function grantDemoDesignation(em: EntityManager, account: Account, key: string, agency: Agency): void {
  em.create(AccountDesignation, { account, key, agency });
  em.create(AccountGrantLog, { account: account.id, change: AccountChange.DESIGNATION_GRANTED, designation: key, agency: agency.id });
  account.tokenVersion++;
}

/** The usual three desks of an agency: reception, a specialist, a leader. */
export function agencyDesk(prefix: string, agencyCode: string, names: [string, string, string, string?]): DemoStaffMember[] {
  const [reception, specialist, leader, specialist2] = names;
  return [
    { username: `${prefix}.reception`, fullName: reception, role: Role.RECEPTION_OFFICER, agencyCode },
    { username: `${prefix}.specialist`, fullName: specialist, role: Role.SPECIALIST, agencyCode },
    ...(specialist2 ? [{ username: `${prefix}.specialist2`, fullName: specialist2, role: Role.SPECIALIST, agencyCode }] : []),
    { username: `${prefix}.leader`, fullName: leader, role: Role.LEADER, agencyCode },
  ];
}

/** Staff of the agencies no module declares: the provincial committee's office and two ward committees. */
export const KERNEL_DEMO_STAFF: DemoStaffMember[] = [
  ...agencyDesk('ubnd', '000.00.00.H37', ['Lê Thị Thu Văn', 'Nguyễn Hữu Tổng Hợp', 'Trần Quốc Tỉnh']),
  ...agencyDesk('xuanhuong', '000.31.22.H37', ['Phạm Thị Xuân', 'Đỗ Văn Hương', 'Hồ Minh Phường']),
  ...agencyDesk('lamvien', '000.32.22.H37', ['K’ Thị Lâm', 'Ya Văn Viên', 'Bùi Đức Phường']),
];

/** A valid 10-digit organisation tax code built from 9 digits (check digit computed). */
export function taxCodeFrom(nine: string): string {
  const check = taxCheckDigit(nine);
  return check === 10 ? taxCodeFrom(String((Number(nine) + 1) % 1e9).padStart(9, '0')) : `${nine}${check}`;
}

/** The demo citizens every demo database has (signed in as `citizen.an` … with {@link DEMO_PASSWORD}); module seeds give them records. */
export const DEMO_CITIZENS = [
  { username: 'citizen.an', fullName: 'Nguyễn Văn An', identityNumber: '068085001234', email: 'an.nguyen@example.vn', phone: '0912345678' },
  { username: 'citizen.binh', fullName: 'Trần Thị Bình', identityNumber: '068190004567', email: 'binh.tran@example.vn', phone: '0987654321' },
  { username: 'citizen.cuong', fullName: 'Lê Quốc Cường', identityNumber: '067092007890', email: 'cuong.le@example.vn', phone: '0905111222' },
  { username: 'citizen.dung', fullName: 'Phạm Thị Dung', identityNumber: '060301002345', email: 'dung.pham@example.vn', phone: '0933444555' },
];
