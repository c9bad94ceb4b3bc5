import { GraphQLResolveInfo, GraphQLSchema, isObjectType } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { selectedArgs } from '../graphql/look-ahead';
import { JSONObjectScalar } from '../graphql/scalars';
import { requirePrincipal } from '../graphql/auth-guard';
import { ErrorResult } from '../graphql/errors';
import { pageSize } from '../graphql/connection';
import { AgencyType } from '../org/org.output';
import { GraphQLContext } from '../server/context';
import { SATISFACTION_LABELS, SatisfactionLevel } from './dossier-parts.entity';
import { EvaluateDossierInput, PerformDossierActionInput, ReceiveDossierInput, SubmitDossierInput } from './dossier.inputs';
import {
  AgencyStintType,
  ApplicantType,
  AvailableActionType,
  DossierActionResult,
  DossierConnection,
  DossierFileType,
  DossierPayload,
  DossierTrackingType,
  DossierType,
  EvaluationType,
  HistoryEntryType,
  nationalStatusOf,
  PauseType,
  SubmitDossierResult,
} from './dossier.output';
import { DossierFilter, DossierInclude, findDossier, findDossierWith, listDossiers, trackDossier } from './dossier.queries';
import { RateLimited } from '../graphql/rate-limited';
import { WriteResult } from './dossier.service';
import { applicantFieldsRead, noteApplicantRead } from './applicant-read';
import { readPurpose, selectedFields } from '../privacy/data-access';
import { DossierView } from './dossier.view';
import { seesPersonalData } from './dossier-access';
import { isOverdue, timeliness, Timeliness, vietnamLocalDate } from './timeliness';

@ObjectType('Officer')
class OfficerType {
  @Field()
  id!: string;

  @Field()
  fullName!: string;
}

/** `history(last:)`: 1–100 (the shared page-argument check), or 0 for all entries when absent. */
function checkedLast(last: number | null | undefined): number {
  return pageSize(last, 100, 0, 'last');
}

function resolveHistory(d: DossierView, args: { last?: number | null }, ctx: GraphQLContext) {
  const n = checkedLast(args.last);
  return d.preloadedHistory?.last === n ? d.preloadedHistory.entries : ctx.loaders.history(n).load(d.id);
}

/**
 * type-graphql validates every argument asynchronously, so a field resolver with an argument
 * always returns a promise, which makes graphql-js complete each of the 50 rows of an inbox
 * asynchronously. `Dossier.history` is on that path: the schema keeps type-graphql's
 * definition (arguments, description) and this plain resolver replaces its `resolve`.
 */
export function installDossierFastPaths(schema: GraphQLSchema): void {
  const type = schema.getType('Dossier');
  if (!isObjectType(type)) throw new Error('Dossier type missing from the schema');
  type.getFields().history.resolve = (root, args, ctx) => resolveHistory(root as DossierView, args, ctx as GraphQLContext);
}

/** Turns a service result into the GraphQL union member: the dossier is re-read with the caller's rights. */
async function payload(ctx: GraphQLContext, r: WriteResult) {
  // Error results are class instances; DossierNotFound also carries a dossierId, so test the class.
  if (r instanceof ErrorResult) return r;
  const dossier = await findDossier(ctx.em, ctx.services.presenter, ctx.principal, r.dossierId);
  return Object.assign(new DossierPayload(), { dossier });
}

@Resolver(() => DossierType)
export class DossierResolver {
  @Query(() => DossierType, { nullable: true, description: 'A dossier the caller may see; null when it does not exist or is not theirs.' })
  async dossier(@Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo, @Arg('id', () => String) id: string): Promise<DossierView | null> {
    const p = requirePrincipal(ctx.principal);
    // The relations asked for come with the row, in its statement, and prime the loaders the
    // field resolvers read (a bad `last` is left to the history field, which reports it).
    const include: DossierInclude = { files: !!selectedArgs(info, ['files']), stints: !!selectedArgs(info, ['agencyStints']), pauses: !!selectedArgs(info, ['pauses']) };
    const historyArgs = selectedArgs(info, ['history']);
    let last: number | undefined;
    try {
      if (historyArgs) last = checkedLast(historyArgs.last as number | undefined);
    } catch {
      last = undefined;
    }
    if (last !== undefined) include.history = last;
    const found = await findDossierWith(ctx.em, ctx.services.presenter, p, id, include);
    if (!found) return null;
    const { view, related } = found;
    if (related.history && last !== undefined) view.preloadedHistory = { last, entries: related.history };
    if (related.files) ctx.loaders.files.prime(view.id, related.files as never);
    if (related.stints) ctx.loaders.stints.prime(view.id, related.stints as never);
    if (related.pauses) ctx.loaders.pauses.prime(view.id, related.pauses as never);
    return view;
  }

