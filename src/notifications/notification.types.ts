export { NotificationChannel, NotificationLanguage } from '../dossiers/contact-preferences';

/** The delivery life cycle: QUEUED → SENDING → SENT, or FAILED (retried with backoff) … → DEAD. */
export enum NotificationStatus {
  QUEUED = 'QUEUED',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  DEAD = 'DEAD',
}

/** The dossier events an applicant must hear about. */
export enum NotificationKind {
  RECEIVED = 'RECEIVED',
  REFUSED = 'REFUSED',
  SUPPLEMENT_REQUESTED = 'SUPPLEMENT_REQUESTED',
  PAYMENT_REQUESTED = 'PAYMENT_REQUESTED',
  RESULT_READY = 'RESULT_READY',
  RESULT_RETURNED = 'RESULT_RETURNED',
  STOPPED = 'STOPPED',
  APOLOGY = 'APOLOGY',
  /** Withdrawn at the applicant's request (national status 7). */
  WITHDRAWN = 'WITHDRAWN',
  /** Received and now being appraised (national status 2 → 4). */
  IN_APPRAISAL = 'IN_APPRAISAL',
  /** The supplement was submitted: processing resumes, the appointment moved by the pause (5 → 4). */
  RESUMED = 'RESUMED',
  /** Another agency holds the dossier now (transfer, hand back): it is named, its officers are not. */
  TRANSFERRED = 'TRANSFERRED',
  /** A module's own message (e.g. the school contact book); its `topic` says what about. */
  MODULE_MESSAGE = 'MODULE_MESSAGE',
  /** To officers: a step of a dossier they hold is near the end of its time budget (`staff-notices.ts`). */
  STEP_WARNING = 'STEP_WARNING',
  /** To the leaders (or the configured role): a step's time budget ran out. */
  STEP_ESCALATION = 'STEP_ESCALATION',
}

/** The kinds sent to officers rather than to the applicant. */
export type StaffNotificationKind = NotificationKind.STEP_WARNING | NotificationKind.STEP_ESCALATION;

/** {@link StaffNotificationKind} as a list (SQL filters). */
export const STAFF_NOTIFICATION_KINDS: readonly StaffNotificationKind[] = [NotificationKind.STEP_WARNING, NotificationKind.STEP_ESCALATION];
