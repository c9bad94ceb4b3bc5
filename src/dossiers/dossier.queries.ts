import { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Principal } from '../auth/principal';
import { query } from '../db/sql';
import { isUuid } from '../db/ids';
import { decodeCursor, encodeCursor } from '../graphql/connection';
import { maySeeAnyPersonalData, VisibilityPlan, visibilityPlan } from './dossier-access';
import { seesPersonalDataSql } from './masking';
import { Channel } from './dossier.entity';
import { DOSSIER_COLUMNS, DossierPresenter, DossierView } from './dossier.view';
import { isNationalStatusCode } from './national-status';
import { overdueSql } from './timeliness';
import { DOSSIER_RELATIONS, HISTORY_RELATION, HistoryView, relationFromJson, relationJsonSql } from './dossier.loaders';

@InputType()
export class DossierFilter {
  @Field(() => String, { nullable: true, description: 'Electronic code of the holding agency.' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true })
  procedureCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Internal workflow state key.' })
  state?: string | null;

  @Field(() => [Int], { nullable: true })
  nationalStatusCodes?: number[] | null;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => String, { nullable: true, description: 'Exact identity number or tax code of the applicant; matches only dossiers whose applicant the caller sees unmasked, and is refused (BAD_USER_INPUT) to callers who see every number masked.' })
  applicantIdNumber?: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;

  @Field(() => Date, { nullable: true })
  receivedFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  receivedTo?: Date | null;

  @Field(() => Date, { nullable: true })
  dueFrom?: Date | null;

  @Field(() => Date, { nullable: true })
  dueTo?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Open dossiers past their original due date (moved by pauses, never by an apology) (true) or not (false).' })
  overdue?: boolean | null;
}

function bad(message: string, field: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * The parts of the statement that reads a page of dossiers: visibility, filters and keyset
 * position as SQL over alias `d`, with their `$n` parameters. Shared by {@link listDossiers} and
 * the SQL-compiled fast path (`dossier-list.sql-compiler.ts`), so both read exactly the same rows.
 * `null` when the principal sees nothing; a bad filter or cursor throws BAD_USER_INPUT.
 */
export interface DossierPageQuery {
  vis: VisibilityPlan;
  /** Parameters of `where`; append more and refer to them as `$n`. */
  params: unknown[];
  where: string[];
  /** Rows of the page; one more is read to tell whether there is a next page. */
  limit: number;
}

export function dossierPageQuery(
  presenter: DossierPresenter,
  p: Principal | undefined,
  filter: DossierFilter | undefined | null,
  limit: number,
  after: string | undefined | null,
  now: Date,
): DossierPageQuery | null {
  const params: unknown[] = [];
  const vis = visibilityPlan(p, params, (a) => presenter.procedureIdsOf(a));
  if (!vis) return null;
  const where = [...vis.where];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const f = filter ?? {};
  if (f.agencyCode) add((n) => `d.holding_agency_id = (select id from agency where code = ${n})`, f.agencyCode);
  if (f.procedureCode) add((n) => `d.procedure_id = (select id from procedure where code = ${n})`, f.procedureCode);
  if (f.state) add((n) => `d.state = ${n}`, f.state);
  if (f.nationalStatusCodes?.length) {
    if (!f.nationalStatusCodes.every(isNationalStatusCode)) bad('nationalStatusCodes must be between 1 and 10', 'nationalStatusCodes');
    add((n) => `d.national_status = any(${n}::smallint[])`, f.nationalStatusCodes);
  }
  if (f.channel) add((n) => `d.channel = ${n}`, f.channel);
  if (f.applicantIdNumber) {
    // A filter is an oracle on the field it matches: it may only match values the caller reads
    // unmasked. Refused outright to callers who see every number masked; for the others it
    // matches only the rows they see unmasked (an officer's inbox may hold rows of a former stint).
    if (!maySeeAnyPersonalData(p)) {
      bad('Không lọc được theo số định danh mà bạn chỉ xem ở dạng che / applicantIdNumber: you see applicants’ identity numbers masked, so you cannot filter on them', 'applicantIdNumber');
    }
    add((n) => `d.applicant_id_number = ${n} and ${seesPersonalDataSql(vis.accessSql)}`, f.applicantIdNumber);
  }
  if (f.assigneeId) {
    if (!isUuid(f.assigneeId)) bad('assigneeId is not a valid id', 'assigneeId');
    add((n) => `d.assignee_id = ${n}`, f.assigneeId);
  }
  if (f.receivedFrom) add((n) => `d.received_at >= ${n}`, f.receivedFrom);
  if (f.receivedTo) add((n) => `d.received_at < ${n}`, f.receivedTo);
  if (f.dueFrom) add((n) => `d.due_at >= ${n}`, f.dueFrom);
  if (f.dueTo) add((n) => `d.due_at < ${n}`, f.dueTo);
  if (f.overdue != null) {
    params.push(now);
    const cond = overdueSql('d', `$${params.length}`);
    where.push(f.overdue ? cond : `not ${cond}`);
  }
  if (after) {
    const [at, id] = decodeCursor(after, 2) as [string, string];
    // Years PostgreSQL cannot store (Date.parse takes ±275760) are a bad cursor, not a database error.
    const year = new Date(Date.parse(at)).getUTCFullYear();
    if (!isUuid(id) || Number.isNaN(Date.parse(at)) || year < 1000 || year > 9999) bad('Invalid cursor', 'after');
    params.push(new Date(at), id);
    where.push(`(${vis.sortAt}, ${vis.sortId}) < ($${params.length - 1}, $${params.length})`);
  }
  return { vis, params, where, limit };
}

/**
 * The FROM, WHERE, ORDER BY and LIMIT of a page: newest first by `(submitted_at, id)`. The
 * limit is a parameter, or with `literalLimit` part of the text (a prepared statement's
 * generic plan then knows it; `limit` is a checked integer).
 */
export function dossierPageTail(q: DossierPageQuery, literalLimit = false): string {
  const { vis, where } = q;
  let limit = String(q.limit + 1);
  if (!literalLimit) {
    q.params.push(q.limit + 1);
    limit = `$${q.params.length}`;
  }
  return `from ${vis.from} ${where.length ? `where ${where.join(' and ')}` : ''}
    order by ${vis.sortAt} desc, ${vis.sortId} desc limit ${limit}`;
}

/** Keyset cursor of a dossier: its submission time (as `toISOString()`) and id. */
function dossierCursor(d: DossierView): string {
  return encodeCursor([d.submittedAt.toISOString(), d.id]);
}

/**
 * The read side: one SQL statement for a page of dossiers, visible to the principal, newest
 * first with keyset cursors `(submitted_at, id)`. Related rows come from the loaders.
 */
export async function listDossiers(
  em: EntityManager,
  presenter: DossierPresenter,
  p: Principal | undefined,
  filter: DossierFilter | undefined | null,
  limit: number,
  after: string | undefined | null,
  now: Date,
): Promise<{ nodes: DossierView[]; hasNextPage: boolean; cursor: (d: DossierView) => string }> {
  const q = dossierPageQuery(presenter, p, filter, limit, after, now);
  if (!q) return { nodes: [], hasNextPage: false, cursor: () => '' };
  const rows = await query(em, `select ${DOSSIER_COLUMNS}, ${q.vis.accessColumn} ${dossierPageTail(q)}`, q.params);
  const nodes = rows.slice(0, limit).map((r) => presenter.present(r));
  return { nodes, hasNextPage: rows.length > limit, cursor: dossierCursor };
}

/** The relations `dossier(id)` reads in the dossier's own statement, as its selection asks. */
export interface DossierInclude {
  /** `history(last:)`: the newest n entries, 0 for all. */
  history?: number;
  files?: boolean;
  stints?: boolean;
  pauses?: boolean;
}

/** The relations read with the dossier, each as its loader returns it. */
export interface DossierRelations {
  history?: HistoryView[];
  files?: unknown[];
  stints?: unknown[];
  pauses?: unknown[];
}

/**
 * One dossier with the relations its selection asks for, in ONE statement (correlated JSON
 * aggregates of the same columns and order as the loaders, mapped without the unit of work), so
 * that `dossier(id)`'s details cost one statement instead of one per relation.
 */
export async function findDossierWith(em: EntityManager, presenter: DossierPresenter, p: Principal | undefined, id: string, include: DossierInclude): Promise<{ view: DossierView; related: DossierRelations } | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const vis = visibilityPlan(p, params, (a) => presenter.procedureIdsOf(a));
  if (!vis) return null;
  const extra: string[] = [];
  if (include.history !== undefined) extra.push(`${relationJsonSql(HISTORY_RELATION, 'd.id', include.history > 0 ? String(include.history) : undefined)} as "rel_history"`);
  for (const k of ['files', 'stints', 'pauses'] as const) if (include[k]) extra.push(`${relationJsonSql(DOSSIER_RELATIONS[k])} as "rel_${k}"`);
  const rows = await query(em, `select ${DOSSIER_COLUMNS}, ${[vis.accessColumn, ...extra].join(', ')} from ${vis.from} where ${['d.id = $1', ...vis.where].join(' and ')}`, params);
  const r = rows[0];
  if (!r) return null;
  const related: DossierRelations = {};
  if (include.history !== undefined) related.history = relationFromJson<HistoryView>(HISTORY_RELATION, r.rel_history);
  for (const k of ['files', 'stints', 'pauses'] as const) if (include[k]) related[k] = relationFromJson(DOSSIER_RELATIONS[k], r[`rel_${k}`]);
  return { view: presenter.present(r), related };
}

