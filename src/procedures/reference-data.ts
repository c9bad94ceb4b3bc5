import { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/sql';
import { ADMIN_UNIT_SQL, AdminUnitView, AGENCY_SQL, AgencyView } from '../org/org.views';
import { PROCEDURE_SQL, ProcedureView } from './procedure.view';

/**
 * Agencies, administrative units and procedures, held in memory. They change only when the
 * reference data is synchronised at start-up (the same code on every instance), so every
 * instance reloads them then; read paths look them up without a query or a promise.
 */
export class ReferenceData {
  private constructor(
    private readonly agencies: Map<string, AgencyView>,
    private readonly units: Map<string, AdminUnitView>,
    private readonly procedures: Map<string, ProcedureView>,
  ) {}

  static async load(em: EntityManager): Promise<ReferenceData> {
    const [agencies, units, procedures] = await Promise.all([
      query<AgencyView>(em, AGENCY_SQL),
      query<AdminUnitView>(em, ADMIN_UNIT_SQL),
      query<ProcedureView>(em, PROCEDURE_SQL),
    ]);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, Object.freeze(r)]));
    return new ReferenceData(byId(agencies), byId(units), byId(procedures));
  }

  agency(id: string): AgencyView {
    return this.get(this.agencies, id, 'agency');
  }

  adminUnit(id: string): AdminUnitView {
    return this.get(this.units, id, 'administrative unit');
  }

  procedure(id: string): ProcedureView {
    return this.get(this.procedures, id, 'procedure');
  }

  /** By code, for arguments that name an agency or a procedure; `undefined` when unknown. */
  agencyByCode(code: string): AgencyView | undefined {
    for (const a of this.agencies.values()) if (a.code === code) return a;
    return undefined;
  }

  /** The unit with this code valid now (codes are reused across the 2025 merger), else the latest one. */
  adminUnitByCode(code: string): AdminUnitView | undefined {
    const all = [...this.units.values()].filter((u) => u.code === code);
    return all.find((u) => !u.validTo) ?? all.sort((a, b) => String(b.validFrom).localeCompare(String(a.validFrom)))[0];
  }

  /** The unit valid today that a unit became (following successors through mergers); itself when still valid. */
  currentUnit(id: string): AdminUnitView {
    let u = this.adminUnit(id);
    for (let hops = 0; u.validTo && u.successorId && u.successorId !== u.id && hops < 10; hops++) u = this.adminUnit(u.successorId);
    return u;
  }

  /** Every unit whose current unit is one of `ids` (the units themselves and their predecessors). */
  unitsBecoming(ids: string[]): string[] {
    const wanted = new Set(ids);
    return [...this.units.values()].filter((u) => wanted.has(u.id) || wanted.has(this.currentUnit(u.id).id)).map((u) => u.id);
  }

  procedureByCode(code: string): ProcedureView | undefined {
    for (const p of this.procedures.values()) if (p.code === code) return p;
    return undefined;
  }

  /** Every procedure in the catalogue, active or not, of every module (the caller filters). */
  allProcedures(): ProcedureView[] {
    return [...this.procedures.values()];
  }

  private get<T>(map: Map<string, T>, id: string, what: string): T {
    const v = map.get(id);
    // Rows reference these by foreign key, so a miss means the cache is stale: fail loudly.
    if (!v) throw new Error(`Unknown ${what} ${id}: reference data not loaded`);
    return v;
  }
}
