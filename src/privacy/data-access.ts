import { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { officerAgencies, Principal } from '../auth/principal';
import { query } from '../db/sql';

/*
 * The personal-data access log (Decree 13/2023/NĐ-CP on personal data protection, Art. 9: the
 * data subject's right to know how their data is processed — verify the article; the model is
 * Estonia's data tracker). Every read of a person's UNMASKED personal data by someone other
 * than that person leaves one row in `personal_data_access` before the response leaves the
 * server; if the row cannot be written, the response is replaced by an error (fail closed).
 *
 * How a read path uses it:
 * - A resolver that returns unmasked personal data of a person calls
 *   `ctx.dataAccess.note({ subjectIdNumber, recordType, recordId, recordLabel, fields: selectedFields(info, PERSONAL), purpose: readPurpose(info) })`.
 *   Notes are deduplicated within a request (or a subscription event) and written by the server
 *   in ONE multi-row insert after execution, before the response is sent
 *   (`src/server/data-access-plugin.ts`). A caller reading their own data is not logged.
 *   The dossier applicant's reads are noted by `noteApplicantRead` (src/dossiers/applicant-read.ts).
 * - A read that builds its answer in one SQL statement (the dossier list's SQL fast path) may
 *   instead add `personalDataAccessInsertSql(...)` as a CTE of that statement, so that the log
 *   rows are written by the very statement that reads the data.
 */

/** One read of a person's unmasked personal data, as a resolver reports it. */
export interface PersonalDataRead {
  /** The person whose data it is: their identity number (CCCD). Reads of a person without one are not logged. */
  subjectIdNumber: string | null | undefined;
  /** Module-defined key of the kind of record (`tax-taxpayer`, `education-guardian` …); labelled through `personalRecordTypes` of the module contract. */
  recordType: string;
  recordId: string;
  /** How the person recognises the record (a dossier code, a tax code, a pupil's code): nothing more personal than needed. */
  recordLabel?: string | null;
  /** Personal fields returned (`selectedFields(info, …)`); a read with none is not logged. */
  fields: readonly string[];
  /** The operation and field path (`readPurpose(info)`), or the action. */
  purpose: string;
  /** The reader's agency the read is accounted to (its leader reads the row); default: the reader's only officer agency. */
  agencyId?: string | null;
}

/** A pending log row. */
interface Row {
  agencyId: string | null;
  subject: string;
  recordType: string;
  recordId: string;
  recordLabel: string | null;
  fields: Set<string>;
  purpose: string;
}

/**
 * The identity number of a VERIFIED citizen identity: a citizen account, or a citizen known by
 * an external identity token (which carries the CITIZEN role). A number an admin typed on a
 * staff account gives no citizen-side rights, so it neither reads the citizen's log nor counts
 * as reading one's own data.
 */
export function verifiedCitizenIdNumber(p: Principal | undefined): string | null {
  // `identityNumber` is set only for a verified citizen identity (`citizenIdentityOf`, src/auth/principal.ts).
  return p?.identityNumber ?? null;
}

/** The leaf paths selected under the current field (`name`, `declarations.edges.node.id`), through fragments. */
export function selectedPaths(info: GraphQLResolveInfo): string[] {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string, depth: number) => {
    if (depth > 20) return; // documents are depth-limited before execution; this is a guard
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__typename') continue;
        const path = `${prefix}${sel.name.value}`;
        if (sel.selectionSet) walk(sel.selectionSet, `${path}.`, depth + 1);
        else out.add(path);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, prefix, depth + 1);
      else walk(info.fragments[sel.name.value]?.selectionSet, prefix, depth + 1);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, '', 0);
  return [...out].sort();
}

/** The first-level fields selected under the current field (through fragments), limited to `personal` when given. */
export function selectedFields(info: GraphQLResolveInfo, personal?: readonly string[]): string[] {
  const first = new Set(selectedPaths(info).map((p) => p.split('.')[0]));
  return [...first].filter((f) => !personal || personal.includes(f)).sort();
}

/** `query TaxpayerFile › taxpayer`: the operation and the field's path without list indexes (one row for a whole list). */
export function readPurpose(info: GraphQLResolveInfo): string {
  const keys: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) if (typeof p.key === 'string') keys.unshift(p.key);
  return `${info.operation.operation} ${info.operation.name?.value ?? '(anonymous)'} › ${keys.join('.')}`.slice(0, 500);
}

const INSERT_SQL = `insert into personal_data_access (at, account_id, account_name, agency_id, subject_id_number, record_type, record_id, record_label, fields, purpose)
  select $1::timestamptz, $2::uuid, $3::text, k.agency_id, k.subject, k.record_type, k.record_id, k.record_label, coalesce(string_to_array(nullif(k.fields, ''), ','), '{}'::text[]), k.purpose
  from unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) as k(agency_id, subject, record_type, record_id, record_label, fields, purpose)`;

