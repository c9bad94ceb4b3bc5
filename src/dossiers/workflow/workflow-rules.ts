import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierActionHook, FormValidator } from './hooks';
import type { WorkflowActionDefinition, WorkflowDefinition } from './workflow.types';

/**
 * What the dossier services need from the modules a server runs: the workflows, the form
 * validators, the hooks, the capabilities and what is payable. The registry (`ModuleSet`)
 * implements it; the domain depends on this interface, never on the registry.
 */
export interface WorkflowRules extends PayableSources {
  /** Names of the modules this server runs: a procedure of another module is not on offer. */
  readonly names: readonly string[];
  /** The workflow by key; throws for an unknown key (procedures are checked at start-up). */
  workflow(key: string): WorkflowDefinition;
  /** Form validators by procedure code. */
  readonly formValidators: ReadonlyMap<string, FormValidator>;
  /** Who provides a capability a workflow hands dossiers to (`transferTo`), by key. */
  readonly capabilities: ReadonlyMap<string, { agencyCode: string }>;
  /** The hooks that concern `action` on a dossier of `procedureCode` held by `holdingAgencyCode`. */
  hooksFor(action: WorkflowActionDefinition, procedureCode: string, holdingAgencyCode: string): readonly DossierActionHook[];
}

/** The modules that may list something payable on a dossier (a tax notice), besides the procedure's fees. */
export interface PayableSources {
  readonly modules: readonly { name: string; payables?: (em: EntityManager, dossierId: string) => Promise<{ ref: string; label: string; amountVnd: number }[]> }[];
}
