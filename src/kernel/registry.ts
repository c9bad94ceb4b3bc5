import { standardNoPaymentWorkflow, standardWorkflow } from '../dossiers/workflow/standard-workflow';
import { WorkflowActionDefinition, WorkflowDefinition } from '../dossiers/workflow/workflow.types';
import { hookApplies } from '../dossiers/workflow/hooks';
import type { MigrationEntry } from '../db/orm';
import { checkModuleVariables, resolveModuleOptions } from './module-options';
import { CapabilityDeclaration, DesignationDeclaration, DossierActionHook, FormValidator, ModuleJob, OneDoorModule, StatisticDeclaration } from './module-contract';

/**
 * The modules a server instance runs with, and what they contribute, merged and checked once
 * at start-up. Built from `modules/index.ts` by the composition root only.
 */
export class ModuleSet {
  readonly workflows = new Map<string, WorkflowDefinition>();
  /** The module that declares each workflow (null: the kernel's standard ones). */
  private readonly workflowModules = new Map<string, string | null>();
  readonly formValidators = new Map<string, FormValidator>();
  readonly capabilities = new Map<string, CapabilityDeclaration>();
  /** Designations by key, with the agencies where each may be held. */
  readonly designations = new Map<string, DesignationDeclaration & { agencyCodes: string[] }>();

  /** Each module's options, read and checked once (see `OneDoorModule.options`). */
  readonly options = new Map<string, Record<string, unknown>>();

  /** `env` holds the `MODULE_*` variables of the modules' options (none: every option's default). */
  constructor(readonly modules: readonly OneDoorModule[], env: Readonly<Record<string, string | undefined>> = {}) {
    for (const w of [standardWorkflow, standardNoPaymentWorkflow]) {
      this.workflows.set(w.key, w);
      this.workflowModules.set(w.key, null);
    }
    const names = new Set<string>();
    const agencyCodes = new Set<string>();
    const procedureCodes = new Set<string>();
    for (const m of modules) {
      if (names.has(m.name)) throw new Error(`Module ${m.name} is registered twice`);
      names.add(m.name);
      this.options.set(m.name, resolveModuleOptions(m, env));
      for (const a of m.agencies) {
        if (agencyCodes.has(a.code)) throw new Error(`Agency ${a.code} is declared by two modules`);
        agencyCodes.add(a.code);
      }
      for (const w of m.workflows ?? []) {
        if (this.workflows.has(w.key)) throw new Error(`Workflow ${w.key} is declared twice`);
        this.workflows.set(w.key, w);
        this.workflowModules.set(w.key, m.name);
      }
      for (const p of m.procedures) {
        if (procedureCodes.has(p.code)) throw new Error(`Procedure ${p.code} is declared twice`);
        procedureCodes.add(p.code);
      }
      for (const [code, v] of Object.entries(m.formValidators ?? {})) this.formValidators.set(code, v);
      for (const c of m.capabilities ?? []) {
        if (this.capabilities.has(c.key)) throw new Error(`Capability ${c.key} is provided by two modules`);
        this.capabilities.set(c.key, c);
      }
      for (const d of m.designations ?? []) {
        if (this.designations.has(d.key)) throw new Error(`Designation ${d.key} is declared twice`);
        this.designations.set(d.key, { ...d, agencyCodes: d.agencyCodes ?? m.agencies.map((a) => a.code) });
      }
    }
    for (const m of modules) {
      for (const p of m.procedures) {
        if (!this.workflows.has(p.workflowKey)) throw new Error(`Procedure ${p.code} uses unknown workflow ${p.workflowKey}`);
      }
      for (const h of m.dossierHooks ?? []) this.checkHookActions(m, h);
    }
  }

