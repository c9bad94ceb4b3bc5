/**
 * The read path of petitions and receptions: plain rows mapped from SQL (no unit of work), the
 * caller's rights decided in the SQL itself, and per-request DataLoaders for every relation a
 * list can reach. The protected tables are read in one place only, {@link PetitionLoaders},
 * whose loaders write the access log in the same statement that reads them.
 */
import { timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, grouped, isUuid, query } from '../../../src/kernel';
import { CaseComplexity, PetitionChannel, PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import { ReceptionKind, ReceptionOutcome } from '../entities/reception-session.entity';
import { identityReadableSql, InspectorateStanding, mayViewPetitions, Params, petitionVisibleSql } from '../access';
import type { PetitionerIdentityType, PetitionExtensionType, PetitionHistoryEntryType, PetitionInspectorType, PetitionLinkType, ReceptionCitizenType } from './petition.output';

/** A petition as the caller may see it. */
export interface PetitionView {
  id: string;
  code: string;
  agencyId: string;
  classification: PetitionClassification;
  anonymous: boolean;
  subject: string;
  respondent: string | null;
  receivedAt: Date;
  channel: PetitionChannel;
  transferredFrom: string | null;
  receptionSessionId: string | null;
  receivedByName: string;
  status: PetitionStatus;
  remote: boolean;
  complexity: CaseComplexity;
  eligibilityDueAt: Date | null;
  acceptedAt: Date | null;
  dueAt: Date | null;
  originalDueAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  transferredToName: string | null;
  refusalReason: string | null;
  conclusion: string | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  withdrawalReason: string | null;
  isDuplicate: boolean;
  /** The earlier petition, only where linking the two tells the caller nothing about an identity they may not read. */
  duplicateOfId: string | null;
  /** The caller may read the petitioner's identity (the loader checks again before reading it). */
  identityReadable: boolean;
  instance: number;
  firstPetitionId: string | null;
  timeBarStartsOn: string | null;
  timeBarLastDay: string | null;
  /** Complaints: received after the last day to file (Vietnam dates); null for other petitions. */
  timeBarred: boolean | null;
  obstacleDays: number;
  obstacleReason: string | null;
  eligibilityExtended: boolean;
  forwardDueAt: Date | null;
  version: number;
}

export interface ReceptionSessionView {
  id: string;
  agencyId: string;
  heldOn: string;
  officerName: string;
  location: string;
  kind: ReceptionKind;
  citizenCount: number;
  summary: string;
  outcome: ReceptionOutcome;
  outcomeNote: string | null;
  createdAt: Date;
  citizensReadable: boolean;
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  cursor(n: T): string;
}

function bad(message: string, argumentName: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/**
 * `select … from inspectorate_petition p`: the columns of {@link PetitionView}. A duplicate link,
 * and even the flag that there is one, says "the same person filed both": it is shown only to a
 * caller who may read both petitioners' identities (the head, an inspector assigned to both).
 * Anyone else may know one of them (whoever typed it in, or a colleague told) and would learn the
 * other; who knows what cannot be tracked, so the rule does not try.
 */
function petitionSelect(s: InspectorateStanding, ps: Params): string {
  const readable = identityReadableSql(s, 'p', ps.bind);
  const bothReadable = `(${identityReadableSql(s, 'dp', ps.bind)} and ${identityReadableSql(s, 'p', ps.bind)})`;
  return `select p.id, p.code, p.agency_id as "agencyId", p.classification, p.anonymous, p.subject, p.respondent, p.received_at as "receivedAt",
    p.channel, p.transferred_from as "transferredFrom", p.reception_session_id as "receptionSessionId", p.received_by_name as "receivedByName",
    p.status, p.remote, p.complexity, p.eligibility_due_at as "eligibilityDueAt", p.accepted_at as "acceptedAt", p.due_at as "dueAt",
    p.original_due_at as "originalDueAt", p.resolved_at as "resolvedAt", p.closed_at as "closedAt", p.transferred_to_name as "transferredToName",
    p.refusal_reason as "refusalReason", p.conclusion, p.decision_number as "decisionNumber", to_char(p.decision_date, 'YYYY-MM-DD') as "decisionDate",
    p.withdrawal_reason as "withdrawalReason", (p.duplicate_of_id is not null and ${bothReadable}) as "isDuplicate",
    case when p.duplicate_of_id is not null and ${bothReadable} then p.duplicate_of_id end as "duplicateOfId",
    ${readable} as "identityReadable", p.instance, p.first_petition_id as "firstPetitionId",
    to_char(p.time_bar_starts_on, 'YYYY-MM-DD') as "timeBarStartsOn", to_char(p.time_bar_last_day, 'YYYY-MM-DD') as "timeBarLastDay",
    (p.received_at at time zone 'Asia/Ho_Chi_Minh')::date > p.time_bar_last_day as "timeBarred",
    p.obstacle_days as "obstacleDays", p.obstacle_reason as "obstacleReason", p.eligibility_extended as "eligibilityExtended",
    p.forward_due_at as "forwardDueAt", p.version
    from inspectorate_petition p left join inspectorate_petition dp on dp.id = p.duplicate_of_id`;
}

/** Petitions by id that the caller may see, in the order asked (null where not). */
async function petitionsByIds(em: EntityManager, s: InspectorateStanding, ids: readonly string[]): Promise<(PetitionView | null)[]> {
  if (!mayViewPetitions(s)) return ids.map(() => null);
  const ps = new Params();
  const sql = `${petitionSelect(s, ps)} where p.id = any(${ps.bind(ids.filter(isUuid))}::uuid[]) and ${petitionVisibleSql(s, 'p', ps.bind)}`;
  const rows = await query<PetitionView>(em, sql, ps.values);
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export async function findPetition(em: EntityManager, s: InspectorateStanding, id: string): Promise<PetitionView | null> {
  if (!isUuid(id)) return null;
  return (await petitionsByIds(em, s, [id]))[0];
}

export interface PetitionListFilter {
  status?: PetitionStatus[] | null;
  classification?: PetitionClassification[] | null;
  overdue?: boolean | null;
  assignedToMe?: boolean | null;
  receptionSessionId?: string | null;
}

/** Open and past the time limit now running (acceptance before thụ lý, resolution after). */
function overdueSql(now: string): string {
  return `(p.closed_at is null and p.resolved_at is null and coalesce(p.due_at < ${now}, p.accepted_at is null and p.eligibility_due_at < ${now}, false))`;
}

/** The register of petitions, newest first (keyset on receipt time and id). */
export async function listPetitions(em: EntityManager, s: InspectorateStanding, f: PetitionListFilter | null | undefined, limit: number, after: string | null | undefined, now: Date): Promise<Page<PetitionView>> {
  const ps = new Params();
  const select = petitionSelect(s, ps);
  const where = [petitionVisibleSql(s, 'p', ps.bind)];
  if (f?.status?.length) where.push(`p.status = any(${ps.bind(f.status)}::inspectorate_petition_status[])`);
  if (f?.classification?.length) where.push(`p.classification = any(${ps.bind(f.classification)}::inspectorate_petition_classification[])`);
  if (f?.overdue != null) {
    const cond = overdueSql(`${ps.bind(now)}::timestamptz`);
    where.push(f.overdue ? cond : `not ${cond}`);
  }
  if (f?.assignedToMe) {
    where.push(
      s.accountId
        ? `exists (select 1 from inspectorate_petition_inspector mi where mi.petition_id = p.id and mi.account_id = ${ps.bind(s.accountId)}::uuid and mi.removed_at is null)`
        : 'false',
    );
  }
  if (f?.receptionSessionId) {
    if (!isUuid(f.receptionSessionId)) bad('Invalid receptionSessionId', 'filter');
    where.push(`p.reception_session_id = ${ps.bind(f.receptionSessionId)}::uuid`);
  }
  if (after) {
    const [t, id] = decodeCursor(after, 2) as [string, string];
    if (!isUuid(id) || Number.isNaN(Date.parse(t))) bad('Invalid cursor', 'after');
    where.push(`(p.received_at, p.id) < (${ps.bind(new Date(t))}::timestamptz, ${ps.bind(id)}::uuid)`);
  }
  const rows = await query<PetitionView>(em, `${select} where ${where.join(' and ')} order by p.received_at desc, p.id desc limit ${ps.bind(limit + 1)}`, ps.values);
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursor: (p) => encodeCursor([p.receivedAt.toISOString(), p.id]) };
}

function sessionSelect(s: InspectorateStanding, ps: Params): string {
  const me = s.accountId ? `${ps.bind(s.accountId)}::uuid` : 'null::uuid';
  return `select rs.id, rs.agency_id as "agencyId", to_char(rs.held_on, 'YYYY-MM-DD') as "heldOn", rs.officer_name as "officerName", rs.location, rs.kind,
    rs.citizen_count as "citizenCount", rs.summary, rs.outcome, rs.outcome_note as "outcomeNote", rs.created_at as "createdAt",
    (rs.agency_id = any(${ps.bind(s.head)}::uuid[]) or rs.officer_id = ${me}) as "citizensReadable"
    from inspectorate_reception_session rs`;
}

/** The reception register, newest first. */
export async function listReceptionSessions(
  em: EntityManager,
  s: InspectorateStanding,
  f: { from?: string | null; to?: string | null } | null | undefined,
  limit: number,
  after: string | null | undefined,
): Promise<Page<ReceptionSessionView>> {
  const ps = new Params();
  const select = sessionSelect(s, ps);
  const where = [s.observer ? 'true' : `rs.agency_id = any(${ps.bind(s.officer)}::uuid[])`];
  if (f?.from) where.push(`rs.held_on >= ${ps.bind(f.from)}::date`);
  if (f?.to) where.push(`rs.held_on <= ${ps.bind(f.to)}::date`);
  if (after) {
    const [d, id] = decodeCursor(after, 2) as [string, string];
    if (!isUuid(id) || !/^\d{4}-\d{2}-\d{2}$/.test(d)) bad('Invalid cursor', 'after');
    where.push(`(rs.held_on, rs.id) < (${ps.bind(d)}::date, ${ps.bind(id)}::uuid)`);
  }
  const rows = await query<ReceptionSessionView>(em, `${select} where ${where.join(' and ')} order by rs.held_on desc, rs.id desc limit ${ps.bind(limit + 1)}`, ps.values);
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursor: (r) => encodeCursor([r.heldOn, r.id]) };
}

/** Reception sessions by id that the caller may see, in the order asked (null where not). */
async function sessionsByIds(em: EntityManager, s: InspectorateStanding, ids: readonly string[]): Promise<(ReceptionSessionView | null)[]> {
  if (!mayViewPetitions(s)) return ids.map(() => null);
  const ps = new Params();
  const where = s.observer ? 'true' : `rs.agency_id = any(${ps.bind(s.officer)}::uuid[])`;
  const rows = await query<ReceptionSessionView>(em, `${sessionSelect(s, ps)} where rs.id = any(${ps.bind(ids.filter(isUuid))}::uuid[]) and ${where}`, ps.values);
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export interface AccessLogView {
  id: string;
  at: Date;
  accountId: string;
  accountName: string;
  petitionId: string | null;
  petitionCode: string | null;
  receptionSessionId: string | null;
  fields: string[];
  operation: string;
}

/** The access log of the agencies the caller heads, newest first. */
export async function listAccessLog(
  em: EntityManager,
  s: InspectorateStanding,
  f: { petitionId?: string | null; accountId?: string | null; from?: Date | null; to?: Date | null },
  limit: number,
  after: string | null | undefined,
): Promise<Page<AccessLogView>> {
  const ps = new Params();
  const where = [`coalesce(lp.agency_id, ls.agency_id) = any(${ps.bind(s.head)}::uuid[])`];
  if (f.petitionId) where.push(`l.petition_id = ${ps.bind(f.petitionId)}::uuid`);
  if (f.accountId) where.push(`l.account_id = ${ps.bind(f.accountId)}::uuid`);
  if (f.from) where.push(`l.at >= ${ps.bind(f.from)}::timestamptz`);
  if (f.to) where.push(`l.at < ${ps.bind(f.to)}::timestamptz`);
  if (after) {
    const [t, id] = decodeCursor(after, 2) as [string, string];
    if (!/^\d+$/.test(String(id)) || Number.isNaN(Date.parse(t))) bad('Invalid cursor', 'after');
    where.push(`(l.at, l.id) < (${ps.bind(new Date(t))}::timestamptz, ${ps.bind(String(id))}::bigint)`);
  }
  const rows = await query<AccessLogView>(
    em,
    `select l.id::text as id, l.at, l.account_id as "accountId", l.account_name as "accountName", l.petition_id as "petitionId", lp.code as "petitionCode",
       l.reception_session_id as "receptionSessionId", l.fields, l.operation
     from inspectorate_protected_access_log l
     left join inspectorate_petition lp on lp.id = l.petition_id
     left join inspectorate_reception_session ls on ls.id = l.reception_session_id
     where ${where.join(' and ')} order by l.at desc, l.id desc limit ${ps.bind(limit + 1)}`,
    ps.values,
  );
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursor: (r) => encodeCursor([r.at.toISOString(), r.id]) };
}

/** A read of protected fields: whose, which fields, through which operation. */
export interface ProtectedReadKey {
  id: string;
  fields: string[];
  operation: string;
}

/**
 * Per-request loaders of the module (one instance per request through `ctx.loaders.forModule`,
 * so nothing is cached across callers). The two protected loaders re-check the caller's right in
 * SQL and log every read in the same statement: a page of 50 petitioners is one round trip that
 * inserts 50 log rows and returns 50 identities, and no identity leaves without its log row.
 */
export class PetitionLoaders {
  readonly petition: DataLoader<string, PetitionView | null>;
  readonly session: DataLoader<string, ReceptionSessionView | null>;
  readonly inspectors: DataLoader<string, PetitionInspectorType[]>;
  readonly extensions: DataLoader<string, PetitionExtensionType[]>;
  readonly history: DataLoader<string, PetitionHistoryEntryType[]>;
  /** The other instance of a complaint by id (a summary, no identity), for whoever sees the petition linking to it. */
  readonly link: DataLoader<string, PetitionLinkType | null>;
  /** The second complaints filed on a first complaint, oldest first. */
  readonly secondComplaints: DataLoader<string, PetitionLinkType[]>;
  readonly identity: DataLoader<ProtectedReadKey, PetitionerIdentityType | null>;
  readonly citizens: DataLoader<ProtectedReadKey, ReceptionCitizenType[] | null>;

  constructor(em: EntityManager, s: InspectorateStanding, now: () => Date) {
    this.petition = new DataLoader((ids) => petitionsByIds(em, s, ids));
    this.session = new DataLoader((ids) => sessionsByIds(em, s, ids));
    // The three below are asked only for petitions the caller already sees (the roots come from the read path).
    this.inspectors = new DataLoader(async (ids) =>
      grouped(ids, await query<PetitionInspectorType & { petitionId: string }>(em, `select petition_id as "petitionId", account_id as "accountId", account_name as "fullName",
        assigned_at as "assignedAt", assigned_by_name as "assignedByName" from inspectorate_petition_inspector
        where petition_id = any($1::uuid[]) and removed_at is null order by assigned_at, id`, [ids]), (r) => r.petitionId),
    );
    this.extensions = new DataLoader(async (ids) =>
      grouped(ids, await query<PetitionExtensionType & { petitionId: string }>(em, `select petition_id as "petitionId", at, by_name as "byName", reason, days, complexity,
        previous_due_at as "previousDueAt", new_due_at as "newDueAt" from inspectorate_petition_extension
        where petition_id = any($1::uuid[]) order by at, id`, [ids]), (r) => r.petitionId),
    );
    this.history = new DataLoader(async (ids) =>
      grouped(ids, await query<PetitionHistoryEntryType & { petitionId: string }>(em, `select petition_id as "petitionId", at, actor_name as "actorName", action,
        from_status as "fromStatus", to_status as "toStatus", note from inspectorate_petition_history
        where petition_id = any($1::uuid[]) order by at, id`, [ids]), (r) => r.petitionId),
    );
    this.link = new DataLoader(async (ids) => {
      const rows = await query<PetitionLinkType>(em, `${LINK_SELECT} where p.id = any($1::uuid[])`, [ids]);
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    });
    this.secondComplaints = new DataLoader(async (ids) =>
      grouped(ids, await query<PetitionLinkType & { firstPetitionId: string }>(em, `${LINK_SELECT} where p.first_petition_id = any($1::uuid[]) order by p.received_at, p.id`, [ids]), (r) => r.firstPetitionId),
    );
    // Batched but never cached: each resolution that returns protected fields is a read, and is logged.
    this.identity = new DataLoader((keys) => readIdentities(em, s, keys, now()), { cache: false });
    this.citizens = new DataLoader((keys) => readCitizens(em, s, keys, now()), { cache: false });
  }
}

/** A petition as the other instance's body sees it: the course and the decision, never who filed it. */
const LINK_SELECT = `select p.id, p.code, p.instance, a.name as "agencyName", p.status, p.received_at as "receivedAt", p.due_at as "dueAt",
  p.resolved_at as "resolvedAt", p.decision_number as "decisionNumber", to_char(p.decision_date, 'YYYY-MM-DD') as "decisionDate",
  p.first_petition_id as "firstPetitionId"
  from inspectorate_petition p join agency a on a.id = p.agency_id`;

/** The log rows to insert with a protected read: `unnest` of three parallel arrays. */
function logRows(keys: readonly ProtectedReadKey[], ps: Params): string {
  return `unnest(${ps.bind(keys.map((k) => k.id))}::uuid[], ${ps.bind(keys.map((k) => k.fields.join(',')))}::text[], ${ps.bind(keys.map((k) => k.operation))}::text[]) as k(target_id, fields, operation)`;
}

async function readIdentities(em: EntityManager, s: InspectorateStanding, keys: readonly ProtectedReadKey[], now: Date): Promise<(PetitionerIdentityType | null)[]> {
  if (!s.accountId) return keys.map(() => null);
  const ps = new Params();
  const ids = ps.bind([...new Set(keys.map((k) => k.id))]);
  const withContent = keys.some((k) => k.fields.some((f) => f === 'letters.contentBase64'));
  const sql = `with readable as (
      select p.id from inspectorate_petition p where p.id = any(${ids}::uuid[]) and ${identityReadableSql(s, 'p', ps.bind)}
        and (exists (select 1 from inspectorate_petitioner_identity x where x.petition_id = p.id) or exists (select 1 from inspectorate_petitioner_letter y where y.petition_id = p.id))
    ), logged as (
      insert into inspectorate_protected_access_log (at, account_id, account_name, petition_id, fields, operation)
      select ${ps.bind(now)}::timestamptz, ${ps.bind(s.accountId)}::uuid, ${ps.bind(s.name)}, k.target_id, coalesce(string_to_array(nullif(k.fields, ''), ','), '{}'::text[]), k.operation
      from ${logRows(keys, ps)} where k.target_id in (select id from readable)
    )
    select r.id as "petitionId", i.full_name as "fullName", i.identity_number as "identityNumber", i.address, i.phone,
      coalesce((select json_agg(json_build_object('id', l.id, 'name', l.name, 'mediaType', l.media_type, 'size', l.size, 'sha256', l.sha256,
        'contentBase64', case when ${ps.bind(withContent)}::boolean then encode(l.content, 'base64') end) order by l.uploaded_at, l.id)
        from inspectorate_petitioner_letter l where l.petition_id = r.id), '[]'::json) as letters
    from readable r left join inspectorate_petitioner_identity i on i.petition_id = r.id`;
  const rows = await query<PetitionerIdentityType & { petitionId: string }>(em, sql, ps.values);
  const map = new Map(rows.map((r) => [r.petitionId, r]));
  return keys.map((k) => {
    const r = map.get(k.id);
    if (!r) return null;
    const { petitionId: _, ...identity } = r;
    return identity;
  });
}

async function readCitizens(em: EntityManager, s: InspectorateStanding, keys: readonly ProtectedReadKey[], now: Date): Promise<(ReceptionCitizenType[] | null)[]> {
  if (!s.accountId) return keys.map(() => null);
  const ps = new Params();
  const me = `${ps.bind(s.accountId)}::uuid`;
  const sql = `with readable as (
      select rs.id from inspectorate_reception_session rs where rs.id = any(${ps.bind([...new Set(keys.map((k) => k.id))])}::uuid[])
        and (rs.agency_id = any(${ps.bind(s.head)}::uuid[]) or rs.officer_id = ${me})
    ), logged as (
      insert into inspectorate_protected_access_log (at, account_id, account_name, reception_session_id, fields, operation)
      select ${ps.bind(now)}::timestamptz, ${me}, ${ps.bind(s.name)}, k.target_id, coalesce(string_to_array(nullif(k.fields, ''), ','), '{}'::text[]), k.operation
      from ${logRows(keys, ps)} where k.target_id in (select id from readable)
    )
    select c.session_id as "sessionId", c.full_name as "fullName", c.identity_number as "identityNumber", c.address
    from inspectorate_reception_citizen c where c.session_id in (select id from readable) order by c.session_id, c.full_name, c.id`;
  const rows = await query<ReceptionCitizenType & { sessionId: string }>(em, sql, ps.values);
  const readableIds = new Set(rows.map((r) => r.sessionId));
  const bySession = grouped(keys.map((k) => k.id), rows, (r) => r.sessionId);
  return keys.map((k, i) => (readableIds.has(k.id) ? bySession[i].map(({ sessionId: _, ...c }) => c) : null));
}

/** What public tracking shows. */
export interface TrackingView {
  code: string;
  status: PetitionStatus;
  dueAt: Date | null;
  handledBy: string;
}

const NO_SUCH_HASH = '0'.repeat(64);

/**
 * Public tracking with the code and the secret from the receipt: status, running time limit and
 * the body handling it, nothing else. A wrong code and a wrong secret answer the same null, after
 * the same work (a hash and a constant-time comparison either way).
 */
export async function trackPetition(em: EntityManager, code: string, secret: string, hash: (code: string, secret: string) => string): Promise<TrackingView | null> {
  const c = code.trim().toUpperCase();
  const sec = secret.trim().toUpperCase();
  if (c.length > 32 || sec.length > 64) return null;
  const [row] = await query<{ code: string; status: PetitionStatus; hash: string; dueAt: Date | null; eligibilityDueAt: Date | null; acceptedAt: Date | null; closedAt: Date | null; transferredToName: string | null; agencyName: string }>(
    em,
    `select p.code, p.status, p.lookup_secret_hash as hash, p.due_at as "dueAt", p.eligibility_due_at as "eligibilityDueAt", p.accepted_at as "acceptedAt",
       p.closed_at as "closedAt", p.transferred_to_name as "transferredToName", a.name as "agencyName"
     from inspectorate_petition p join agency a on a.id = p.agency_id where p.code = $1`,
    [c],
  );
  const expected = Buffer.from(row?.hash ?? NO_SUCH_HASH, 'hex');
  const actual = Buffer.from(hash(c, sec), 'hex');
  const same = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!row || !same) return null;
  return {
    code: row.code,
    status: row.status,
    dueAt: row.closedAt ? null : row.acceptedAt ? row.dueAt : row.eligibilityDueAt,
    handledBy: row.status === PetitionStatus.TRANSFERRED && row.transferredToName ? row.transferredToName : row.agencyName,
  };
}
