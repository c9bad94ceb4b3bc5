import { AdminUnitView, AgencyView } from '../org/org.views';
import { ProcedureView } from '../procedures/procedure.view';
import type { ReferenceData } from '../procedures/reference-data';
import { HistoryView } from './dossier.loaders';
import { ApplicantKind } from '../procedures/procedure.types';
import { Channel } from './dossier.entity';
import { NATIONAL_STATUS_NAMES, NationalStatus } from './national-status';
import { WorkflowStateDefinition } from './workflow/workflow.types';
import { applicantContacts, unmaskedRead } from './masking';
import { DossierAccess } from './access-level';
import type { WorkflowDefinition } from './workflow/workflow.types';
import type { Principal } from '../auth/principal';
import { availableActions } from './workflow/workflow.engine';

/** `Dossier.availableActions` as both read paths render it. */
export interface AvailableAction {
  key: string;
  label: string;
  inputs: WorkflowDefinition['actions'][number]['inputs'];
  form: string | null;
}

/** The facts of a dossier row `Dossier.availableActions` depends on (with the caller). */
export type ActionFacts = Pick<DossierView, 'procedureId' | 'stateKey' | 'holdingAgencyId' | 'receivingAgencyId' | 'assigneeId' | 'access' | 'dueAt' | 'pausedAt'>;

export { DossierAccess };

/** The applicant as shown to the caller: masked for observers. */
interface ApplicantView {
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  email: string | null;
  phone: string | null;
  address: string | null;
}

/**
 * A dossier as the read path returns it: a plain object mapped from one SQL row, without the
 * unit of work (the list path is the hot path; see ARCHITECTURE "Performance habits"). The
 * objects GraphQL shows as fields (procedure, agencies, state, applicant) are attached here,
 * from memory, so that they resolve as plain properties rather than through field resolvers.
 */
export interface DossierView {
  id: string;
  code: string;
  procedureId: string;
  receivingAgencyId: string;
  holdingAgencyId: string;
  adminUnitId: string;
  applicantKind: ApplicantKind;
  applicantName: string;
  applicantIdNumber: string;
  applicantEmail: string | null;
  applicantPhone: string | null;
  applicantAddress: string | null;
  applicantAccountId: string | null;
  channel: Channel;
  stateKey: string;
  nationalStatusCode: number;
  assigneeId: string | null;
  submittedAt: Date;
  receivedAt: Date | null;
  dueAt: Date | null;
  originalDueAt: Date | null;
  pausedAt: Date | null;
  finishedAt: Date | null;
  returnedAt: Date | null;
  closedAt: Date | null;
  formData: Record<string, unknown> | null;
  version: number;
  access: DossierAccess;
  /** Only for the applicant and handling officers; null for observers. */
  lookupSecret: string | null;
  procedure: ProcedureView;
  receivingAgency: AgencyView;
  holdingAgency: AgencyView;
  adminUnit: AdminUnitView;
  applicant: ApplicantView;
  nationalStatus: { code: number; name: string };
  /** History loaded with the page (see `selectedArgs`), for `history(last:)` with this `last`. */
  preloadedHistory?: { last: number; entries: HistoryView[] };
  state: Pick<WorkflowStateDefinition, 'key' | 'label'> & { nationalStatus: { code: number; name: string }; slaWorkingHours: number | null; terminal: boolean };
}

/** The columns of `dossier` in the order {@link mapDossierRow} reads them. */
export const DOSSIER_COLUMNS = `d.id, d.code, d.procedure_id, d.receiving_agency_id, d.holding_agency_id, d.admin_unit_id,
  d.applicant_kind, d.applicant_name, d.applicant_id_number, d.applicant_email, d.applicant_phone, d.applicant_address,
  d.applicant_account_id, d.channel, d.state, d.national_status, d.assignee_id, d.submitted_at, d.received_at, d.due_at,
  d.original_due_at, d.paused_at, d.finished_at, d.returned_at, d.closed_at, d.form_data, d.version, d.lookup_secret`;

const date = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v as string));

const NATIONAL_STATUSES = new Map(Object.entries(NATIONAL_STATUS_NAMES).map(([code, name]) => [Number(code), Object.freeze({ code: Number(code), name })]));

/** Maps dossier rows to views, attaching reference objects and masking what the caller may not see. */
export class DossierPresenter {
  private readonly states = new Map<string, DossierView['state']>();

  constructor(
    private readonly reference: ReferenceData,
    /** The running modules' workflows (`ModuleSet` provides them): the presenter reads nothing else of the module system. */
    private readonly modules: { workflow(key: string): WorkflowDefinition },
  ) {}