  @Query(() => DossierConnection, { description: 'Dossiers the caller may see, newest first (at most 100 a page).' })
  async dossiers(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => DossierFilter, { nullable: true }) filter?: DossierFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DossierConnection> {
    const p = requirePrincipal(ctx.principal);
    const limit = pageSize(first, ctx.services.config.limits.maxPageSize);
    const page = await listDossiers(ctx.em, ctx.services.presenter, p, filter, limit, after, ctx.services.clock.now());
    // Load the page's history now when it is asked for, so each row's history resolves without a promise.
    const historyArgs = selectedArgs(info, ['edges', 'node', 'history']);
    if (historyArgs) {
      const last = checkedLast(historyArgs.last as number | undefined);
      const histories = await ctx.loaders.history(last).loadMany(page.nodes.map((n) => n.id));
      page.nodes.forEach((n, i) => {
        const h = histories[i];
        if (!(h instanceof Error)) n.preloadedHistory = { last, entries: h };
      });
    }
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as DossierType }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null } };
  }

  @Query(() => DossierTrackingType, { nullable: true, description: 'Public tracking by dossier code and the applicant’s identity number. Rate-limited per client address, each alias counting (`RATE_LIMITED`).' })
  @RateLimited('lookup')
  async trackDossier(
    @Ctx() ctx: GraphQLContext,
    @Arg('code') code: string,
    @Arg('applicantIdNumber') applicantIdNumber: string,
  ): Promise<DossierTrackingType | null> {
    const t = await trackDossier(ctx.em, code, { applicantIdNumber });
    return t && { ...t, status: nationalStatusOf(t.nationalStatus) };
  }

  @Query(() => DossierTrackingType, { nullable: true, description: 'Public tracking by dossier code and the secret printed on the receipt (Mẫu 01). Rate-limited like `trackDossier`.' })
  @RateLimited('lookup')
  async trackDossierWithSecret(@Ctx() ctx: GraphQLContext, @Arg('code') code: string, @Arg('lookupSecret') lookupSecret: string): Promise<DossierTrackingType | null> {
    const t = await trackDossier(ctx.em, code, { lookupSecret });
    return t && { ...t, status: nationalStatusOf(t.nationalStatus) };
  }

  @Mutation(() => SubmitDossierResult, { description: 'A citizen files a dossier online. At most `RATE_LIMIT_ONLINE_FILINGS_PER_ACCOUNT` a day per account (`RATE_LIMITED`): each filing takes a number of the agency\'s four-digit daily code series.' })
  async submitDossier(@Ctx() ctx: GraphQLContext, @Arg('input') input: SubmitDossierInput) {
    const principal = requirePrincipal(ctx.principal);
    await ctx.services.rateLimits.chargeOnlineFiling(principal.subject);
    return payload(ctx, await ctx.services.dossiers.submit(ctx.em, principal, input));
  }

  @Mutation(() => SubmitDossierResult, { description: 'A reception officer receives a dossier at the counter or by post.' })
  async receiveDossier(@Ctx() ctx: GraphQLContext, @Arg('input') input: ReceiveDossierInput) {
    return payload(ctx, await ctx.services.dossiers.receive(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DossierActionResult, { description: 'Performs a workflow action; see Dossier.availableActions.' })
  async performDossierAction(@Ctx() ctx: GraphQLContext, @Arg('input') input: PerformDossierActionInput) {
    return payload(ctx, await ctx.services.dossiers.perform(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => DossierActionResult, { description: 'The applicant rates the service once the result is ready.' })
  async evaluateDossier(@Ctx() ctx: GraphQLContext, @Arg('input') input: EvaluateDossierInput) {
    return payload(ctx, await ctx.services.dossiers.evaluate(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @FieldResolver(() => ApplicantType, { description: 'Identity number and contacts masked unless the caller is the applicant or an officer handling the dossier; an officer’s read of them is logged for the applicant (`myDataAccessLog`).' })
  applicant(@Root() d: DossierView, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): ApplicantType {
    noteApplicantRead(ctx.dataAccess, d, applicantFieldsRead(selectedFields(info)), readPurpose(info));
    return d.applicant;
  }

  @FieldResolver(() => JSONObjectScalar, { nullable: true, description: 'Structured form data; hidden from observers; an officer’s read is logged for the applicant.' })
  formData(@Root() d: DossierView, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo) {
    if (!seesPersonalData(d.access)) return null;
    noteApplicantRead(ctx.dataAccess, d, ['formData'], readPurpose(info));
    return d.formData;
  }

  @FieldResolver(() => [AvailableActionType], { description: 'What the caller may do with the dossier now.' })
  availableActions(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): AvailableActionType[] {
    return ctx.services.presenter.availableActions(d, ctx.principal, ctx.services.clock.now());
  }

  @FieldResolver(() => OfficerType, { nullable: true })
  assignee(@Root() d: DossierView, @Ctx() ctx: GraphQLContext) {
    return d.assigneeId ? ctx.loaders.account.load(d.assigneeId) : null;
  }

  @FieldResolver(() => Timeliness)
  timeliness(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Timeliness {
    return timeliness(d, ctx.services.clock.now(), vietnamLocalDate);
  }

  @FieldResolver(() => Boolean, { description: 'Open and past the original due date (moved by pauses, never by an apology: late stays late).' })
  overdue(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): boolean {
    return isOverdue(d, ctx.services.clock.now());
  }

  @FieldResolver(() => [HistoryEntryType], { description: 'Newest first; `last` limits to the newest entries.' })
  history(@Root() d: DossierView, @Ctx() ctx: GraphQLContext, @Arg('last', () => Int, { nullable: true }) last?: number) {
    return resolveHistory(d, { last }, ctx);
  }

  @FieldResolver(() => [DossierFileType])
  files(@Root() d: DossierView, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.files.load(d.id);
  }

  @FieldResolver(() => [PauseType])
  pauses(@Root() d: DossierView, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.pauses.load(d.id);
  }

  @FieldResolver(() => [AgencyStintType], { description: 'Which agency held the dossier and for how long.' })
  async agencyStints(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<AgencyStintType[]> {
    const calendar = await ctx.services.calendar.calendar(ctx.em);
    const now = ctx.services.clock.now();
    return (await ctx.loaders.stints.load(d.id)).map((s) => ({
      ...s,
      workingHours: Math.round((calendar.workingMinutesBetween(s.startedAt, s.endedAt ?? d.finishedAt ?? d.closedAt ?? now) / 60) * 100) / 100,
    }));
  }

  @FieldResolver(() => EvaluationType, { nullable: true })
  async evaluation(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<EvaluationType | null> {
    const e = await ctx.loaders.evaluation.load(d.id);
    return e && { level: e.level as SatisfactionLevel, label: SATISFACTION_LABELS[e.level as SatisfactionLevel], comment: e.comment, createdAt: e.createdAt };
  }
}


@Resolver(() => HistoryEntryType)
export class HistoryEntryResolver {
  @FieldResolver(() => AgencyType, { nullable: true, description: 'The agency the actor acted for.' })
  agency(@Root() h: HistoryEntryType, @Ctx() ctx: GraphQLContext) {
    return h.agencyId ? ctx.services.reference.agency(h.agencyId) : null;
  }
}

@Resolver(() => AgencyStintType)
export class AgencyStintResolver {
  @FieldResolver(() => AgencyType)
  agency(@Root() s: AgencyStintType, @Ctx() ctx: GraphQLContext) {
    return ctx.services.reference.agency(s.agencyId);
  }
}

@Resolver(() => DossierFileType)
export class DossierFileResolver {
  @FieldResolver(() => String, { description: 'Download path (GET with the same bearer token); the applicant and handling officers only.' })
  downloadPath(@Root() f: DossierFileType): string {
    return `/files/${f.id}`;
  }
}