  /**
   * A hook names action keys only of its own module's procedures, and each key is an action of
   * those procedures' workflows: another module's step is reached by its effect, never by its
   * key (ARCHITECTURE rule 10), and a misspelt key would make the hook silently never run.
   */
  private checkHookActions(m: OneDoorModule, h: DossierActionHook): void {
    if (!h.actions?.length) return;
    const own = new Map(m.procedures.map((p) => [p.code, p]));
    const codes = h.procedureCodes ?? [...own.keys()];
    for (const code of codes) {
      const procedure = own.get(code);
      if (!procedure) throw new Error(`Module ${m.name}: hook ${h.name} names actions of procedure ${code}, which is not the module's own (name an effect instead)`);
      const keys = new Set(this.workflows.get(procedure.workflowKey)!.actions.map((a) => a.key));
      if (h.procedureCodes) {
        for (const key of h.actions) if (!keys.has(key)) throw new Error(`Module ${m.name}: hook ${h.name} names action ${key}, which the workflow ${procedure.workflowKey} of procedure ${code} does not have`);
      }
    }
    if (!h.procedureCodes) {
      const anyOwn = new Set(codes.flatMap((code) => this.workflows.get(own.get(code)!.workflowKey)!.actions.map((a) => a.key)));
      for (const key of h.actions) if (!anyOwn.has(key)) throw new Error(`Module ${m.name}: hook ${h.name} names action ${key}, which no workflow of the module's procedures has`);
    }
  }

  /** The running module that declares workflow `key`, null for the kernel's standard ones, undefined when none runs it. */
  workflowOwner(key: string): string | null | undefined {
    return this.workflowModules.get(key);
  }

  /**
   * The action keys the modules' hooks name for procedure `code` by code (`procedureCodes`): a
   * workflow an admin gives the procedure must have them, or the hook would silently never run.
   */
  hookActionsFor(code: string): string[] {
    return this.modules.flatMap((m) => (m.dossierHooks ?? []).filter((h) => h.procedureCodes?.includes(code)).flatMap((h) => h.actions ?? []));
  }

  get names(): string[] {
    return this.modules.map((m) => m.name);
  }

  /** The measures the selected modules contribute to statistics, with the module each comes from. */
  get statistics(): (StatisticDeclaration & { moduleName: string })[] {
    return this.modules.flatMap((m) => (m.statistics ?? []).map((st) => ({ ...st, moduleName: m.name })));
  }

  /** Labels of the kinds of personal records the selected modules log reads of (key → Vietnamese label). */
  get personalRecordTypes(): Map<string, string> {
    return new Map(this.modules.flatMap((m) => (m.personalRecordTypes ?? []).map((t) => [t.key, t.label] as [string, string])));
  }

  get entities() {
    return this.modules.flatMap((m) => m.entities ?? []);
  }

  get jobs(): ModuleJob[] {
    return this.modules.flatMap((m) => (typeof m.jobs === 'function' ? m.jobs(this.options.get(m.name)!) : (m.jobs ?? [])));
  }

  /** The selected modules' own migrations (the composition root adds them to the ORM's parts). */
  get migrations(): MigrationEntry[] {
    return this.modules.flatMap((m) => m.migrations ?? []);
  }

  /** The hooks that concern a dossier of `procedureCode` held by `holdingAgencyCode`, for `action` (by its key or its effects). */
  hooksFor(action: WorkflowActionDefinition, procedureCode: string, holdingAgencyCode: string): DossierActionHook[] {
    return this.modules.flatMap((m) =>
      (m.dossierHooks ?? []).filter((h) => {
        if (!hookApplies(h, action)) return false;
        if (h.holdingAgencyCodes && !h.holdingAgencyCodes.includes(holdingAgencyCode)) return false;
        const procedures = h.procedureCodes ?? (h.holdingAgencyCodes ? null : m.procedures.map((p) => p.code));
        return !procedures || procedures.includes(procedureCode);
      }),
    );
  }

  get resolvers(): Function[] {
    return this.modules.flatMap((m) => m.resolvers ?? []);
  }

  workflow(key: string): WorkflowDefinition {
    const w = this.workflows.get(key);
    if (!w) throw new Error(`Unknown workflow ${key}`);
    return w;
  }
}

/**
 * Picks the modules named in `MODULES=` (all when none are named); an unknown name is an error,
 * and so is a `MODULE_*` variable in `env` that is no registered module's option.
 */
export function selectModules(all: readonly OneDoorModule[], names?: string[], env: Readonly<Record<string, string | undefined>> = {}): ModuleSet {
  checkModuleVariables(all, env);
  if (!names) return new ModuleSet(all, env);
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length) {
    throw new Error(`Unknown module(s) in MODULES: ${unknown.join(', ')}; known: ${all.map((m) => m.name).join(', ')}`);
  }
  return new ModuleSet(all.filter((m) => names.includes(m.name)), env);
}
