import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../auth/principal';
import { ActionEffect, WorkflowActionDefinition } from './workflow.types';

/*
 * What modules plug into the dossier workflow: form validators on filing, and hooks inside the
 * transaction of an action. Declared here, in the domain, so that dossiers need no module
 * contract; `src/kernel/module-contract.ts` re-exports them for the modules.
 */

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
  /** Keys of actions of the workflows of the module's own procedures (e.g. their `approve`); the registry refuses any other key at start. */
  actions?: string[];
  /**
   * Actions of any workflow that carry one of these effects: how a module reacts to another
   * module's step without naming it (tax checks the obligations before any HAND_BACK).
   */
  effects?: ActionEffect[];
  /** Dossiers of these procedures (default: the module's own procedures, unless `holdingAgencyCodes` is set). */
  procedureCodes?: string[];
  /** Dossiers held by one of these agencies when the action starts. */
  holdingAgencyCodes?: string[];
  /** Runs after the kernel's checks and before the new state is written. Returned data goes into the history entry. */
  run(ctx: DossierActionContext): Promise<{ issues?: FormIssue[]; data?: Record<string, unknown> } | void>;
}

/** Whether a hook concerns an action: by the action's key, or by one of its effects. */
export function hookApplies(hook: Pick<DossierActionHook, 'actions' | 'effects'>, action: Pick<WorkflowActionDefinition, 'key' | 'effects'>): boolean {
  return !!hook.actions?.includes(action.key) || !!hook.effects?.some((e) => action.effects.includes(e));
}