  /** Procedures whose competent agency is one of `agencies` (the caller's side of the personal-data predicate in SQL). */
  procedureIdsOf(agencies: readonly string[]): string[] {
    return agencies.length ? this.reference.allProcedures().filter((x) => agencies.includes(x.agencyId)).map((x) => x.id) : [];
  }

  /**
   * A row read with the caller's access level (`access`, the column of `VisibilityPlan.accessColumn`:
   * the rule is the SQL expression, this reads its result) as the caller's view.
   */
  present(r: Record<string, any>): DossierView {
    const access = r.access as DossierAccess;
    if (!Object.values(DossierAccess).includes(access)) throw new Error('dossier row read without its access level');
    const procedure = this.reference.procedure(r.procedure_id);
    const full = unmaskedRead(access, { record: 'dossier.applicant', recordId: r.id });
    const view = mapDossierRow(r, access) as DossierView;
    // Assigned in place rather than spread: this runs for every row of every page.
    Object.assign(view, {
      procedure,
      receivingAgency: this.reference.agency(r.receiving_agency_id),
      holdingAgency: this.reference.agency(r.holding_agency_id),
      adminUnit: this.reference.adminUnit(r.admin_unit_id),
      applicant: {
        kind: r.applicant_kind,
        name: r.applicant_name,
        ...applicantContacts(full, { idNumber: r.applicant_id_number, email: r.applicant_email, phone: r.applicant_phone, address: r.applicant_address }),
      },
      nationalStatus: NATIONAL_STATUSES.get(r.national_status)!,
      state: this.state(procedure.workflowKey, r.state),
      lookupSecret: full ? r.lookup_secret : null,
    });
    return view;
  }

  /**
   * What the caller may do with the dossier now (`Dossier.availableActions`): the workflow engine
   * over the row's facts at `now` (an apology is offered only before the due date), the applicant
   * being whoever the read rule gave the APPLICANT level. The
   * resolver and the SQL-compiled list both call this, so they cannot differ.
   */
  availableActions(d: ActionFacts, p: Principal | undefined, now: Date): AvailableAction[] {
    const procedure = this.reference.procedure(d.procedureId);
    const facts = {
      state: d.stateKey,
      holdingAgencyId: d.holdingAgencyId,
      receivingAgencyId: d.receivingAgencyId,
      procedureAgencyId: procedure.agencyId,
      assigneeId: d.assigneeId,
      applicantAccountId: null,
      applicantIdNumber: '',
      isApplicant: d.access === DossierAccess.APPLICANT,
      dueAt: d.dueAt,
      pausedAt: d.pausedAt,
    };
    return availableActions(this.modules.workflow(procedure.workflowKey), facts, p, now).map((a) => ({ key: a.key, label: a.label, inputs: a.inputs, form: a.form ?? null }));
  }

  /** The workflow state as a dossier shows it (one frozen object per state, shared by every row). */
  state(workflowKey: string, key: string): DossierView['state'] {
    const id = `${workflowKey}/${key}`;
    let s = this.states.get(id);
    if (!s) {
      const def = this.modules.workflow(workflowKey).states.find((x) => x.key === key);
      if (!def) throw new Error(`Workflow ${workflowKey} has no state ${key}`);
      s = Object.freeze({ key: def.key, label: def.label, nationalStatus: NATIONAL_STATUSES.get(def.nationalStatus as NationalStatus)!, slaWorkingHours: def.slaWorkingHours ?? null, terminal: !!def.terminal });
      this.states.set(id, s);
    }
    return s;
  }
}

type RawView = Omit<DossierView, 'procedure' | 'receivingAgency' | 'holdingAgency' | 'adminUnit' | 'applicant' | 'nationalStatus' | 'state' | 'lookupSecret'>;

function mapDossierRow(r: Record<string, any>, access: DossierAccess): RawView {
  return {
    id: r.id,
    code: r.code,
    procedureId: r.procedure_id,
    receivingAgencyId: r.receiving_agency_id,
    holdingAgencyId: r.holding_agency_id,
    adminUnitId: r.admin_unit_id,
    applicantKind: r.applicant_kind,
    applicantName: r.applicant_name,
    applicantIdNumber: r.applicant_id_number,
    applicantEmail: r.applicant_email,
    applicantPhone: r.applicant_phone,
    applicantAddress: r.applicant_address,
    applicantAccountId: r.applicant_account_id,
    channel: r.channel,
    stateKey: r.state,
    nationalStatusCode: r.national_status,
    assigneeId: r.assignee_id,
    submittedAt: date(r.submitted_at)!,
    receivedAt: date(r.received_at),
    dueAt: date(r.due_at),
    originalDueAt: date(r.original_due_at),
    pausedAt: date(r.paused_at),
    finishedAt: date(r.finished_at),
    returnedAt: date(r.returned_at),
    closedAt: date(r.closed_at),
    formData: r.form_data,
    version: r.version,
    access,
  };
}
