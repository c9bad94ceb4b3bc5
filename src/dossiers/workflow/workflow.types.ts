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
  /**
   * The step's time budget as a fixed number of working hours (a working day is 8 h: write
   * `2 * 8` for two days), counted from entering the state (DIGIT-style SLA per state). At most
   * one of this and {@link slaShareOfProcessingTime}; see `src/dossiers/step-budget.ts`.
   */
  slaWorkingHours?: number;
  /**
   * The step's time budget as a share (0 < share ≤ 1) of the procedure's processing time, in
   * working time: the same workflow fits a half-day and a 30-day procedure. Needs a received
   * dossier (the processing time starts at reception).
   */
  slaShareOfProcessingTime?: number;
  /**
   * Who holds a dossier in this state when it is not the assigned specialist's step (reception
   * waiting to assign, the leader's signature): the officers of the holding agency with these
   * roles are warned before the budget runs out. Without it: the assignee, else the officers
   * with the roles of the state's actions.
   */
  heldBy?: Role[];
  /** Who is told when the budget runs out: the holding agency's officers with these roles (default: its leaders). */
  escalateTo?: Role[];
  terminal?: boolean;
}

/** Inputs an action may require from the caller of `performDossierAction`. */
export enum ActionInput {
  NOTE = 'NOTE',
  ASSIGNEE = 'ASSIGNEE',
  TARGET_AGENCY = 'TARGET_AGENCY',
  NEW_DUE_DATE = 'NEW_DUE_DATE',
}

/**
 * What an action does, as data: the action runner applies each effect through its handler in
 * `src/dossiers/effects.ts`, modules hook onto effects (not onto another module's action keys),
 * and the event consumers read them from the outbox event (`hasEffect`). ARCHITECTURE rule 10.
 */
export enum ActionEffect {
  /** The dossier is received (status 2, Mẫu 01): the clock starts; it is the receiving agency's step. */
  RECEIVE = 'RECEIVE',
  /** The clock stops for the applicant's time (a supplement, a payment): the pause is stored. */
  PAUSE_CLOCK = 'PAUSE_CLOCK',
  /** The pause ends: both due dates move by its length. */
  RESUME_CLOCK = 'RESUME_CLOCK',
  /** The applicant is asked to pay fees or taxes (status 6); modules that issue notices hook onto it. */
  REQUEST_PAYMENT = 'REQUEST_PAYMENT',
  /** The fees or taxes are paid (online, confirmed by the platform, or at the counter): the history records what was settled. */
  RECORD_PAYMENT = 'RECORD_PAYMENT',
  /** The result is ready (status 9): `finishedAt` is set and lateness is fixed. */
  FINISH = 'FINISH',
  /** The result went back to the applicant (status 10). */
  RETURN_RESULT = 'RETURN_RESULT',
  /** The dossier is closed without a result (refused, withdrawn, stopped). */
  CLOSE = 'CLOSE',
  ASSIGN = 'ASSIGN',
  CLEAR_ASSIGNEE = 'CLEAR_ASSIGNEE',
  /** Hand the dossier over to another agency (một cửa liên thông): the one named, or the provider of `transferTo`. */
  TRANSFER = 'TRANSFER',
  /** Hand the dossier back to the agency competent for the procedure (from an inter-agency step). */
  HAND_BACK = 'HAND_BACK',
  /** Apology with a new appointment date (Mẫu 04): the due date moves, the original stays (late stays late). */
  APOLOGIZE = 'APOLOGIZE',
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
  /**
   * For TRANSFER without a TARGET_AGENCY input: the agency that provides a capability (found
   * through the module registry, so the workflow names no other module).
   */
  transferTo?: { capability: string };
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
