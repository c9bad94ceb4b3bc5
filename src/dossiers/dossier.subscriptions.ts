import { GraphQLError } from 'graphql';
import { Arg, Field, ID, InputType, Int, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { hasRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { query } from '../db/sql';
import { BoundedQueue, mapQueue } from '../events/bounded-queue';
import { subscribeToFeed } from '../events/feed-subscription';
import { PublishedEvent } from '../outbox/published-event';
import { requirePrincipal } from '../graphql/auth-guard';
import { HISTORY_COLUMNS, HistoryView } from './dossier.loaders';
import { GraphQLContext } from '../server/context';
import { DashboardSnapshot } from '../events/agency-dashboard';
import { DossierTrackingType, DossierType, HistoryEntryType, nationalStatusOf, NationalStatusType } from './dossier.output';
import { applicantKey } from './dossier-access';
import { findDossier, trackDossier } from './dossier.queries';
import { RateLimited } from '../graphql/rate-limited';
import { DossierView } from './dossier.view';

@InputType()
export class DossierStatusFilter {
  @Field(() => ID, { nullable: true })
  dossierId?: string | null;

  @Field(() => String, { nullable: true, description: 'Events of dossiers this agency holds now or held until this change.' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true })
  procedureCode?: string | null;

  @Field(() => [Int], { nullable: true, description: 'Only changes into these national status codes (1–10).' })
  nationalStatusCodes?: number[] | null;
}

@ObjectType('DossierStatusChange', { description: 'A committed status change; `dossier` is read afresh with the subscriber’s rights.' })
export class DossierStatusChangeType {
  @Field(() => ID, { description: 'The outbox event id: the same change never comes twice with different ids.' })
  eventId!: string;

  @Field(() => Date)
  at!: Date;

  @Field()
  action!: string;

  @Field(() => NationalStatusType, { nullable: true })
  fromStatus!: NationalStatusType | null;

  @Field(() => NationalStatusType)
  status!: NationalStatusType;

  @Field(() => DossierType)
  dossier!: DossierView;
}

@ObjectType('StatusCount')
export class StatusCountType {
  @Field(() => NationalStatusType)
  status!: NationalStatusType;

  @Field(() => Int)
  count!: number;

  @Field(() => Int)
  overdue!: number;
}

@ObjectType('AgencyDashboard', { description: 'Dossiers an agency holds and has not finished, by national status.' })
export class AgencyDashboardType {
  @Field()
  agencyCode!: string;

  @Field()
  agencyName!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => Int)
  open!: number;

  @Field(() => Int, { description: 'Open dossiers past their original due date (moved by pauses, never by an apology), the clock not paused.' })
  overdue!: number;

  @Field(() => Int, { description: 'Open workflow steps past their warning time (`STEP_WARNING_PERCENT` of their budget, working time) and not yet past their deadline; the holder was or is about to be warned.' })
  stepsAtRisk!: number;

  @Field(() => Int, { description: 'Open workflow steps past their deadline (budget used up in working time, the clock not paused): escalated, or about to be.' })
  stepsOverdue!: number;

  @Field(() => [StatusCountType])
  byStatus!: StatusCountType[];
}

function fail(message: string, code: string): never {
  throw new GraphQLError(message, { extensions: { code } });
}

/**
 * Could this principal see the dossier of an event? A cheap pre-filter on the payload (the
 * agencies that may see the dossier, the applicant's account and identity-number key); the
 * dossier re-read decides.
 */
function concerns(p: Principal): (e: PublishedEvent) => boolean {
  if (hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN)) return () => true;
  const mine = officerAgencies(p);
  const citizen = hasRole(p, Role.CITIZEN);
  const key = p.identityNumber ? applicantKey(p.identityNumber) : null;
  return (e) => {
    const agencies: string[] = e.payload.accessAgencyIds ?? [e.payload.receivingAgencyId, e.payload.holdingAgencyId];
    if (mine.some((id) => agencies.includes(id))) return true;
    return citizen && ((!!p.accountId && e.payload.applicantAccountId === p.accountId) || (!!key && e.payload.applicantKey === key));
  };
}

const isDossierEvent = (e: PublishedEvent) => e.aggregateType === 'Dossier';