/** One dossier if the principal may see it; `null` otherwise (absence and denial look the same). */
export async function findDossier(em: EntityManager, presenter: DossierPresenter, p: Principal | undefined, id: string): Promise<DossierView | null> {
  if (!isUuid(id)) return null;
  const params: unknown[] = [id];
  const vis = visibilityPlan(p, params, (a) => presenter.procedureIdsOf(a));
  if (!vis) return null;
  const rows = await query(em, `select ${DOSSIER_COLUMNS}, ${vis.accessColumn} from ${vis.from} where ${['d.id = $1', ...vis.where].join(' and ')}`, params);
  return rows[0] ? presenter.present(rows[0]) : null;
}

export interface Tracking {
  code: string;
  nationalStatus: number;
  holdingAgencyName: string;
  receivedAt: Date | null;
  dueAt: Date | null;
}

/**
 * Public tracking: the code and either the applicant's identity number or the receipt's
 * lookup secret must match.
 */
export async function trackDossier(em: EntityManager, code: string, by: { applicantIdNumber: string } | { lookupSecret: string }): Promise<Tracking | null> {
  const [column, value] = 'lookupSecret' in by ? ['lookup_secret', by.lookupSecret.trim().toUpperCase()] : ['applicant_id_number', by.applicantIdNumber.trim()];
  if (code.length > 64 || value.length > 32) return null;
  // Status, holding agency and dates only (DOMAIN.md §3): nothing that tells what the dossier is about.
  const rows = await query<Tracking>(em, `select d.code, d.national_status as "nationalStatus",
      a.name as "holdingAgencyName", d.received_at as "receivedAt", d.due_at as "dueAt"
    from dossier d join agency a on a.id = d.holding_agency_id
    where d.code = $1 and d.${column} = $2`, [code.trim(), value]);
  return rows[0] ?? null;
}

