import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import type { WorkflowDefinition } from '../dossiers/workflow/workflow.types';
import type { DossierActionHook, FormValidator } from '../dossiers/workflow/hooks';
import type { AgencyKind } from '../org/agency.entity';
import type { Principal } from '../auth/principal';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { DossierService } from '../dossiers/dossier.service';
import type { ProcedureDefinition } from '../procedures/procedure.types';
import type { DesignationDeclaration } from '../auth/role-grants';
import type { StatisticDeclaration } from '../statistics/module-measures.types';
import type { ModuleOptions } from './module-options';

/** An agency a module brings; synchronised into the `agency` table at start-up. */
interface AgencyDeclaration {
  /** Electronic code, pattern `000.00.00.X00`. */
  code: string;
  name: string;
  shortName: string;
  /** The issuer part of its documents' symbols (Decree 30/2020, Appendix I), e.g. `SNNMT`; omitted: derived (see `issuerAbbreviation`). */
  abbreviation?: string;
  kind: AgencyKind;
  /** Code of the administrative unit the agency belongs to (the province for departments). */
  unitCode: string;
  parentCode?: string | null;
  validFrom?: string;
}

// Declared by auth, which applies them; part of the contract all the same.
export type { DesignationDeclaration } from '../auth/role-grants';

// Hook and form-validator types live with the workflow (the domain); modules read them here.
export type { DossierActionContext, DossierActionHook, FormContext, FormIssue, FormValidator, HookDossier, VerifiedPayment } from '../dossiers/workflow/hooks';

/**
 * A service an agency of the module offers to other modules' workflows, found by key: a land
 * transfer hands its dossier to whoever provides `land-transfer-tax-assessment` without the land
 * module knowing the tax module (ARCHITECTURE rule 1).
 */
export interface CapabilityDeclaration {
  key: string;
  /** The agency that does the work (one of the module's agencies). */
  agencyCode: string;
}

/** Something the applicant owes on a dossier (a tax notice), payable online through the kernel's gateway. */
export interface PayableItem {
  /** The module's own reference (e.g. a tax notice id); handed back to its `pay` hook through the payment order. */
  ref: string;
  label: string;
  amountVnd: number;
}

/** Lists what is payable now on a dossier; the kernel sums the modules' lists into one payment order. */
type PayablesProvider = (em: EntityManager, dossierId: string) => Promise<PayableItem[]>;

/**
 * Work a module runs on a schedule (a daily digest, marking overdue obligations). Each instance
 * schedules it, but a run holds a database lock named after the job, so one instance runs it at a
 * time; `run` gets its own transaction and must be idempotent (it may run again after a crash).
 */
export interface ModuleJob {
  name: string;
  everyMs: number;
  run(em: EntityManager, now: Date): Promise<void>;
}

export type { StatisticDeclaration };

export interface SeedContext {
  em: EntityManager;
  /** Deterministic pseudo-random numbers so demo data is the same on every machine. */
  random(): number;
  /** The moment the demo data is built around. */
  now: Date;
}

/**
 * For a module's demo records (`seedDemoRecords`, `seedDossiers`), built through the module's or
 * the kernel's real services: the demo accounts as principals and the working calendar.
 */
export interface DemoSeedContext extends SeedContext {
  principal(username: string): Promise<Principal>;
  calendar: WorkingCalendar;
}

/**
 * For a module's demo dossiers, walked through the real workflow (`seedDossiers`): besides the
 * {@link DemoSeedContext}, a dossier service whose clock the module sets per step.
 */
export interface DossierSeedContext extends DemoSeedContext {
  /** A dossier service that believes it is `at()` (move the clock between steps). */
  dossierService(at: () => Date): DossierService;
}

/**
 * The contract between the kernel and an agency module. A module is a value: everything the
 * kernel needs is declared here, so a server can run with any subset of modules.
 *
 * Deliberately absent: permission rules (each module decides access to its own records with its
 * own staff tables and designations; the kernel's rules are in `src/auth/permissions.ts`) and
 * outbox event handlers (every module reaction to a dossier action must be able to refuse it, so
 * it is a {@link DossierActionHook} in the action's transaction, and timed work is a
 * {@link ModuleJob}; a module's own events feed live subscriptions only).
 */
