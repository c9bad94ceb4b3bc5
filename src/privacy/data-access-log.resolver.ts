import { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, createUnionType, Field, ID, InputType, Info, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { hasRoleIn } from '../auth/principal';
import { Role } from '../auth/roles';
import { query } from '../db/sql';
import { requirePrincipal } from '../graphql/auth-guard';
import { Connection, decodeCursor, encodeCursor, pageSize } from '../graphql/connection';
import { NotAuthorized, ValidationFailed } from '../graphql/errors';
import { Issues } from '../graphql/validation';
import type { GraphQLContext } from '../server/context';
import { readPurpose, selectedPaths, verifiedCitizenIdNumber } from './data-access';

/** Record types the kernel itself logs; modules add theirs through `personalRecordTypes`. */
const KERNEL_PERSONAL_RECORD_TYPES: Record<string, string> = {
  dossier: 'Hồ sơ thủ tục hành chính',
  'privacy-access-log': 'Nhật ký truy cập dữ liệu cá nhân',
};

/** A log page is at most 100 rows, whatever the server allows elsewhere. */
const MAX_LOG_PAGE = 100;

@ObjectType('PersonalDataAccess', { description: 'One read of a person’s unmasked personal data by someone else (Decree 13/2023/NĐ-CP).' })
class PersonalDataAccessType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field({ description: 'Who read it (name at the time of the read).' })
  readerName!: string;

  @Field(() => String, { nullable: true, description: 'The reader’s agency the read is accounted to.' })
  agencyCode!: string | null;

  @Field(() => String, { nullable: true })
  agencyName!: string | null;

  @Field({ description: 'The person whose data was read (CCCD).' })
  subjectIdNumber!: string;

  @Field({ description: 'Kind of record, e.g. tax-taxpayer, education-guardian, land-holder, dossier.' })
  recordType!: string;

  @Field({ description: 'Vietnamese name of the kind of record.' })
  recordTypeLabel!: string;

  @Field(() => String, { nullable: true, description: 'How the person recognises the record (a dossier code, a tax code, a pupil’s code).' })
  recordLabel!: string | null;

  @Field(() => [String], { description: 'Personal fields returned.' })
  fields!: string[];

  @Field({ description: 'Why: the operation and field path, or the action.' })
  purpose!: string;
}

const PersonalDataAccessConnection = Connection(PersonalDataAccessType, 'PersonalDataAccess');
type PersonalDataAccessConnection = InstanceType<typeof PersonalDataAccessConnection>;

export const MyDataAccessLogResult = createUnionType({ name: 'MyDataAccessLogResult', types: () => [PersonalDataAccessConnection, NotAuthorized] as const });
export const DataAccessLogResult = createUnionType({ name: 'DataAccessLogResult', types: () => [PersonalDataAccessConnection, NotAuthorized, ValidationFailed] as const });

@InputType()
export class DataAccessLogFilter {
  @Field(() => Date, { nullable: true, description: 'Reads at or after this moment.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Reads before this moment.' })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'Reads of this person’s data only (CCCD).' })
  subjectIdNumber?: string | null;
}

interface Row {
  id: string;
  at: Date;
  readerName: string;
  agencyId: string | null;
  subjectIdNumber: string;
  recordType: string;
  recordLabel: string | null;
  fields: string[];
  purpose: string;
}

/** One page, newest first, keyset on (at, id). */
async function logPage(
  em: EntityManager,
  where: { subject?: string; agencyId?: string; from?: Date | null; to?: Date | null },
  limit: number,
  after: string | null | undefined,
): Promise<{ rows: Row[]; hasNextPage: boolean }> {
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const conditions: string[] = [];
  if (where.subject) conditions.push(`l.subject_id_number = ${bind(where.subject)}::text`);
  if (where.agencyId) conditions.push(`l.agency_id = ${bind(where.agencyId)}::uuid`);
  if (where.from) conditions.push(`l.at >= ${bind(where.from)}::timestamptz`);
  if (where.to) conditions.push(`l.at < ${bind(where.to)}::timestamptz`);
  if (after) {
    const [t, id] = decodeCursor(after, 2);
    if (typeof t !== 'string' || Number.isNaN(Date.parse(t)) || !/^\d{1,18}$/.test(String(id))) decodeCursor('', 2); // throws BAD_USER_INPUT
    conditions.push(`(l.at, l.id) < (${bind(new Date(t as string))}::timestamptz, ${bind(String(id))}::bigint)`);
  }
  const rows = await query<Row>(
    em,
    `select l.id::text as id, l.at, l.account_name as "readerName", l.agency_id as "agencyId", l.subject_id_number as "subjectIdNumber",
       l.record_type as "recordType", l.record_label as "recordLabel", l.fields, l.purpose
     from personal_data_access l where ${conditions.join(' and ')} order by l.at desc, l.id desc limit ${bind(limit + 1)}`,
    params,
  );
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit };
}

