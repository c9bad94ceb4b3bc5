import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Principal } from '../auth/principal';
import { DurationUnit } from '../calendar/duration';
import { kernelPermissions } from '../auth/permissions';
import { FieldError, NotAuthorized, ProcedureNotFound, ValidationFailed, VersionConflict } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import { Agency } from '../org/agency.entity';
import { applyContent, contentOfRow, recordProcedureChanged, recordRevision } from './catalogue-sync';
import { checkContent, PROCEDURE_CODE_PATTERN } from './catalogue-rules';
import { Procedure } from './procedure.entity';
import { contentChanges, ProcedureContent } from './procedure-content';
import { ProcedureChange, ProcedureOrigin } from './procedure.types';

/** What the catalogue reads of the running modules (`ModuleSet` provides it). */
export interface CatalogueModules {
  readonly names: string[];
  workflowOwner(key: string): string | null | undefined;
  workflow(key: string): { states: { key: string }[]; actions: { key: string }[] };
  hookActionsFor(code: string): string[];
}

/** A change an admin asks for: the content fields given (the others stay), and `active`. */
export type ProcedurePatch = Partial<ProcedureContent> & { active?: boolean | null };

/** The outcome of an admin mutation: the row written, or why nothing was. */
export type CatalogueResult = { procedure: Procedure } | ValidationFailed | NotAuthorized | ProcedureNotFound | VersionConflict;

const WHAT = { vi: 'Thủ tục', en: 'procedure' };

