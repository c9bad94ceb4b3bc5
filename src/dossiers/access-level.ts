/** How much of a dossier the caller may see, decided once when the row is read. */
export enum DossierAccess {
  /** The applicant (or the citizen account that filed it). */
  APPLICANT = 'APPLICANT',
  /** An officer of an agency that holds or held the dossier. */
  OFFICER = 'OFFICER',
  /** Analysts and system admins: the dossier without the applicant's personal data. */
  OBSERVER = 'OBSERVER',
  /** An officer of an agency that held an inter-agency dossier earlier: its course and history, as an observer. */
  FORMER_HOLDER = 'FORMER_HOLDER',
}