function connection(ctx: GraphQLContext, page: { rows: Row[]; hasNextPage: boolean }): PersonalDataAccessConnection {
  const labels = ctx.services.modules.personalRecordTypes;
  const edges = page.rows.map((r) => {
    const agency = r.agencyId ? ctx.services.reference.agency(r.agencyId) : null;
    const node = Object.assign(new PersonalDataAccessType(), {
      id: r.id,
      at: r.at,
      readerName: r.readerName,
      agencyCode: agency?.code ?? null,
      agencyName: agency?.name ?? null,
      subjectIdNumber: r.subjectIdNumber,
      recordType: r.recordType,
      recordTypeLabel: KERNEL_PERSONAL_RECORD_TYPES[r.recordType] ?? labels.get(r.recordType) ?? r.recordType,
      recordLabel: r.recordLabel,
      fields: r.fields,
      purpose: r.purpose,
    });
    return { cursor: encodeCursor([r.at.toISOString(), r.id]), node };
  });
  return Object.assign(new PersonalDataAccessConnection(), { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } });
}

/**
 * Who read my data (the citizen, like Estonia's data tracker) and who in my agency read whose
 * (its leader). Decree 13/2023/NĐ-CP, Art. 9 (right to be informed) — verify the article.
 */
@Resolver()
export class DataAccessLogResolver {
  @Query(() => MyDataAccessLogResult, { description: 'Reads of my personal data by officers and others, newest first: a verified citizen identity only (a citizen account or an external identity token). At most 100 a page.' })
  async myDataAccessLog(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<typeof MyDataAccessLogResult> {
    const own = verifiedCitizenIdNumber(requirePrincipal(ctx.principal));
    const limit = pageSize(first, Math.min(MAX_LOG_PAGE, ctx.services.config.limits.maxPageSize));
    if (!own) return NotAuthorized.of('the personal-data access log: a verified citizen identity only');
    return connection(ctx, await logPage(ctx.em, { subject: own }, limit, after));
  }

  @Query(() => DataAccessLogResult, { description: 'Reads of personal data accounted to an agency, newest first: the agency’s leader only. At most 100 a page.' })
  async dataAccessLog(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('agencyCode') agencyCode: string,
    @Arg('filter', () => DataAccessLogFilter, { nullable: true }) filter?: DataAccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<typeof DataAccessLogResult> {
    const p = requirePrincipal(ctx.principal);
    const limit = pageSize(first, Math.min(MAX_LOG_PAGE, ctx.services.config.limits.maxPageSize));
    const agency = ctx.services.reference.agencyByCode(agencyCode.trim());
    // The same answer for an unknown agency and one the caller does not lead: nothing to probe.
    if (!agency || !hasRoleIn(p, Role.LEADER, agency.id)) return NotAuthorized.of('the agency’s personal-data access log: its leader only');
    const issues = new Issues();
    const subject = filter?.subjectIdNumber?.trim();
    if (subject != null && !/^\d{12}$/.test(subject)) issues.add('filter.subjectIdNumber', 'Số định danh cá nhân gồm 12 chữ số / An identity number has 12 digits');
    if (filter?.from && filter?.to && filter.from >= filter.to) issues.add('filter.to', 'Phải sau thời điểm bắt đầu / Must be after from');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const page = await logPage(ctx.em, { agencyId: agency.id, subject: subject || undefined, from: filter?.from, to: filter?.to }, limit, after);
    // The log names whose data was read: the leader reading it is itself a read the person sees.
    const paths = selectedPaths(info);
    if (paths.includes('edges.node.subjectIdNumber')) {
      const fields = ['subjectIdNumber', 'recordLabel', 'recordType', 'fields'].filter((f) => paths.includes(`edges.node.${f}`));
      for (const r of page.rows) {
        ctx.dataAccess.note({ subjectIdNumber: r.subjectIdNumber, recordType: 'privacy-access-log', recordId: agency.code, recordLabel: agency.shortName, fields, purpose: readPurpose(info), agencyId: agency.id });
      }
    }
    return connection(ctx, page);
  }
}

