import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { EntityClass, EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '../auth/roles';
import type { WorkflowDefinition } from '../dossiers/workflow/workflow.types';
import type { AgencyKind } from '../org/agency.entity';
import type { Principal } from '../auth/principal';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { DossierService } from '../dossiers/dossier.service';
import type { ProcedureDefinition } from '../procedures/procedure.types';
import type { ModuleOptions } from './module-options';

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

/** A problem with a dossier's form data, reported to the caller as a field error. */
export interface FormIssue {
  field: string;
  message: string;
}

/** What a form validator may look at besides the form: the database (read only) and the applicant. */
export interface FormContext {
  em: EntityManager;
  procedureCode: string;
  applicant: { kind: string; name: string; idNumber: string };
  /** The server's clock (dates in a form are checked against it, not the machine's). */
  now: Date;
  /** ONLINE when the applicant files it themselves; COUNTER or POST when an officer receives it (and checks the papers). */
  channel: string;
  /**
   * Who submits the form (the citizen online, the officer at the counter): messages read by them
   * must tell nothing they could not read directly (issue 13, "no oracles"). The applicant above
   * is typed in and proves nothing.
   */
  principal: Principal;
  /**
   * The identity the submitter proved: online, the signed-in citizen's own number (null for
   * anyone else); at the counter, the applicant's, whose papers the officer checked. Checks that
   * match the form against a register by the applicant's number use this one, never the typed-in
   * `applicant.idNumber` (which would let anyone probe someone else's records).
   */
  verifiedIdNumber: string | null;
}

/**
 * Validates the structured form data (`formData`) of the module's procedures on submission and
 * reception; an empty list accepts it. Field paths start at the form (`parcels[0].number`).
 */
export type FormValidator = (formData: Record<string, unknown>, ctx: FormContext) => Promise<FormIssue[]> | FormIssue[];

/**
 * A service an agency of the module offers to other modules' workflows, found by key: a land
 * transfer hands its dossier to whoever provides `land-transfer-tax-assessment` without the land
 * module knowing the tax module (ARCHITECTURE rule 1).
 */
export interface CapabilityDeclaration {
  key: string;
  /** The agency that does the work (one of the module's agencies). */
  agencyCode: string;
  /** Vietnamese description, used in messages ("Cơ quan thuế xác định nghĩa vụ tài chính"). */
  title: string;
}

/**
 * A designation beyond an officer role that a module's own rules read (the head of an
 * inspectorate, who reads denouncers' identities). The kernel stores who holds it in which
 * agency, grants it by the rules of `src/auth/role-grants.ts`, logs every grant and carries it in
 * the principal (`Principal.designations`); the module decides what it allows.
 */
export interface DesignationDeclaration {
  /** `<module>.<name>`, e.g. `inspectorate.head`. */
  key: string;
  /** Vietnamese title, English after: `Chánh Thanh tra / Head of the inspectorate`. */
  label: string;
  /** The officer role the holder must have in the same agency (a head is a LEADER). */
  requiresRole: Role;
  /** The module's agencies where it may be held (default: all of them). */
  agencyCodes?: string[];
  /** Reads confidential data: only a system admin may grant it, whatever `grantableBy` says. */
  confidential: boolean;
  /** Roles that may grant it (an officer role: in its own agency only). */
  grantableBy: Role[];
}

/** The dossier as a hook sees it (after the action's checks, before its state change). */
export interface HookDossier {
  id: string;
  code: string;
  procedureCode: string;
  state: string;
  nationalStatus: number;
  holdingAgencyCode: string;
  procedureAgencyCode: string;
  applicantKind: string;
  applicantName: string;
  applicantIdNumber: string;
  formData: Record<string, unknown> | null;
}

export interface DossierActionContext {
  /** The action's transaction: whatever the hook writes commits or rolls back with the action. */
  em: EntityManager;
  dossier: HookDossier;
  action: string;
  /** The officer or applicant acting; a platform actor (payment gateway) has `platform` set. */
  actor: { accountId: string | null; name: string; agencyCode: string | null; platform: boolean };
  /** For a transfer: the agency receiving the dossier. */
  targetAgencyCode: string | null;
  note: string | null;
  now: Date;
  /** Set when the platform performs the action after a verified online payment. */
  payment?: VerifiedPayment;
}

/** A payment the gateway confirmed with a valid signature, covering the payables listed in `items`. */
export interface VerifiedPayment {
  txnRef: string;
  gatewayTransactionNo: string;
  /** The whole order. */
  amountVnd: number;
  /** What the order paid, item by item, with the module each belongs to: a module checks its own share. */
  items: { module: string; ref: string; amountVnd: number }[];
}

/**
 * Code a module runs inside the transaction of a workflow action on a dossier that concerns it:
 * to check its own preconditions (a tax notice is paid before the dossier goes back to land) and
 * to write its own data (the certificate replaced when a transfer is approved). Issues returned
 * refuse the action as `ValidationFailed`, and nothing the action or any hook wrote is kept.
 */
export interface DossierActionHook {
  name: string;
  actions: string[];
  /** Dossiers of these procedures (default: the module's own procedures, unless `holdingAgencyCodes` is set). */
  procedureCodes?: string[];
  /** Dossiers held by one of these agencies when the action starts. */
  holdingAgencyCodes?: string[];
  /** Runs after the kernel's checks and before the new state is written. Returned data goes into the history entry. */
  run(ctx: DossierActionContext): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> } | void>;
}

/** Something the applicant owes on a dossier (a tax notice), payable online through the kernel's gateway. */
export interface PayableItem {
  /** The module's own reference (e.g. a tax notice id); handed back to its `pay` hook through the payment order. */
  ref: string;
  label: string;
  amountVnd: number;
}

/** Lists what is payable now on a dossier; the kernel sums the modules' lists into one payment order. */
export type PayablesProvider = (em: EntityManager, dossierId: string) => Promise<PayableItem[]>;

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

/** A measure a module adds to the statistics API without the kernel knowing the module. */
export interface StatisticDeclaration {
  key: string;
  label: string;
  description: string;
  /**
   * The module's own dimensions (a school, a petition's classification, a declaration form),
   * besides agency and period: each is a column of the SQL's rows named by its key.
   */
  dimensions?: { key: string; label: string }[];
  /**
   * How rows add up when grouped: `SUM` (counts, amounts: the default) of a `value` column, or
   * `RATIO` (a rate, an average) of `numerator` and `denominator` columns, so that any grouping
   * gives Σ numerator / Σ denominator rather than an average of averages.
   */
  combine?: 'SUM' | 'RATIO';
  /** Decimals a ratio is rounded to (default 4). */
  decimals?: number;
  /**
   * SQL for `$1` = from and `$2` = to (inclusive days) returning rows `(agency_code text, period
   * date, <dimension columns>, value numeric)`, or `numerator` and `denominator` for a ratio, at
   * any grain finer than the groupings asked for: the kernel sums them.
   */
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
  /** Vietnamese title shown to users. */
  title: string;
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
