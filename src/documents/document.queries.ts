import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { agenciesWithRole, hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { isUuid } from '../db/ids';
import { query } from '../db/sql';
import { decodeCursor, encodeCursor } from '../graphql/connection';
import { grouped } from '../graphql/grouped';
import { lateSql } from './document-deadlines';
import { DocumentStatus, foldVietnamese, RecipientStatus, SECRET_SIGNOFF, Secrecy, Urgency } from './document.types';

/** A document row as the read path maps it; `subject` is null when the caller may not read it. */
export interface DocumentView {
  id: string;
  /** Null for a document from outside OneDoor (see externalIssuerCode). */
  issuerId: string | null;
  externalIssuerCode: string | null;
  externalIssuerName: string | null;
  year: number | null;
  number: number | null;
  notation: string;
  typeCode: string;
  subject: string | null;
  language: string;
  pageCount: number;
  place: string;
  urgency: Urgency;
  secrecy: Secrecy;
  status: DocumentStatus;
  dueAt: Date | null;
  signerPosition: string | null;
  signerName: string | null;
  signedAt: Date | null;
  /** When it must be issued (set at signing); see `document-deadlines.ts`. */
  issueDueAt: Date | null;
  issuedAt: Date | null;
  recalledAt: Date | null;
  replacesId: string | null;
  dossierId: string | null;
  origin: string;
  version: number;
  createdAt: Date;
  /** The caller may read the content (not secret, or a named handler). */
  readable: boolean;
  /** The caller works for the issuer or a recipient (may see recipients and trace). */
  visible: boolean;
}

export interface RecipientView {
  id: string;
  documentId: string;
  agencyId: string;
  status: RecipientStatus;
  deliveredAt: Date | null;
  acknowledgedAt: Date | null;
  /** When the unit must acknowledge it (set at delivery); see `document-deadlines.ts`. */
  acknowledgeDueAt: Date | null;
  arrivalNumber: number | null;
  arrivalYear: number | null;
  assigneeId: string | null;
  handlingDueAt: Date | null;
  finishedAt: Date | null;
  note: string | null;
  version: number;
}

export interface IncomingView extends RecipientView {
  /** The entry itself, for `IncomingDocument.entry`. */
  entry: RecipientView;
  document: DocumentView;
}

export interface TraceView {
  documentId: string;
  at: Date;
  agencyId: string;
  recipientId: string | null;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}

export interface DocumentFilter {
  typeCodes?: string[] | null;
  urgencies?: Urgency[] | null;
  statuses?: DocumentStatus[] | null;
  recipientStatuses?: RecipientStatus[] | null;
  from?: Date | null;
  to?: Date | null;
  overdue?: boolean | null;
  late?: boolean | null;
}

/** Issued late, or signed and still not issued past its deadline (`lateSql`). */
const ISSUE_LATE = (now: string) => lateSql('d.issue_due_at', 'd.issued_at', now);
/** Acknowledged late, or still in the inbox past its deadline (`lateSql`). */
const ACKNOWLEDGE_LATE = (now: string) => lateSql('r.acknowledge_due_at', 'r.acknowledged_at', now);

/** Parameters as `$n`. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * `readable` and the masked subject, for a principal: handlers of secret documents read them, and
 * so do the issuing body's leaders while it awaits their sign-off (`SECRET_SIGNOFF`; the same rule
 * as `DocumentService.mayRead`).
 */
function readableSql(p: Principal, ps: Params): string {
  const me = p.accountId ? ps.add(p.accountId) : 'null::uuid';
  const signoff = agenciesWithRole(p, SECRET_SIGNOFF.roles);
  const leader = signoff.length
    ? ` or (d.status = any(${ps.add([...SECRET_SIGNOFF.statuses])}::document_status[]) and d.issuer_id = any(${ps.add(signoff)}::uuid[]))`
    : '';
  return `(not d.secret${leader} or exists (select 1 from document_handler h where h.document_id = d.id and h.account_id = ${me}))`;
}

function documentColumns(readable: string, visible: string): string {
  return `d.id, d.issuer_id as "issuerId", d.external_issuer_code as "externalIssuerCode", d.external_issuer_name as "externalIssuerName", d.year, d.number, d.notation, d.type_code as "typeCode",
    case when ${readable} then d.subject end as subject, d.language, d.page_count as "pageCount", d.place, d.urgency, d.secrecy, d.status,
    d.due_at as "dueAt", d.signer_position as "signerPosition", d.signer_name as "signerName", d.signed_at as "signedAt", d.issue_due_at as "issueDueAt", d.issued_at as "issuedAt",
    d.recalled_at as "recalledAt", d.replaces_id as "replacesId", d.dossier_id as "dossierId", d.origin, d.version, d.created_at as "createdAt",
    ${readable} as readable, ${visible} as visible`;
}

/** A recipient entry; its note and handler are content of the document, masked where it is not readable. */
function recipientColumns(readable: string): string {
  return `r.id, r.document_id as "documentId", r.agency_id as "agencyId", r.status, r.delivered_at as "deliveredAt",
  r.acknowledged_at as "acknowledgedAt", r.acknowledge_due_at as "acknowledgeDueAt", r.arrival_number as "arrivalNumber", r.arrival_year as "arrivalYear",
  case when ${readable} then r.assignee_id end as "assigneeId", r.handling_due_at as "handlingDueAt", r.finished_at as "finishedAt",
  case when ${readable} then r.note end as note, r.version`;
}

/** Documents the principal's agencies issued or received (drafts: the issuer only). */
function visibleSql(p: Principal, ps: Params): string | null {
  if (hasRole(p, Role.SYSTEM_ADMIN)) return 'true';
  const agencies = officerAgencies(p);
  if (!agencies.length) return null;
  const a = ps.add(agencies);
  return `(d.issuer_id = any(${a}::uuid[]) or exists (select 1 from document_recipient v where v.document_id = d.id and v.agency_id = any(${a}::uuid[]) and v.delivered_at is not null))`;
}

function bad(message: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** One document the principal may see and read; null otherwise (a secret one is invisible to non-handlers). */
export async function findDocument(em: EntityManager, p: Principal, id: string): Promise<DocumentView | null> {
  if (!isUuid(id)) return null;
  const ps = new Params();
  const idParam = ps.add(id);
  const visible = visibleSql(p, ps);
  if (!visible) return null;
  const [row] = await query<DocumentView>(em, `select ${documentColumns(readableSql(p, ps), 'true')} from official_document d where d.id = ${idParam} and ${visible}`, ps.values);
  return row?.readable ? row : null;
}

function mayOpenRegister(p: Principal, agencyId: string): boolean {
  return officerAgencies(p).includes(agencyId) || hasRole(p, Role.SYSTEM_ADMIN);
}

function commonFilters(f: DocumentFilter | null | undefined, ps: Params, where: string[], at: string): void {
  if (f?.typeCodes?.length) where.push(`d.type_code = any(${ps.add(f.typeCodes)}::text[])`);
  if (f?.urgencies?.length) where.push(`d.urgency = any(${ps.add(f.urgencies)}::document_urgency[])`);
  if (f?.from) where.push(`${at} >= ${ps.add(f.from)}`);
  if (f?.to) where.push(`${at} < ${ps.add(f.to)}`);
}

function keyset(after: string | null | undefined, ps: Params, where: string[], at: string, id: string): void {
  if (!after) return;
  const [t, k] = decodeCursor(after, 2) as [string, string];
  if (!isUuid(k) || Number.isNaN(Date.parse(t))) bad('Invalid cursor');
  where.push(`(${at}, ${id}) < (${ps.add(new Date(t))}, ${ps.add(k)})`);
}

export interface Page<T> {
  nodes: T[];
  hasNextPage: boolean;
  cursor(n: T): string;
}

/** Sổ văn bản đi: what an agency drafted and issued, newest first. */
export async function outgoingRegister(em: EntityManager, p: Principal, agencyId: string, f: DocumentFilter | null | undefined, limit: number, after: string | null | undefined, now: Date): Promise<Page<DocumentView>> {
  if (!mayOpenRegister(p, agencyId)) throw new GraphQLError('Only the agency’s officers may open its registers', { extensions: { code: 'FORBIDDEN' } });
  const ps = new Params();
  const where = [`d.issuer_id = ${ps.add(agencyId)}`];
  commonFilters(f, ps, where, 'd.created_at');
  if (f?.statuses?.length) where.push(`d.status = any(${ps.add(f.statuses)}::document_status[])`);
  if (f?.overdue != null) {
    const cond = `coalesce(d.status = 'ISSUED' and d.due_at < ${ps.add(now)} and exists (select 1 from document_recipient o where o.document_id = d.id and o.status not in ('DONE', 'FAIL', 'REJECTED')), false)`;
    where.push(f.overdue ? cond : `not ${cond}`);
  }
  if (f?.late != null) where.push(`${f.late ? '' : 'not '}${ISSUE_LATE(ps.add(now))}`);
  keyset(after, ps, where, 'd.created_at', 'd.id');
  const readable = readableSql(p, ps);
  const rows = await query<DocumentView>(em, `select ${documentColumns(readable, 'true')} from official_document d
    where ${where.join(' and ')} order by d.created_at desc, d.id desc limit ${ps.add(limit + 1)}`, ps.values);
  return { nodes: rows.slice(0, limit), hasNextPage: rows.length > limit, cursor: (d) => encodeCursor([d.createdAt.toISOString(), d.id]) };
}

/** Sổ văn bản đến: what was delivered to an agency, newest first, with its status there. */
export async function incomingRegister(
  em: EntityManager,
  p: Principal,
  agencyId: string,
  f: DocumentFilter | null | undefined,
  limit: number,
  after: string | null | undefined,
  now: Date,
  onlyDocumentId?: string,
): Promise<Page<IncomingView>> {
  if (!mayOpenRegister(p, agencyId)) throw new GraphQLError('Only the agency’s officers may open its registers', { extensions: { code: 'FORBIDDEN' } });
  const ps = new Params();
  const where = [`r.agency_id = ${ps.add(agencyId)}`, 'r.delivered_at is not null'];
  if (onlyDocumentId) where.push(`r.document_id = ${ps.add(onlyDocumentId)}`);
  commonFilters(f, ps, where, 'r.delivered_at');
  if (f?.recipientStatuses?.length) where.push(`r.status = any(${ps.add(f.recipientStatuses)}::document_recipient_status[])`);
  if (f?.overdue != null) {
    const cond = `coalesce(r.status in ('INBOX', 'ACCEPTED', 'PROCESSING') and coalesce(r.handling_due_at, d.due_at) < ${ps.add(now)}, false)`;
    where.push(f.overdue ? cond : `not ${cond}`);
  }
  if (f?.late != null) where.push(`${f.late ? '' : 'not '}${ACKNOWLEDGE_LATE(ps.add(now))}`);
  keyset(after, ps, where, 'r.delivered_at', 'r.id');
  const readable = readableSql(p, ps);
  const rows = await query(em, `select ${recipientColumns(readable)}, row_to_json(x) as document
    from document_recipient r join official_document d on d.id = r.document_id
    cross join lateral (select ${documentColumns(readable, 'true')}) x
    where ${where.join(' and ')} order by r.delivered_at desc, r.id desc limit ${ps.add(limit + 1)}`, ps.values);
  const nodes = rows.slice(0, limit).map((r) => ({ ...r, entry: r, document: reviveDocument(r.document) }) as IncomingView);
  return { nodes, hasNextPage: rows.length > limit, cursor: (r) => encodeCursor([r.deliveredAt!.toISOString(), r.id]) };
}

/** An agency's documents against their own deadlines (issue 19 #11). */
export interface DeadlineCounts {
  outgoingTracked: number;
  outgoingAwaitingIssue: number;
  outgoingLate: number;
  incomingTracked: number;
  incomingAwaitingAcknowledgement: number;
  incomingLate: number;
}

/**
 * The registers' deadline figures for an agency: documents it signed (in [from, to) by signing
 * time) and documents delivered to it (by delivery time) that carry a deadline, those still
 * waiting, and those late by the same rule as the registers' `late` flag and filter.
 */
export async function deadlineCounts(em: EntityManager, p: Principal, agencyId: string, from: Date | null | undefined, to: Date | null | undefined, now: Date): Promise<DeadlineCounts> {
  if (!mayOpenRegister(p, agencyId)) throw new GraphQLError('Only the agency’s officers may open its registers', { extensions: { code: 'FORBIDDEN' } });
  const ps = new Params();
  const agency = ps.add(agencyId);
  const at = ps.add(now);
  const range = (col: string) => `${from ? ` and ${col} >= ${ps.add(from)}` : ''}${to ? ` and ${col} < ${ps.add(to)}` : ''}`;
  const [row] = await query<DeadlineCounts>(em, `select
      (select count(*)::int from official_document d where d.issuer_id = ${agency} and d.issue_due_at is not null${range('d.signed_at')}) as "outgoingTracked",
      (select count(*)::int from official_document d where d.issuer_id = ${agency} and d.issue_due_at is not null and d.issued_at is null and d.status = 'SIGNED'${range('d.signed_at')}) as "outgoingAwaitingIssue",
      (select count(*)::int from official_document d where d.issuer_id = ${agency} and ${ISSUE_LATE(at)}${range('d.signed_at')}) as "outgoingLate",
      (select count(*)::int from document_recipient r where r.agency_id = ${agency} and r.acknowledge_due_at is not null${range('r.delivered_at')}) as "incomingTracked",
      (select count(*)::int from document_recipient r where r.agency_id = ${agency} and r.acknowledge_due_at is not null and r.acknowledged_at is null${range('r.delivered_at')}) as "incomingAwaitingAcknowledgement",
      (select count(*)::int from document_recipient r where r.agency_id = ${agency} and ${ACKNOWLEDGE_LATE(at)}${range('r.delivered_at')}) as "incomingLate"`, ps.values);
  return row;
}

/** JSON turns dates into strings. */
function reviveDocument(d: Record<string, any>): DocumentView {
  for (const k of ['dueAt', 'signedAt', 'issueDueAt', 'issuedAt', 'recalledAt', 'createdAt']) if (d[k]) d[k] = new Date(d[k]);
  return d as DocumentView;
}

/** Full-text search on the subject, with or without diacritics, over what the principal may read. */
export async function searchDocuments(em: EntityManager, p: Principal, text: string, limit: number): Promise<DocumentView[]> {
  const folded = foldVietnamese(text.trim());
  if (!folded) bad('Search text is empty');
  if (folded.length > 200) bad('Search text longer than 200 characters');
  const ps = new Params();
  const visible = visibleSql(p, ps);
  if (!visible) return [];
  const readable = readableSql(p, ps);
  const rows = await query<DocumentView>(em, `select ${documentColumns(readable, 'true')} from official_document d
    where to_tsvector('simple', d.subject_folded) @@ plainto_tsquery('simple', ${ps.add(folded)}) and ${visible} and ${readable}
    order by coalesce(d.issued_at, d.created_at) desc, d.id desc limit ${ps.add(limit)}`, ps.values);
  return rows;
}

/** Recipients, trace, files and dossier results of documents, batched per request. */
export class DocumentLoaders {
  readonly recipients: DataLoader<string, RecipientView[]>;
  readonly trace: DataLoader<string, TraceView[]>;
  readonly files: DataLoader<string, { documentId: string; id: string; name: string; sha256: string; size: number; mediaType: string }[]>;

  private results?: DataLoader<string, DocumentView[]>;

  constructor(private readonly em: EntityManager) {
    // Only asked for documents the caller may read (see the resolvers), so nothing is masked here.
    this.recipients = new DataLoader(async (ids) => grouped(ids, await query<RecipientView>(em, `select ${recipientColumns('true')} from document_recipient r
      where r.document_id = any($1::uuid[]) order by r.document_id, r.id`, [ids]), (r) => r.documentId));
    this.trace = new DataLoader(async (ids) => grouped(ids, await query<TraceView>(em, `select t.document_id as "documentId", t.at, t.agency_id as "agencyId",
      t.recipient_id as "recipientId", t.actor_name as "actorName", t.action, t.from_status as "fromStatus", t.to_status as "toStatus", t.note
      from document_trace t where t.document_id = any($1::uuid[]) order by t.at, t.id`, [ids]), (r) => r.documentId));
    this.files = new DataLoader(async (ids) => grouped(ids, await query(em, `select f.document_id as "documentId", f.id::text as id, f.name, f.file_sha256 as sha256, s.size, s.media_type as "mediaType"
      from document_file f join stored_file s on s.sha256 = f.file_sha256 where f.document_id = any($1::uuid[]) order by f.id`, [ids]), (r: any) => r.documentId));
  }

  /** `Dossier.resultDocuments` for one caller (the principal is the same for the whole request). */
  resultsFor(p: Principal | undefined): DataLoader<string, DocumentView[]> {
    return (this.results ??= new DataLoader((ids) => resultDocuments(this.em, p, ids)));
  }
}

/** Issued documents that are results of the given dossiers and that the principal may read. */
async function resultDocuments(em: EntityManager, p: Principal | undefined, dossierIds: readonly string[]): Promise<DocumentView[][]> {
  const ps = new Params();
  const ids = ps.add(dossierIds);
  const readable = p ? readableSql(p, ps) : 'not d.secret';
  // The applicant sees the result, not the offices' internal handling of it.
  const visible = (p && visibleSql(p, ps)) ?? 'false';
  const rows = await query<DocumentView>(em, `select ${documentColumns(readable, visible)} from official_document d
    where d.dossier_id = any(${ids}::uuid[]) and d.status in ('ISSUED', 'REPLACED') and ${readable} order by d.issued_at`, ps.values);
  return grouped(dossierIds, rows, (r) => r.dossierId!);
}
