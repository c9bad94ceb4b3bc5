import type { PayablesSource } from '../payments/payables';
import type { WorkflowDefinition } from './workflow/workflow.types';

/**
 * What the dossier domain reads from the running modules. Declared here, in the domain, so that
 * the domain never imports the module system above it (ARCHITECTURE rule 9): `ModuleSet`
 * (`src/kernel/registry.ts`) implements it and the composition root hands it in. Add a member
 * only when the domain reads it.
 */
export interface DossierRules extends PayablesSource {
  /** The running modules' names: a procedure of a module that is not running is not offered. */
  readonly names: readonly string[];
  /** The workflow named `key` (the kernel's standard ones and the modules'); throws on an unknown key. */
  workflow(key: string): WorkflowDefinition;
}