/** A read on the caller's connection, inside its transaction when it has one (a second pool connection there is refused: ARCHITECTURE rule 11). */
function read<T>(em: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

/** Whether `p` may manage the catalogue entries of the agency `agencyId` (system admin: all; agency admin: its own). */
export function mayManageProcedures(p: Principal, agencyId: string): boolean {
  return kernelPermissions.can(p, 'procedure', 'manage', agencyId);
}

/**
 * The catalogue's write side: admins create, edit and retire procedures. Each change is one
 * transaction that locks the row, checks the version the admin saw, writes the new content, an
 * append-only revision (who, when, each field before and after) and the `ProcedureChanged`
 * outbox event that makes every instance reload its in-memory catalogue. A refused change writes
 * nothing. Dossiers keep the due date computed at their reception: an edit moves no deadline.
 */
export class CatalogueService {
  constructor(private readonly modules: CatalogueModules) {}

  async create(em: EntityManager, p: Principal, code: string, content: ProcedureContent): Promise<CatalogueResult> {
    const agency = await this.agency(em, content.agencyCode);
    if (!agency) {
      if (!this.managesAny(p)) return NotAuthorized.of('managing the catalogue');
    } else if (!mayManageProcedures(p, agency.id)) return NotAuthorized.of(`managing the procedures of ${content.agencyCode}`);
    const issues = new Issues();
    if (!PROCEDURE_CODE_PATTERN.test(code)) issues.add('code', 'Mã thủ tục theo mẫu quốc gia, ví dụ 1.013831 / A national procedure code, e.g. 1.013831');
    else if ((await read(em, 'select 1 from procedure where code = ?', [code])).length) issues.add('code', 'Mã thủ tục đã có / This procedure code exists');
    const clean = this.check(issues, content, agency, undefined, [], code);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    try {
      const row = await em.transactional(async (tx) => {
        const a = tx.getReference(Agency, agency!.id);
        const { agencyCode: _c, ...fields } = clean;
        const created = tx.create(Procedure, { code, moduleName: agency!.moduleName!, origin: ProcedureOrigin.ADMIN, moduleDefinition: null, ...fields, agency: a, active: true, version: 1 });
        recordRevision(tx, created, ProcedureChange.CREATED, ProcedureOrigin.ADMIN, contentChanges(null, clean), p.accountId ?? null);
        recordProcedureChanged(tx, created);
        return created;
      });
      return { procedure: row };
    } catch (e) {
      // Two admins creating the same code at once: the second meets the unique constraint.
      if (e instanceof UniqueConstraintViolationException) return ValidationFailed.of([Object.assign(new FieldError(), { field: 'code', message: 'Mã thủ tục đã có / This procedure code exists' })]);
      throw e;
    }
  }

  async update(em: EntityManager, p: Principal, code: string, expectedVersion: number, patch: ProcedurePatch): Promise<CatalogueResult> {
    return this.change(em, p, code, expectedVersion, async (tx, row, current) => {
      const next: ProcedureContent = { ...current };
      for (const k of Object.keys(patch) as (keyof ProcedureContent | 'active')[]) {
        if (k !== 'active' && patch[k] !== undefined) (next as any)[k] = patch[k];
      }
      const agency = next.agencyCode === current.agencyCode ? await this.agencyById(tx, row.agency.id) : await this.agency(tx, next.agencyCode);
      if (agency && agency.id !== row.agency.id && !mayManageProcedures(p, agency.id)) return NotAuthorized.of(`managing the procedures of ${next.agencyCode}`);
      const statesInUse = next.workflowKey === current.workflowKey ? [] : (await read<{ state: string }>(tx, 'select distinct state from dossier where procedure_id = ?', [row.id])).map((r) => r.state);
      const issues = new Issues();
      const clean = this.check(issues, next, agency, row.moduleName, statesInUse, code);
      // A received dossier keeps its due date, but a later pause extends it in the unit of the
      // procedure (calendar time for calendar days, working time otherwise: effects.ts, resumeClock).
      // Switching between the two while dossiers are running would change how theirs move.
      if ((next.processingUnit === DurationUnit.CALENDAR_DAYS) !== (current.processingUnit === DurationUnit.CALENDAR_DAYS)) {
        const [open] = await read<{ n: number }>(tx, 'select count(*)::int as n from dossier where procedure_id = ? and received_at is not null and finished_at is null and closed_at is null', [row.id]);
        if (open.n > 0) issues.add('processingTime.unit', `Còn ${open.n} hồ sơ đang giải quyết: không đổi giữa ngày làm việc và ngày lịch / ${open.n} dossiers in progress: the unit cannot switch between working time and calendar days until they are finished`);
      }
      // The competent agency decides who may act on a dossier and who reads its applicant's data
      // (workflow.engine wrongHolder, dossierAccessSql): moving it would hand every open dossier
      // of the procedure to another agency at once.
      if (agency && agency.id !== row.agency.id) {
        const [open] = await read<{ n: number }>(tx, 'select count(*)::int as n from dossier where procedure_id = ? and closed_at is null', [row.id]);
        if (open.n > 0) issues.add('agencyCode', `Còn ${open.n} hồ sơ chưa kết thúc: không chuyển thủ tục sang cơ quan khác / ${open.n} dossiers are not closed: the procedure cannot move to another agency until they are`);
      }
      if (!issues.ok) return ValidationFailed.of(issues.list);
      const changes = contentChanges(current, clean);
      const reactivate = patch.active === true && !row.active;
      if (patch.active === false && row.active) return ValidationFailed.of([Object.assign(new FieldError(), { field: 'active', message: 'Dùng retireProcedure để ngừng áp dụng / Use retireProcedure to retire' })]);
      if (!changes.length && !reactivate) return null;
      applyContent(row, clean, tx.getReference(Agency, agency!.id));
      if (reactivate) {
        row.active = true;
        changes.push({ field: 'active', from: false, to: true });
      }
      return changes.length === 1 && reactivate ? { change: ProcedureChange.REACTIVATED, changes } : { change: ProcedureChange.UPDATED, changes };
    });
  }

  async retire(em: EntityManager, p: Principal, code: string, expectedVersion: number): Promise<CatalogueResult> {
    return this.change(em, p, code, expectedVersion, async (_tx, row) => {
      if (!row.active) return ValidationFailed.of([Object.assign(new FieldError(), { field: 'code', message: 'Thủ tục đã ngừng áp dụng / The procedure is already retired' })]);
      row.active = false;
      return { change: ProcedureChange.RETIRED, changes: [{ field: 'active', from: true, to: false }] };
    });
  }

  /**
   * Locks the row, checks who and which version, lets `edit` change it (or refuse: nothing is
   * written; null: nothing to change), then records the revision and the event.
   */
  private async change(
    em: EntityManager,
    p: Principal,
    code: string,
    expectedVersion: number,
    edit: (tx: EntityManager, row: Procedure, current: ProcedureContent) => Promise<{ change: ProcedureChange; changes: { field: string; from: unknown; to: unknown }[] } | ValidationFailed | NotAuthorized | null>,
  ): Promise<CatalogueResult> {
    if (!this.managesAny(p)) return NotAuthorized.of('managing the catalogue');
    const result = await em.transactional(async (tx): Promise<CatalogueResult | { refused: CatalogueResult }> => {
      const row = await tx.findOne(Procedure, { code, moduleName: { $in: this.modules.names } }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['agency'] });
      if (!row) return { refused: ProcedureNotFound.of(code) };
      if (!mayManageProcedures(p, row.agency.id)) return { refused: NotAuthorized.of(`managing the procedures of ${row.agency.code}`) };
      if (row.version !== expectedVersion) return { refused: VersionConflict.of(expectedVersion, row.version, WHAT) };
      const outcome = await edit(tx, row, contentOfRow(row, row.agency.code));
      if (outcome === null) return { procedure: row };
      if (!('change' in outcome)) return { refused: outcome };
      row.version++;
      row.origin = ProcedureOrigin.ADMIN;
      row.updatedAt = new Date();
      recordRevision(tx, row, outcome.change, ProcedureOrigin.ADMIN, outcome.changes, p.accountId ?? null);
      recordProcedureChanged(tx, row);
      return { procedure: row };
    });
    // A refusal leaves the transaction with nothing flushed: the row was only read and locked.
    return 'refused' in result ? result.refused : result;
  }

  private check(issues: Issues, c: ProcedureContent, agency: { moduleName: string | null } | null, moduleName: string | undefined, statesInUse: string[], code: string): ProcedureContent {
    return checkContent(issues, c, {
      agency: agency ?? undefined,
      moduleName,
      runningModules: this.modules.names,
      workflowOwner: (k) => this.modules.workflowOwner(k),
      workflowKeys: (k) => {
        const w = this.modules.workflow(k);
        return { states: w.states.map((s) => s.key), actions: w.actions.map((a) => a.key) };
      },
      hookActions: this.modules.hookActionsFor(code),
      statesInUse,
    });
  }

  private managesAny(p: Principal): boolean {
    return p.roles.some((g) => mayManageProcedures(p, g.agencyId ?? ''));
  }

  private async agency(em: EntityManager, code: string): Promise<{ id: string; moduleName: string | null } | null> {
    const [a] = await read<{ id: string; moduleName: string | null }>(em, 'select id, module_name as "moduleName" from agency where code = ? and valid_to is null', [code]);
    return a ?? null;
  }

  private async agencyById(em: EntityManager, id: string): Promise<{ id: string; moduleName: string | null } | null> {
    const [a] = await read<{ id: string; moduleName: string | null }>(em, 'select id, module_name as "moduleName" from agency where id = ?', [id]);
    return a ?? null;
  }
}
