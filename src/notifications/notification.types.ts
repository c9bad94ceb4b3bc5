/** How an applicant is told about their dossier. */
export enum NotificationChannel {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
}

/** Languages with templates; Vietnamese is the default, English the fallback. */
export enum NotificationLanguage {
  VI = 'vi',
  EN = 'en',
}

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
  /** A module's own message (e.g. the school contact book); its `topic` says what about. */
  MODULE_MESSAGE = 'MODULE_MESSAGE',
}
