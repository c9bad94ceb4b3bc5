/*
 * How an applicant wants to be told about their dossier, chosen at filing and kept on the dossier
 * (`applicant.notifyBy`, `applicant.language`). The dossier domain owns these choices; the
 * notifications feature reads them (and re-exports them with its own types).
 */

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

