import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, createUnionType } from 'type-graphql';
import { agenciesWithRole, hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { isUuid } from '../db/ids';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { Connection, decodeCursor, encodeCursor, pageSize } from '../graphql/connection';
import { NotAuthorized, NotificationNotFound, NotResendable } from '../graphql/errors';
import { GraphQLContext } from '../server/context';
import { bindAccessParams, dossierAccessSql } from '../dossiers/dossier-access';
import { DossierAccess } from '../dossiers/dossier.view';
import { maskRecipient, seesPersonalData, unmaskedRead } from '../dossiers/masking';
import { readPurpose, selectedPaths } from '../privacy/data-access';
import { ApplicantKind } from '../procedures/procedure.types';
import { internationalPhone } from './channels';
import { NotificationChannel, NotificationKind, NotificationStatus, STAFF_NOTIFICATION_KINDS } from './notification.types';

@ObjectType('NotificationAttempt')
class NotificationAttemptType {
  @Field(() => Int)
  attempt!: number;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Null while the attempt runs.' })
  succeeded!: boolean | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType('Notification', { description: 'A message to an applicant and its delivery log (staff of the dossier’s agencies; the recipient masked for observers, as `dossier.applicant`).' })
class NotificationType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  dossierId!: string;

  @Field()
  dossierCode!: string;

  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field()
  recipient!: string;

  @Field()
  language!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field()
  body!: string;

  @Field(() => NotificationStatus)
  status!: NotificationStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Date, { nullable: true, description: 'When the next try is due (QUEUED, FAILED).' })
  nextAttemptAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  sentAt!: Date | null;

  @Field(() => [NotificationAttemptType], { description: 'Every attempt, oldest first.' })
  log!: NotificationAttemptType[];
}

const NotificationConnection = Connection(NotificationType, 'Notification');
type NotificationConnection = InstanceType<typeof NotificationConnection>;

@InputType()
class NotificationFilter {
  @Field(() => [NotificationStatus], { nullable: true })
  statuses?: NotificationStatus[] | null;

  @Field(() => ID, { nullable: true })
  dossierId?: string | null;

  @Field(() => NotificationChannel, { nullable: true })
  channel?: NotificationChannel | null;
}

@ObjectType()
class NotificationPayload {
  @Field(() => NotificationType)
  notification!: NotificationType;
}

const ResendNotificationResult = createUnionType({
  name: 'ResendNotificationResult',
  types: () => [NotificationPayload, NotificationNotFound, NotResendable, NotAuthorized] as const,
});

/**
 * The notifications a principal may see, as SQL over `n` and its dossier `d`: system admins all,
 * officers those of dossiers their agency holds, received or is competent for. An agency that
 * held an inter-agency dossier earlier no longer sees the applicant's contacts (FORMER_HOLDER).
 */
function visibleWhere(p: Principal, params: unknown[], roles?: readonly Role[]): string | null {
  // What reached applicants: the officers' own step notices (their colleagues' addresses) are not listed, resent or logged as applicant reads.
  const applicantOnly = `n.kind <> all('{${STAFF_NOTIFICATION_KINDS.join(',')}}'::notification_kind[])`;
  if (hasRole(p, Role.SYSTEM_ADMIN)) return applicantOnly;
  const agencies = roles ? agenciesWithRole(p, roles) : officerAgencies(p);
  if (!agencies.length) return null;
  params.push(agencies);
  const a = `$${params.length}::uuid[]`;
  return `${applicantOnly} and (d.holding_agency_id = any(${a}) or d.receiving_agency_id = any(${a})
    or exists (select 1 from procedure pr where pr.id = d.procedure_id and pr.agency_id = any(${a})))`;
}

/**
 * The caller's access level to the notification's dossier `d` (`dossierAccessSql`, the rule
 * `dossier.applicant` follows): the recipient is read unmasked where `seesPersonalData` says so.
 * A system admin sees every notification but, as an observer, the recipient masked.
 */
