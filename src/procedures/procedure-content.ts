/**
 * What a catalogue entry says (its content), one shape for the module's definition, the stored
 * row and an admin's input, so that the start-up synchronisation, the admin mutations and the
 * revision history compare and record the same fields. Pure: no database.
 */
import { ProcedureDefinition } from './procedure.types';
import { ProcedureView } from './procedure.view';

/** The editable content of a catalogue entry: the row's columns as read paths see them, the agency by its code. */
export type ProcedureContent = Pick<
  ProcedureView,
  'name' | 'field' | 'onlineKind' | 'legacyLevel' | 'processingAmount' | 'processingUnit' | 'applicantKinds' | 'components' | 'forms' | 'fees' | 'resultKind' | 'legalBasis' | 'workflowKey'
> & { agencyCode: string };

/** The content fields, in the order revisions list them. */
const CONTENT_FIELDS: readonly (keyof ProcedureContent)[] = [
  'name', 'field', 'agencyCode', 'onlineKind', 'legacyLevel', 'processingAmount', 'processingUnit',
  'applicantKinds', 'components', 'forms', 'fees', 'resultKind', 'legalBasis', 'workflowKey',
];

/** A value as JSON stores it (no `undefined`), so that a definition and its jsonb copy compare equal. */
function plain<T>(v: T): T {
  return v === undefined ? (null as T) : JSON.parse(JSON.stringify(v));
}

/** The content a module's code definition gives. */
export function contentOfDefinition(p: ProcedureDefinition): ProcedureContent {
  return plain({
    name: p.name,
    field: p.field,
    agencyCode: p.agencyCode,
    onlineKind: p.onlineKind,
    legacyLevel: p.legacyLevel ?? null,
    processingAmount: p.processingTime.amount,
    processingUnit: p.processingTime.unit,
    applicantKinds: p.applicantKinds,
    components: p.components,
    forms: p.forms,
    fees: p.fees,
    resultKind: p.resultKind,
    legalBasis: p.legalBasis,
    workflowKey: p.workflowKey,
  });
}

/** JSON with object keys sorted at every level: jsonb reorders keys, so equality must not depend on their order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Whether two contents (or any JSON values) say the same. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/** One field's change, as a revision records it. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The fields of `to` that differ from `from` (every field when `from` is null: a creation). */
export function contentChanges(from: ProcedureContent | null, to: ProcedureContent): FieldChange[] {
  return CONTENT_FIELDS.filter((f) => !from || !sameContent(from[f], to[f])).map((f) => ({ field: f, from: from ? plain(from[f]) : null, to: plain(to[f]) }));
}
