import { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../db/sql';
import { ADMIN_UNIT_SQL, AdminUnitView, AGENCY_SQL, AgencyView } from '../org/org.views';
import { PROCEDURE_SQL, ProcedureView } from './procedure.view';

/** One loaded state of the reference data; replaced whole by a reload, never changed. */
interface Snapshot {
  readonly agencies: Map<string, AgencyView>;
  readonly units: Map<string, AdminUnitView>;
  readonly procedures: Map<string, ProcedureView>;
}

async function loadSnapshot(em: EntityManager): Promise<Snapshot> {
  const [agencies, units, procedures] = await Promise.all([
    query<AgencyView>(em, AGENCY_SQL),
    query<AdminUnitView>(em, ADMIN_UNIT_SQL),
    query<ProcedureView>(em, PROCEDURE_SQL),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, Object.freeze(r)]));
  return Object.freeze({ agencies: byId(agencies), units: byId(units), procedures: byId(procedures) });
}

/**
 * Agencies, administrative units and procedures, held in memory; read paths look them up
 * without a query or a promise. Loaded at start-up, and reloaded whole ({@link reload}) when the
 * catalogue changes: on this instance right after an admin's change commits, on every other one
 * when the change's outbox event reaches its event feed (`ReferenceFollower`). A reload swaps one
 * frozen snapshot for another, so a request never sees half of one.
 */
export class ReferenceData {
  private constructor(private snapshot: Snapshot) {}

  static async load(em: EntityManager): Promise<ReferenceData> {
    return new ReferenceData(await loadSnapshot(em));
  }

  /** Reads everything again and swaps it in (the objects of the previous state stay valid for whoever holds them). */
  async reload(em: EntityManager): Promise<void> {
    this.snapshot = await loadSnapshot(em);
  }

  /** An object that changes with every reload: the key of caches derived from the reference data (rendered JSON). */
  get generation(): object {
    return this.snapshot;
  }

  private get agencies() {
    return this.snapshot.agencies;
  }

  private get units() {
    return this.snapshot.units;
  }

  private get procedures() {
    return this.snapshot.procedures;
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
