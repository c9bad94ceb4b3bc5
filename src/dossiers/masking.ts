/**
 * Who reads a person's personal data (identity number, phone, e-mail, address) unmasked, and
 * what everyone else sees instead: the one rule (ARCHITECTURE rule 10) for every path that
 * returns contact data — `dossier.applicant` in the resolvers and in the SQL-compiled list,
 * filters over those fields, notification recipients, and the modules' views (tax payers).
 *
 * The decision to show a value unmasked is taken in exactly one function,
 * {@link unmaskedRead}, which every path calls (the SQL fast path calls it once per request for
 * the caller's side of the predicate, see {@link seesPersonalDataSql}). A personal-data access
 * log can record there, in the read's transaction, without touching the paths.
 */
import { DossierAccess } from './access-level';

/**
 * The access levels that see the applicant's personal data, the form and the files: the
 * applicant and the handling officers. Observers (analysts, system admins) and an agency that
 * held the dossier earlier see it masked. One list, read by {@link seesPersonalData} and by its
 * SQL twin {@link seesPersonalDataSql}; the level itself is decided in SQL (`dossierAccessSql`).
 */
const PERSONAL_DATA_LEVELS: readonly DossierAccess[] = [DossierAccess.APPLICANT, DossierAccess.OFFICER];

/** Whether a caller with this access to a dossier sees the applicant's personal data, the form and the files ({@link PERSONAL_DATA_LEVELS}). */
export function seesPersonalData(access: DossierAccess): boolean {
  return PERSONAL_DATA_LEVELS.includes(access);
}

/** What is read (documentation at the call site; the access log's row is noted through `ctx.dataAccess`, see `applicant-read.ts`). */
export interface PersonalDataRead {
  /** The kind of record, e.g. `dossier.applicant`, `notification.recipient`. */
  record: string;
  /** Its id (a dossier or notification id), when one record is read. */
  recordId?: string;
  /** The fields returned unmasked. */
  fields?: readonly string[];
}

/**
 * The single point where a path decides to return personal data unmasked: true when the rule
 * allows it — {@link seesPersonalData} for a dossier's access, or a module's own rule passed as a
 * boolean (a taxpayer, a land holder). Call it once per record right where the unmasked value is
 * produced; the access log's note (`ctx.dataAccess.note`, src/privacy) is taken beside it, where
 * the selected fields are known (the SQL fast path decides per row in SQL and writes its rows in
 * the same statement: see `dossier-list.sql-compiler.ts`).
 */
export function unmaskedRead(allowed: DossierAccess | boolean, _read: PersonalDataRead): boolean {
  return typeof allowed === 'boolean' ? allowed : seesPersonalData(allowed);
}

/** `068******123`: enough to tell two numbers apart on a screen, not enough to use. */
export function maskIdNumber(n: string): string {
  if (n.length <= 6) return '*'.repeat(n.length);
  return `${n.slice(0, 3)}${'*'.repeat(n.length - 6)}${n.slice(-3)}`;
}

/**
 * {@link maskIdNumber} in SQL over the text expression `x`, for the compiled read path; NULL (the
 * fast path then falls back) for characters outside the BMP, where JavaScript and SQL lengths differ.
 */
function maskIdNumberSql(x: string): string {
  return `case when ${x} ~ '[\\U00010000-\\U0010FFFF]' then null
    when char_length(${x}) <= 6 then repeat('*', char_length(${x}))
    else left(${x}, 3) || repeat('*', char_length(${x}) - 6) || right(${x}, 3) end`;
}

/** `090****567`: a phone number as an observer sees it (same shape as an identity number). */
export function maskPhone(n: string): string {
  return maskIdNumber(n);
}

/** `a***@g***.vn`: an e-mail address as an observer sees it (the local part and the domain name can name the person). */
export function maskEmail(e: string): string {
  const at = e.lastIndexOf('@');
  if (at < 0) return maskIdNumber(e);
  const local = e.slice(0, at);
  const domain = e.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

/** A notification recipient (an e-mail address or a phone number) as an observer sees it. */
export function maskRecipient(recipient: string): string {
  return recipient.includes('@') ? maskEmail(recipient) : maskPhone(recipient);
}

/** The applicant's personal data as shown to a caller. */
export interface ApplicantContacts {
  idNumber: string;
  email: string | null;
  phone: string | null;
  address: string | null;
}

/**
 * The applicant's personal data as the caller may see it: all of it, or the identity number
 * masked and the contacts hidden. `full` is the answer of {@link unmaskedRead}.
 */
export function applicantContacts(full: boolean, a: ApplicantContacts): ApplicantContacts {
  return full ? a : { idNumber: maskIdNumber(a.idNumber), email: null, phone: null, address: null };
}

/**
 * {@link applicantContacts} in SQL for one field, given `sees` (a boolean SQL expression, the
 * compiled twin of {@link seesPersonalData}) and the column holding the value.
 */
export function applicantContactSql(field: keyof ApplicantContacts, sees: string, column: string): string {
  return field === 'idNumber' ? `case when ${sees} then ${column} else ${maskIdNumberSql(column)} end` : `case when ${sees} then ${column} end`;
}

/** The caller's side of `dossierAccessSql` (dossier-access.ts), bound as parameters. */
export interface SeesPersonalDataParams {
  /** The caller's account id (the applicant who filed online). */
  acc: string | null;
  /** The caller's citizen identity number (the applicant by number). */
  idn: string | null;
  /** The caller's agencies (officer roles). */
  ag: string[];
  /** Procedures whose competent agency is one of `ag`. */
  procs: string[];
}

/**
 * {@link seesPersonalData} in SQL over `access`, an SQL expression yielding the caller's access
 * level (`dossierAccessSql`, or a column holding it). NULL counts as false.
 */
export function seesPersonalDataSql(access: string): string {
  return `((${access}) in (${PERSONAL_DATA_LEVELS.map((l) => `'${l}'`).join(', ')}) is true)`;
}
