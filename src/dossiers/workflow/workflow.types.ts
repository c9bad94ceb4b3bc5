import { Role } from '../../auth/roles';
import { NationalStatus } from '../national-status';

/** What a state does to the processing clock (DOMAIN.md §3 "Deadlines"). */
export enum ClockState {
  /** Submitted online, not received yet: the clock has not started. */
  NOT_STARTED = 'NOT_STARTED',
  RUNNING = 'RUNNING',
  /** Waiting for the applicant (supplement): the pause is stored and pushes the due date. */
  PAUSED = 'PAUSED',
  /** Finished, refused, withdrawn or stopped. */
  STOPPED = 'STOPPED',
}

export interface WorkflowStateDefinition {
  key: string;
  /** Vietnamese label shown to users. */
  label: string;
  nationalStatus: NationalStatus;
  clock: ClockState;
  /** How long a dossier may stay in this state, in working hours (DIGIT-style SLA per state). */
  slaWorkingHours?: number;
  terminal?: boolean;
}

/** Inputs an action may require from the caller of `performDossierAction`. */
export enum ActionInput {
  NOTE = 'NOTE',
  ASSIGNEE = 'ASSIGNEE',
  TARGET_AGENCY = 'TARGET_AGENCY',
  NEW_DUE_DATE = 'NEW_DUE_DATE',
}

/** Side effects the engine applies when an action is performed; data, not code branches. */
export enum ActionEffect {
  START_CLOCK = 'START_CLOCK',
  PAUSE_CLOCK = 'PAUSE_CLOCK',
  RESUME_CLOCK = 'RESUME_CLOCK',
  /** The result is ready (status 9): `finishedAt` is set and lateness is fixed. */
  FINISH = 'FINISH',
  /** The result went back to the applicant (status 10). */
  RETURN_RESULT = 'RETURN_RESULT',
  /** The dossier is closed without a result (refused, withdrawn, stopped). */
  CLOSE = 'CLOSE',
  ASSIGN = 'ASSIGN',
  CLEAR_ASSIGNEE = 'CLEAR_ASSIGNEE',
  /** Hand the dossier over to another agency (một cửa liên thông). */
  TRANSFER = 'TRANSFER',
  /** Apology with a new appointment date (Mẫu 04): the due date moves, the original stays. */
  RESCHEDULE = 'RESCHEDULE',
  /** A lawful extension (e.g. a complex denunciation): both due dates move, so it is not late. */
  EXTEND = 'EXTEND',
}

export interface WorkflowActionDefinition {
  key: string;
  label: string;
  from: string[];
  /** Target state; omitted when the action keeps the state (e.g. transfer, apology). */
  to?: string;
  /** Officer roles (bound to the holding agency) and global roles allowed to perform it. */
  roles: Role[];
  /** The dossier's own applicant may perform it. */
  applicant?: boolean;
  /** Only the officer the dossier is assigned to (or a leader of the agency) may perform it. */
  assigneeOnly?: boolean;
  inputs: ActionInput[];
  effects: ActionEffect[];
  /** The form (Mẫu) this action produces, e.g. "Mẫu 02". */
  form?: string;
  /** How many times the action may be performed on one dossier (e.g. two extensions). */
  maxTimes?: number;
  /** For RESCHEDULE and EXTEND: how far the due date may move at once, in calendar days. */
  maxShiftDays?: number;
  /**
   * For TRANSFER without a TARGET_AGENCY input: the agency that provides a capability (found
   * through the module registry, so the workflow names no other module), or the procedure's own
   * agency (the dossier goes home).
   */
  transferTo?: { capability: string } | { procedureAgency: true };
  /** Only while the procedure's own agency holds the dossier (true), or only while another one does (false). */
  whileHeldByProcedureAgency?: boolean;
  /** The platform performs it on a verified external event (a payment gateway's signed callback). */
  platform?: boolean;
}

export interface WorkflowDefinition {
  key: string;
  name: string;
  initialState: string;
  /** State of a dossier received at the counter (skips the online NEW state). */
  counterState: string;
  states: WorkflowStateDefinition[];
  actions: WorkflowActionDefinition[];
}
