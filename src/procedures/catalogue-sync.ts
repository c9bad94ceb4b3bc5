import { EntityManager } from '@mikro-orm/postgresql';
import { Agency } from '../org/agency.entity';
import { recordOutboxEvent } from '../outbox/outbox-event.entity';
import { Procedure, ProcedureRevision } from './procedure.entity';
import { contentChanges, contentOfDefinition, FieldChange, ProcedureContent, sameContent } from './procedure-content';
import { ProcedureChange, ProcedureDefinition, ProcedureOrigin } from './procedure.types';

/** Outbox event of a catalogue change: every instance reloads its in-memory catalogue (`ReferenceData`). */
export const PROCEDURE_CHANGED = 'ProcedureChanged';

/** Records the change's outbox event in the caller's transaction. */
export function recordProcedureChanged(tx: EntityManager, p: Procedure): void {
  recordOutboxEvent(tx, { aggregateType: 'Procedure', aggregateId: p.id, type: PROCEDURE_CHANGED, payload: { code: p.code, version: p.version } });
}

/** A row's content (its agency by code, from the agencies at hand). */
export function contentOfRow(p: Procedure, agencyCode: string): ProcedureContent {
  return {
    name: p.name, field: p.field, agencyCode, onlineKind: p.onlineKind, legacyLevel: p.legacyLevel ?? null,
    processingAmount: Number(p.processingAmount), processingUnit: p.processingUnit, applicantKinds: p.applicantKinds,
    components: p.components, forms: p.forms, fees: p.fees, resultKind: p.resultKind, legalBasis: p.legalBasis, workflowKey: p.workflowKey,
  };
}

/** Writes a content onto a row (the agency resolved by the caller). */
export function applyContent(p: Procedure, c: ProcedureContent, agency: Agency): void {
  Object.assign(p, {
    name: c.name, field: c.field, agency, onlineKind: c.onlineKind, legacyLevel: c.legacyLevel, processingAmount: c.processingAmount,
    processingUnit: c.processingUnit, applicantKinds: c.applicantKinds, components: c.components, forms: c.forms, fees: c.fees,
    resultKind: c.resultKind, legalBasis: c.legalBasis, workflowKey: c.workflowKey,
  });
}

/** Appends a revision row. */
export function recordRevision(tx: EntityManager, p: Procedure, change: ProcedureChange, origin: ProcedureOrigin, changes: FieldChange[], actor: string | null): void {
  tx.create(ProcedureRevision, { procedure: p, version: p.version, origin, change, changes, actor, at: new Date() });
}

/**
 * Seeds and upgrades the catalogue from the modules' code definitions, inside the reference-data
 * transaction. The table is the source of truth; the code only seeds it:
 *
 * - a procedure the table lacks (first start, or one a module adds later) is created from the
 *   code, with a `CREATED` revision by the module;
 * - a row whose module definition has not changed since the last start is left alone, whatever
 *   an admin did to it (edits, retirement);
 * - a module upgrade that changes a definition updates a row the module wrote last
 *   (`origin: MODULE`: an `UPDATED` revision by the module), but never a row an admin edited
 *   (`origin: ADMIN`): the admin's content is kept and a `MODULE_CHANGE_HELD` revision records
 *   what the module would have changed, for an admin to adopt or not with `updateProcedure`.
 *
 * Rows that existed before revisions did get a baseline `CREATED` revision at their first
 * synchronisation. Retirement is never undone by the code. Changes to a catalogue that already
 * had rows write a `ProcedureChanged` event (instances still running reload; the first seed of an
 * empty catalogue has no one to tell).
 */
export async function syncCatalogue(tx: EntityManager, modules: readonly { name: string; procedures: readonly ProcedureDefinition[] }[], agencies: Agency[]): Promise<void> {
  const rows = await tx.find(Procedure, {}, { populate: ['agency'] });
  const seededBefore = rows.length > 0;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const m of modules) {
    for (const def of m.procedures) {
      const content = contentOfDefinition(def);
      const agency = agencies.find((a) => a.code === def.agencyCode);
      if (!agency) throw new Error(`Procedure ${def.code}: unknown agency ${def.agencyCode}`);
      const row = byCode.get(def.code);
      if (!row) {
        const created = tx.create(Procedure, { code: def.code, moduleName: m.name, moduleDefinition: content as never, ...fieldsFor(content, agency) });
        recordRevision(tx, created, ProcedureChange.CREATED, ProcedureOrigin.MODULE, contentChanges(null, content), null);
        if (seededBefore) recordProcedureChanged(tx, created);
        continue;
      }
      const current = contentOfRow(row, row.agency.code);
      if (row.moduleDefinition == null) {
        // A row from before revisions: today's content is its baseline, then the code applies as before.
        recordRevision(tx, row, ProcedureChange.CREATED, ProcedureOrigin.MODULE, contentChanges(null, current), null);
      } else if (sameContent(row.moduleDefinition, content)) {
        continue;
      }
      row.moduleDefinition = content as never;
      const changes = contentChanges(current, content);
      if (!changes.length) continue;
      if (row.origin === ProcedureOrigin.ADMIN) {
        recordRevision(tx, row, ProcedureChange.MODULE_CHANGE_HELD, ProcedureOrigin.MODULE, changes, null);
        continue;
      }
      applyContent(row, content, agency);
      row.moduleName = m.name;
      row.version++;
      row.updatedAt = new Date();
      recordRevision(tx, row, ProcedureChange.UPDATED, ProcedureOrigin.MODULE, changes, null);
      recordProcedureChanged(tx, row);
    }
  }
}

function fieldsFor(c: ProcedureContent, agency: Agency) {
  const { agencyCode: _code, ...rest } = c;
  return { ...rest, agency };
}