@Resolver()
export class DossierSubscriptionResolver {
  @Subscription(() => DossierStatusChangeType, {
    description: 'Status changes of the dossiers the caller may see, after they commit, in order per dossier.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const p = requirePrincipal(ctx.principal);
      const f: DossierStatusFilter = args.filter ?? {};
      const agency = f.agencyCode ? ctx.services.reference.agencyByCode(f.agencyCode) ?? fail(`Unknown agency ${f.agencyCode}`, 'BAD_USER_INPUT') : null;
      const procedure = f.procedureCode ? ctx.services.reference.procedureByCode(f.procedureCode) ?? fail(`Unknown procedure ${f.procedureCode}`, 'BAD_USER_INPUT') : null;
      const statuses = f.nationalStatusCodes?.length ? new Set(f.nationalStatusCodes) : null;
      if (statuses && [...statuses].some((s) => !Number.isInteger(s) || s < 1 || s > 10)) fail('nationalStatusCodes must be between 1 and 10', 'BAD_USER_INPUT');
      const mayConcern = concerns(p);
      return subscribeToFeed(
        ctx,
        (e) =>
          isDossierEvent(e) &&
          e.type === 'DossierStatusChanged' &&
          (!f.dossierId || e.aggregateId === f.dossierId) &&
          (!agency || e.payload.holdingAgencyId === agency.id || e.payload.previousHoldingAgencyId === agency.id) &&
          (!procedure || e.payload.procedureId === procedure.id) &&
          (!statuses || statuses.has(e.payload.nationalStatus)) &&
          mayConcern(e),
        async (e) => {
          const dossier = await findDossier(ctx.em, ctx.services.presenter, p, e.aggregateId);
          if (!dossier) return [];
          const from = e.payload.fromNationalStatus;
          return [{ eventId: e.id, at: new Date(e.payload.at ?? e.createdAt), action: e.payload.action, fromStatus: from ? nationalStatusOf(from) : null, status: nationalStatusOf(e.payload.nationalStatus), dossier }];
        },
      );
    },
  })
  dossierStatusChanged(@Root() change: DossierStatusChangeType, @Arg('filter', () => DossierStatusFilter, { nullable: true }) _filter?: DossierStatusFilter): DossierStatusChangeType {
    return change;
  }

  @Subscription(() => HistoryEntryType, {
    description: 'Every new history entry of one dossier the caller may see, in order.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const p = requirePrincipal(ctx.principal);
      const dossierId = String(args.dossierId);
      if (!(await findDossier(ctx.em, ctx.services.presenter, p, dossierId))) fail('Dossier not found', 'NOT_FOUND');
      // Listen first, then note where the history stands: an entry in between is not missed.
      let lastId = 0n;
      const entries = subscribeToFeed(ctx, (e) => isDossierEvent(e) && e.aggregateId === dossierId, async () => {
        if (!(await findDossier(ctx.em, ctx.services.presenter, p, dossierId))) return [];
        const rows = await query<HistoryView>(ctx.em, `select ${HISTORY_COLUMNS} from dossier_history h where h.dossier_id = $1 and h.id > $2 order by h.id`, [dossierId, lastId.toString()]);
        if (rows.length) lastId = BigInt(rows[rows.length - 1].id);
        return rows;
      });
      try {
        const [{ last }] = await query(ctx.em, 'select coalesce(max(id), 0)::text as last from dossier_history where dossier_id = $1', [dossierId]);
        lastId = BigInt(last);
      } catch (e) {
        await entries.return!();
        throw e;
      }
      return entries;
    },
  })
  dossierEvents(@Root() entry: HistoryView, @Arg('dossierId', () => ID) _dossierId: string): HistoryView {
    return entry;
  }

  @Subscription(() => DossierTrackingType, {
    description: 'Public: what trackDossier shows, pushed whenever it changes. No sign-in needed; the code and identity number must match.',
    subscribe: async ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const by = { applicantIdNumber: String(args.applicantIdNumber) };
      const code = String(args.code).trim();
      if (!(await trackDossier(ctx.em, code, by))) fail('No dossier with this code and identity number', 'NOT_FOUND');
      return subscribeToFeed(ctx, (e) => isDossierEvent(e) && e.payload.code === code, async () => {
        const t = await trackDossier(ctx.em, code, by);
        return t ? [{ ...t, status: nationalStatusOf(t.nationalStatus) }] : [];
      });
    },
  })
  @RateLimited('lookup')
  trackDossierUpdates(@Root() t: DossierTrackingType, @Arg('code') _code: string, @Arg('applicantIdNumber') _id: string): DossierTrackingType {
    return t;
  }

  @Subscription(() => AgencyDashboardType, {
    description: 'Live counts for an agency’s dashboard: now, then after changes (at most a few times a second). Officers of the agency, analysts, system admins.',
    subscribe: ({ args, context }) => {
      const ctx = context as GraphQLContext;
      const p = requirePrincipal(ctx.principal);
      const agency = ctx.services.reference.agencyByCode(String(args.agencyCode)) ?? fail(`Unknown agency ${args.agencyCode}`, 'BAD_USER_INPUT');
      const allowed = officerAgencies(p).includes(agency.id) || hasRole(p, Role.ANALYST) || hasRole(p, Role.SYSTEM_ADMIN);
      if (!allowed) fail('Only officers of this agency, analysts and system admins may watch its dashboard', 'FORBIDDEN');
      // Only the latest counts wait for a slow client: nothing accumulates.
      const queue = new BoundedQueue<DashboardSnapshot>(1, () => undefined);
      ctx.services.dashboards.watch(agency.id, queue);
      return mapQueue(queue, async (s) => [{
        agencyCode: agency.code,
        agencyName: agency.name,
        at: s.at,
        open: s.open,
        overdue: s.overdue,
        stepsAtRisk: s.stepsAtRisk,
        stepsOverdue: s.stepsOverdue,
        byStatus: s.byStatus.map((b) => ({ status: nationalStatusOf(b.status), count: b.count, overdue: b.overdue })),
      }]);
    },
  })
  agencyDashboard(@Root() d: AgencyDashboardType, @Arg('agencyCode') _code: string): AgencyDashboardType {
    return d;
  }
}
