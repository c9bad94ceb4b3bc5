import { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_CALENDAR_DAYS } from '../calendar/holidays-data';
import { CalendarDay } from '../calendar/holiday.entity';
import { AdminUnit } from '../org/admin-unit.entity';
import { Agency, AGENCY_CODE_PATTERN } from '../org/agency.entity';
import { ADMIN_UNITS, KERNEL_AGENCIES } from '../org/reference-data';
import { syncCatalogue } from '../procedures/catalogue-sync';
import { ModuleSet } from './registry';

/** The unit with `code` in force on `day` (codes are reused across the 2025 merger). */
function unitOn(units: AdminUnit[], code: string, day: string): AdminUnit | undefined {
  return units.find((u) => u.code === code && u.validFrom <= day && (!u.validTo || u.validTo >= day));
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Brings the reference data in line with the code at start-up, in one transaction: the
 * administrative tree, the kernel's and the selected modules' agencies, their procedures (seeded
 * from the code but never overwriting an admin's edit: `syncCatalogue`), and (on an empty
 * calendar) the default holidays. Idempotent; existing rows are updated.
 */
export async function syncReferenceData(em: EntityManager, modules: ModuleSet): Promise<void> {
  await em.transactional(async (tx) => {
    const units = await tx.find(AdminUnit, {});
    for (const s of ADMIN_UNITS) {
      let u = units.find((x) => x.code === s.code && x.validFrom === s.validFrom);
      if (!u) {
        u = tx.create(AdminUnit, { code: s.code, name: s.name, level: s.level, validFrom: s.validFrom });
        units.push(u);
      }
      Object.assign(u, { name: s.name, level: s.level, validTo: s.validTo ?? null });
    }
    for (const s of ADMIN_UNITS) {
      const u = units.find((x) => x.code === s.code && x.validFrom === s.validFrom)!;
      u.parent = s.parentCode ? unitOn(units, s.parentCode, s.validFrom) ?? null : null;
      u.successor = s.successorCode && s.validTo ? unitOn(units, s.successorCode, nextDay(s.validTo)) ?? null : null;
    }

    const declared = [
      ...KERNEL_AGENCIES.map((a) => ({ ...a, moduleName: null as string | null })),
      ...modules.modules.flatMap((m) => m.agencies.map((a) => ({ ...a, validFrom: a.validFrom ?? '2025-07-01', validTo: undefined, moduleName: m.name }))),
    ];
    const agencies = await tx.find(Agency, {});
    for (const a of declared) {
      if (!AGENCY_CODE_PATTERN.test(a.code)) throw new Error(`Agency code ${a.code} does not follow the pattern 000.00.00.X00`);
      const unit = unitOn(units, a.unitCode, a.validTo ?? new Date().toISOString().slice(0, 10)) ?? unitOn(units, a.unitCode, a.validFrom);
      if (!unit) throw new Error(`Agency ${a.code}: unknown administrative unit ${a.unitCode}`);
      let row = agencies.find((x) => x.code === a.code);
      if (!row) {
        row = tx.create(Agency, { code: a.code, name: a.name, shortName: a.shortName, kind: a.kind, unit, validFrom: a.validFrom });
        agencies.push(row);
      }
      Object.assign(row, { name: a.name, shortName: a.shortName, abbreviation: a.abbreviation ?? null, kind: a.kind, unit, validFrom: a.validFrom, validTo: a.validTo ?? null, moduleName: a.moduleName });
    }
    for (const a of declared) {
      const row = agencies.find((x) => x.code === a.code)!;
      row.parent = a.parentCode ? agencies.find((x) => x.code === a.parentCode) ?? null : null;
    }

    await syncCatalogue(tx, modules.modules, agencies);

    if ((await tx.count(CalendarDay, {})) === 0) {
      for (const d of DEFAULT_CALENDAR_DAYS) tx.create(CalendarDay, d);
    }
  });
}