export interface OneDoorModule<O extends Record<string, unknown> = any> {
  /** Lower-case key used in `MODULES=` and stored on the rows the module owns. */
  name: string;
  agencies: AgencyDeclaration[];
  procedures: ProcedureDefinition[];
  workflows?: WorkflowDefinition[];
  entities?: EntityClass<unknown>[];
  /** The module's own migrations (its tables), merged into the one chain by name. */
  migrations?: { name: string; class: Constructor<Migration> }[];
  /** type-graphql resolver classes: queries, mutations and field resolvers on kernel types. */
  resolvers?: Function[];
  /** Form validators per procedure code. */
  formValidators?: Record<string, FormValidator>;
  capabilities?: CapabilityDeclaration[];
  /** Designations an account must be granted explicitly (see {@link DesignationDeclaration}). */
  designations?: DesignationDeclaration[];
  payables?: PayablesProvider;
  /**
   * The module's settings, each read at start from `MODULE_<NAME>_<OPTION>` and checked there (a
   * bad value stops the server, naming the variable); `O` is the typed result the module's
   * option-dependent parts receive.
   */
  options?: ModuleOptions<O>;
  /** Scheduled work; a function of the module's options when a job depends on them. */
  jobs?: ModuleJob[] | ((options: O) => ModuleJob[]);
  dossierHooks?: DossierActionHook[];
  statistics?: StatisticDeclaration[];
  /**
   * Kinds of records holding a person's data whose reads the module logs (`ctx.dataAccess.note`,
   * src/privacy/data-access.ts), with the Vietnamese label the person sees in `myDataAccessLog`.
   * Keys start with the module's name (`tax-taxpayer`).
   */
  personalRecordTypes?: { key: string; label: string }[];
  /**
   * Adds the module's base data after the kernel's (agencies and procedures exist by then): its
   * staff and registers. Runs in the demo database and in every test database.
   */
  seed?(ctx: SeedContext): Promise<void>;
  /**
   * Demo records of the module's own (the inspectorate's petitions: its own records, not
   * dossiers), walked through the module's services. Demo database only; runs after every
   * module's `seed`, in registry order, just before the module's `seedDossiers`.
   */
  seedDemoRecords?(ctx: DemoSeedContext): Promise<void>;
  /**
   * Demo dossiers of the module's procedures with structured forms (the kernel's generic demo
   * dossiers skip those: their forms must match the module's register). Demo database only;
   * runs after every module's `seed`, in registry order.
   */
  seedDossiers?(ctx: DossierSeedContext): Promise<void>;
}

const MODULE_NAME = /^[a-z][a-z0-9-]*$/;
/** Columns of a measure's rows the kernel reads itself. */
const RESERVED_COLUMNS = new Set(['agency_code', 'period', 'value', 'numerator', 'denominator']);

/** Declares an agency module; checks what can be checked without a database. */
export function defineModule<O extends Record<string, unknown>>(m: OneDoorModule<O>): OneDoorModule<O> {
  if (!MODULE_NAME.test(m.name)) throw new Error(`Module name "${m.name}" must be lower-case letters, digits and dashes`);
  for (const key of Object.keys(m.options ?? {})) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(key)) throw new Error(`Module ${m.name}: option ${key} must be camelCase (it names the variable MODULE_<NAME>_<OPTION>)`);
  }
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
  for (const c of m.capabilities ?? []) {
    if (!agencyCodes.has(c.agencyCode)) throw new Error(`Module ${m.name}: capability ${c.key} names agency ${c.agencyCode}, which the module does not declare`);
  }
  for (const d of m.designations ?? []) {
    if (!d.key.startsWith(`${m.name}.`)) throw new Error(`Module ${m.name}: designation ${d.key} must start with "${m.name}."`);
    for (const code of d.agencyCodes ?? []) if (!agencyCodes.has(code)) throw new Error(`Module ${m.name}: designation ${d.key} names agency ${code}, which the module does not declare`);
    // A confidential designation is granted by a system admin only; say so rather than be silently overruled.
    if (d.confidential && d.grantableBy.some((r) => (r as string) !== 'SYSTEM_ADMIN')) throw new Error(`Module ${m.name}: confidential designation ${d.key} may be granted by SYSTEM_ADMIN only`);
  }
  for (const h of m.dossierHooks ?? []) {
    if (!h.actions?.length && !h.effects?.length) throw new Error(`Module ${m.name}: hook ${h.name} names no action and no effect`);
  }
  for (const mig of m.migrations ?? []) {
    if (!/^Migration\d{14}\w+$/.test(mig.name)) throw new Error(`Module ${m.name}: migration name ${mig.name} must be Migration<yyyyMMddHHmmss><Name>`);
  }
  for (const st of m.statistics ?? []) {
    if (!st.key.startsWith(`${m.name}.`)) throw new Error(`Module ${m.name}: measure ${st.key} must start with "${m.name}."`);
    for (const d of st.dimensions ?? []) {
      // A dimension is a column name spliced into the kernel's SQL: plain lower-case only, none of the kernel's own.
      if (!/^[a-z][a-z0-9_]*$/.test(d.key) || RESERVED_COLUMNS.has(d.key)) throw new Error(`Module ${m.name}: measure ${st.key} has an invalid dimension key ${d.key}`);
    }
  }
  for (const t of m.personalRecordTypes ?? []) {
    if (!t.key.startsWith(`${m.name}-`)) throw new Error(`Module ${m.name}: personal record type ${t.key} must start with "${m.name}-"`);
  }
  return Object.freeze(m);
}