/**
 * The per-request (per subscription event) collector of personal-data reads, `ctx.dataAccess`.
 * Resolvers `note` reads; the server `flush`es them in one statement before the answer leaves.
 */
export class DataAccessCollector {
  private readonly pending = new Map<string, Row>();
  private readonly own: string | null;

  constructor(private readonly principal: Principal | undefined) {
    this.own = verifiedCitizenIdNumber(principal);
  }

  /** Records a read of `r.subjectIdNumber`'s unmasked data (nothing when it is the caller's own, or no field was returned). */
  note(r: PersonalDataRead): void {
    const subject = r.subjectIdNumber?.trim();
    if (!subject || subject === this.own || r.fields.length === 0) return;
    const key = JSON.stringify([subject, r.recordType, r.recordId, r.purpose]);
    const row = this.pending.get(key);
    if (row) {
      for (const f of r.fields) row.fields.add(f);
      return;
    }
    const agencies = officerAgencies(this.principal);
    this.pending.set(key, {
      agencyId: r.agencyId !== undefined ? r.agencyId : agencies.length === 1 ? agencies[0] : null,
      subject,
      recordType: r.recordType,
      recordId: r.recordId,
      recordLabel: r.recordLabel ?? null,
      fields: new Set(r.fields),
      purpose: r.purpose,
    });
  }

  /** Reads noted and not yet written. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Writes every pending read in ONE insert and forgets them; throws when the insert fails (the
   * caller must then withhold the response). No statement when nothing is pending.
   */
  async flush(em: EntityManager, at: Date): Promise<void> {
    if (!this.pending.size) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    const p = this.principal;
    await query(em, INSERT_SQL, [
      at,
      p?.accountId ?? null,
      p?.fullName ?? p?.subject ?? '(không rõ)',
      rows.map((r) => r.agencyId),
      rows.map((r) => r.subject),
      rows.map((r) => r.recordType),
      rows.map((r) => r.recordId),
      rows.map((r) => r.recordLabel),
      rows.map((r) => [...r.fields].sort().join(',')),
      rows.map((r) => r.purpose),
    ]);
  }
}

/** Binds a value as a statement parameter and returns its placeholder (`$n`), as the read path's `Params.bind` does. */
export type BindParam = (value: unknown) => string;

/**
 * For a read that builds its answer in ONE SQL statement (the dossier list's fast path): an
 * `insert … select` to put in a CTE of that statement (`with logged as (<this>) select …`), so
 * the rows are written by the statement that reads the data. `source` is a subquery returning
 * `subject_id_number, record_id, record_label` (and `agency_id uuid` when `agencyFromSource`),
 * one row per record whose personal data the statement returns UNMASKED to this caller; rows of
 * the caller's own number are skipped here as `note` does.
 *
 * Example (dossier applicant, fields as selected):
 * `personalDataAccessInsertSql(ctx.principal, { recordType: 'dossier', fields: ['applicant.phone'], purpose, at }, 'select d.applicant_id_number as subject_id_number, d.id::text as record_id, d.code as record_label from page d', ps.bind)`
 */
export function personalDataAccessInsertSql(
  principal: Principal | undefined,
  read: { recordType: string; fields: readonly string[]; purpose: string; at: Date; agencyId?: string | null },
  source: string,
  bind: BindParam,
  agencyFromSource = false,
): string {
  const agencies = officerAgencies(principal);
  const agency = agencyFromSource ? 's.agency_id' : `${bind(read.agencyId !== undefined ? read.agencyId : agencies.length === 1 ? agencies[0] : null)}::uuid`;
  return `insert into personal_data_access (at, account_id, account_name, agency_id, subject_id_number, record_type, record_id, record_label, fields, purpose)
    select ${bind(read.at)}::timestamptz, ${bind(principal?.accountId ?? null)}::uuid, ${bind(principal?.fullName ?? principal?.subject ?? '(không rõ)')}::text, ${agency},
      s.subject_id_number, ${bind(read.recordType)}::text, s.record_id, s.record_label, ${bind([...read.fields])}::text[], ${bind(read.purpose)}::text
    from (${source}) s
    where s.subject_id_number is not null and s.subject_id_number is distinct from ${bind(verifiedCitizenIdNumber(principal))}::text`;
}

/** What the client gets instead of data whose read could not be logged. */
export const DATA_ACCESS_LOG_FAILED = {
  message: 'Không ghi được nhật ký truy cập dữ liệu cá nhân, dữ liệu không được trả về; vui lòng thử lại sau / The personal-data access log could not be written, so no data is returned; please try again later',
  extensions: { code: 'DATA_ACCESS_LOG_UNAVAILABLE' },
};