function accessSql(p: Principal, params: unknown[], procedureIdsOf: (agencies: string[]) => string[]): string {
  const ph = bindAccessParams(p, params, procedureIdsOf);
  const isOfficer = `exists (select 1 from dossier_access z where z.dossier_id = d.id and z.agency_id::text = any(${ph.ag}::text[]))`;
  return `${dossierAccessSql('d', ph, isOfficer)} as "access"`;
}

/**
 * Every form in which a delivery error may quote the recipient, longest first: a gateway answers
 * about the number it was sent (`+84912345678`, `internationalPhone`), not the one on file, and
 * mail servers change the case of an address.
 */
function recipientForms(recipient: string): string[] {
  if (recipient.includes('@')) return [recipient];
  const intl = internationalPhone(recipient);
  const national = intl.startsWith('+84') ? intl.slice(3) : null;
  const forms = [intl, intl.replace(/^\+/, ''), recipient, ...(national ? [`0${national}`, national] : [])];
  return [...new Set(forms.filter((f) => f.length >= 6))];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The recipient and the delivery errors (which may quote it) as the caller may see them. */
function present(row: NotificationRow): NotificationType {
  const { access, subjectIdNumber: _s, applicantKind: _k, ...n } = row;
  if (unmaskedRead(access ?? DossierAccess.OBSERVER, { record: 'notification.recipient', recordId: n.id, fields: ['recipient'] })) return n;
  const masked = maskRecipient(n.recipient);
  const forms = recipientForms(n.recipient);
  const hide = (text: string | null) => (text == null ? text : forms.reduce((t, f) => t.replace(new RegExp(escapeRegExp(f), 'gi'), masked), text));
  return { ...n, recipient: masked, lastError: hide(n.lastError), log: n.log?.map((l) => ({ ...l, error: hide(l.error) })) };
}

/** A notification row as read, with what the access log needs about the applicant (not exposed). */
type NotificationRow = NotificationType & { access?: DossierAccess; subjectIdNumber?: string; applicantKind?: string };

/**
 * Notes, for the personal-data access log, every recipient (the applicant's e-mail or phone, also
 * quoted by delivery errors) this caller reads unmasked: the same read as `dossier.applicant { email phone }`,
 * logged under the dossier as that one is. `prefix` is where the notification sits in the selection.
 */
function noteRecipientReads(ctx: GraphQLContext, info: GraphQLResolveInfo, rows: NotificationRow[], prefix: string): void {
  const paths = selectedPaths(info);
  const quoted = ['recipient', 'lastError', 'log.error'].some((f) => paths.includes(`${prefix}${f}`));
  if (!quoted) return;
  const purpose = readPurpose(info);
  for (const r of rows) {
    if (!r.access || !seesPersonalData(r.access) || r.applicantKind !== ApplicantKind.PERSON) continue;
    ctx.dataAccess.note({ subjectIdNumber: r.subjectIdNumber, recordType: 'dossier', recordId: r.dossierId, recordLabel: r.dossierCode, fields: [r.recipient.includes('@') ? 'email' : 'phone'], purpose });
  }
}

const COLUMNS = `d.applicant_id_number as "subjectIdNumber", d.applicant_kind as "applicantKind", n.id, n.dossier_id as "dossierId", d.code as "dossierCode", n.kind, n.channel, n.recipient, n.language, n.subject, n.body,
  n.status, n.attempts, case when n.status in ('QUEUED', 'FAILED') then n.next_attempt_at end as "nextAttemptAt",
  n.last_error as "lastError", n.created_at as "createdAt", n.sent_at as "sentAt"`;

async function withLogs(ctx: GraphQLContext, rows: NotificationType[]): Promise<NotificationType[]> {
  if (!rows.length) return rows;
  const log = await query(ctx.em, `select notification_id as "notificationId", attempt, started_at as "startedAt", finished_at as "finishedAt", succeeded, error
    from notification_attempt where notification_id = any($1::uuid[]) order by notification_id, attempt`, [rows.map((r) => r.id)]);
  for (const r of rows) r.log = log.filter((l) => l.notificationId === r.id) as NotificationAttemptType[];
  return rows;
}

/** Roles that may resend: those who deal with the applicant, and admins. */
const RESEND_ROLES = [Role.RECEPTION_OFFICER, Role.LEADER, Role.AGENCY_ADMIN] as const;

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: 'Notifications to applicants of the caller’s agencies, newest first; filter FAILED and DEAD to see what did not arrive.' })
  async notifications(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => NotificationFilter, { nullable: true }) filter?: NotificationFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<NotificationConnection> {
    const p = requirePrincipal(ctx.principal);
    const params: unknown[] = [];
    const visible = visibleWhere(p, params);
    if (!visible) throw new GraphQLError('Only agency staff and system admins may see notifications', { extensions: { code: 'FORBIDDEN' } });
    const where = [visible];
    if (filter?.statuses?.length) {
      params.push(filter.statuses);
      where.push(`n.status = any($${params.length}::notification_status[])`);
    }
    if (filter?.channel) {
      params.push(filter.channel);
      where.push(`n.channel = $${params.length}`);
    }
    if (filter?.dossierId) {
      if (!isUuid(filter.dossierId)) throw new GraphQLError('dossierId is not a valid id', { extensions: { code: 'BAD_USER_INPUT' } });
      params.push(filter.dossierId);
      where.push(`n.dossier_id = $${params.length}`);
    }
    if (after) {
      const [at, id] = decodeCursor(after, 2) as [string, string];
      if (!isUuid(id) || Number.isNaN(Date.parse(at))) throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
      params.push(new Date(at), id);
      where.push(`(n.created_at, n.id) < ($${params.length - 1}, $${params.length})`);
    }
    const limit = pageSize(first, ctx.services.config.limits.maxPageSize);
    const sees = accessSql(p, params, (a) => ctx.services.presenter.procedureIdsOf(a));
    params.push(limit + 1);
    const rows = await query<NotificationRow>(ctx.em, `select ${COLUMNS}, ${sees} from notification n join dossier d on d.id = n.dossier_id
      where ${where.join(' and ')} order by n.created_at desc, n.id desc limit $${params.length}`, params);
    const page = rows.slice(0, limit);
    noteRecipientReads(ctx, info, page, 'edges.node.');
    const nodes = (await withLogs(ctx, page)).map(present);
    const edges = nodes.map((node) => ({ cursor: encodeCursor([node.createdAt.toISOString(), node.id]), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Mutation(() => ResendNotificationResult, { description: 'Queues a FAILED or DEAD notification for a new series of attempts.' })
  async resendNotification(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Info() info: GraphQLResolveInfo): Promise<typeof ResendNotificationResult> {
    const p = requirePrincipal(ctx.principal);
    if (!isUuid(id)) return NotificationNotFound.of(id);
    const params: unknown[] = [id];
    const visible = visibleWhere(p, params);
    const mayResend = visibleWhere(p, params, RESEND_ROLES) ?? 'false';
    const [row] = visible ? await query(ctx.em, `select n.status, ${mayResend} as "mayResend" from notification n join dossier d on d.id = n.dossier_id where n.id = $1 and ${visible}`, params) : [];
    if (!row) return NotificationNotFound.of(id);
    if (!row.mayResend) return NotAuthorized.of('resend notifications');
    if (!(await ctx.services.realtime.delivery.resend(id))) return NotResendable.of(row.status);
    const again: unknown[] = [id];
    const sees = accessSql(p, again, (a) => ctx.services.presenter.procedureIdsOf(a));
    const [n] = await query<NotificationRow>(ctx.em, `select ${COLUMNS}, ${sees} from notification n join dossier d on d.id = n.dossier_id where n.id = $1`, again);
    noteRecipientReads(ctx, info, [n], 'notification.');
    return Object.assign(new NotificationPayload(), { notification: present((await withLogs(ctx, [n]))[0]) });
  }
}
