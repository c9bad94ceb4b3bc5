import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../auth/roles';
import type { WorkflowDefinition } from '../dossiers/workflow/workflow.types';
import type { AgencyKind } from '../org/agency.entity';
import type { ProcedureDefinition } from '../procedures/procedure.types';

/** An agency a module brings; synchronised into the `agency` table at start-up. */
export interface AgencyDeclaration {
  /** Electronic code, pattern `000.00.00.X00`. */
  code: string;
  name: string;
  shortName: string;
  kind: AgencyKind;
  /** Code of the administrative unit the agency belongs to (the province for departments). */
  unitCode: string;
  parentCode?: string | null;
  validFrom?: string;
}

/** A permission a module adds: who may do `action` on `resource` (checked by `can()`). */
export interface PermissionRule {
  resource: string;
  action: string;
  roles: Role[];
}

/** A problem with a dossier's form data, reported to the caller as a field error. */
export interface FormIssue {
  field: string;
  message: string;
}

/** Validates the structured form data of the module's procedures on submission. */
export type FormValidator = (formData: Record<string, unknown>) => FormIssue[];

/** Reacts to a committed outbox event (delivered by the relay, at least once: be idempotent). */
export interface EventHandlerDeclaration {
  eventType: string;
  name: string;
  handle(event: { id: string; type: string; aggregateId: string; payload: Record<string, unknown> }, em: EntityManager): Promise<void>;
}

/** A measure a module adds to the statistics API without the kernel knowing the module. */
export interface StatisticDeclaration {
  key: string;
  label: string;
  description: string;
  /** SQL returning rows `(agency_code text, period date, value numeric)` for `$1`=from, `$2`=to. */
  sql: string;
}

export interface SeedContext {
  em: EntityManager;
  /** Deterministic pseudo-random numbers so demo data is the same on every machine. */
  random(): number;
  /** The moment the demo data is built around. */
  now: Date;
}

/**
 * The contract between the kernel and an agency module. A module is a value: everything the
 * kernel needs is declared here, so a server can run with any subset of modules.
 */
export interface OneDoorModule {
  /** Lower-case key used in `MODULES=` and stored on the rows the module owns. */
  name: string;
  /** Vietnamese title shown to users. */
  title: string;
  agencies: AgencyDeclaration[];
  procedures: ProcedureDefinition[];
  workflows?: WorkflowDefinition[];
  entities?: EntityClass<unknown>[];
  /** type-graphql resolver classes: queries, mutations and field resolvers on kernel types. */
  resolvers?: Function[];
  permissions?: PermissionRule[];
  /** Form validators per procedure code. */
  formValidators?: Record<string, FormValidator>;
  eventHandlers?: EventHandlerDeclaration[];
  statistics?: StatisticDeclaration[];
  /** Adds the module's demo data after the kernel's (agencies and procedures exist by then). */
  seed?(ctx: SeedContext): Promise<void>;
}

const MODULE_NAME = /^[a-z][a-z0-9-]*$/;

/** Declares an agency module; checks what can be checked without a database. */
export function defineModule(m: OneDoorModule): OneDoorModule {
  if (!MODULE_NAME.test(m.name)) throw new Error(`Module name "${m.name}" must be lower-case letters, digits and dashes`);
  if (m.agencies.length === 0) throw new Error(`Module ${m.name} declares no agency`);
  const agencyCodes = new Set(m.agencies.map((a) => a.code));
  for (const p of m.procedures) {
    if (!agencyCodes.has(p.agencyCode)) {
      throw new Error(`Module ${m.name}: procedure ${p.code} names agency ${p.agencyCode}, which the module does not declare`);
    }
  }
  for (const code of Object.keys(m.formValidators ?? {})) {
    if (!m.procedures.some((p) => p.code === code)) throw new Error(`Module ${m.name}: form validator for unknown procedure ${code}`);
  }
  return Object.freeze(m);
}
