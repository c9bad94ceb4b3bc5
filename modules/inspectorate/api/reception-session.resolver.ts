import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  AgencyType, ErrorResult, ModuleContext, Issues, NotAuthorized, pageSize, readPurpose, requirePrincipal,
  selectedPaths, ValidationFailed,
} from '../../../src/kernel';
import { mayViewPetitions, standingOf } from '../access';
import { PetitionService } from '../services/petition.service';
import { RecordReceptionSessionInput, ReceptionSessionFilter } from './petition.inputs';
import { ReceptionCitizenType, ReceptionSessionConnection, ReceptionSessionPayload, ReceptionSessionResult, ReceptionSessionsResult, ReceptionSessionType } from './petition.output';
import { listReceptionSessions, ReceptionSessionView } from './petition.queries';
import { petitionLoaders } from './petition.resolver';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Citizen receptions (tiếp công dân): the register and its protected list of citizens. */
@Resolver(() => ReceptionSessionType)
export class ReceptionSessionResolver {
  @Mutation(() => ReceptionSessionResult, { description: 'Records a citizen reception held by the caller (an officer of the inspectorate).' })
  async recordReceptionSession(@Ctx() ctx: ModuleContext, @Arg('input') input: RecordReceptionSessionInput): Promise<typeof ReceptionSessionResult> {
    const w = await new PetitionService({ clock: ctx.services.clock, calendar: ctx.services.calendar }).recordReceptionSession(ctx.em, requirePrincipal(ctx.principal), input);
    if (w instanceof ErrorResult) return w;
    return Object.assign(new ReceptionSessionPayload(), { receptionSession: await petitionLoaders(ctx).session.load(w.receptionSessionId) });
  }

  @Query(() => ReceptionSessionsResult, { description: 'The reception register, newest first.' })
  async receptionSessions(
    @Ctx() ctx: ModuleContext,
    @Arg('filter', () => ReceptionSessionFilter, { nullable: true }) filter?: ReceptionSessionFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<typeof ReceptionSessionsResult> {
    const s = standingOf(requirePrincipal(ctx.principal));
    if (!mayViewPetitions(s)) return NotAuthorized.of('citizen receptions: officers of the inspectorate, analysts and system admins');
    const issues = new Issues();
    if (filter?.from && !DATE_RE.test(filter.from)) issues.add('filter.from', 'YYYY-MM-DD');
    if (filter?.to && !DATE_RE.test(filter.to)) issues.add('filter.to', 'YYYY-MM-DD');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const page = await listReceptionSessions(ctx.em, s, filter, pageSize(first, Math.min(100, ctx.services.config.limits.maxPageSize)), after);
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as ReceptionSessionType }));
    return Object.assign(new ReceptionSessionConnection(), { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } });
  }

  @FieldResolver(() => AgencyType)
  agency(@Root() r: ReceptionSessionView, @Ctx() ctx: ModuleContext) {
    return ctx.services.reference.agency(r.agencyId);
  }

  @FieldResolver(() => [ReceptionCitizenType], {
    nullable: true,
    description: 'The citizens received, by name: the head and the officer who held the session only (null for others); every read is logged.',
  })
  async citizens(@Root() r: ReceptionSessionView, @Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo): Promise<ReceptionCitizenType[] | null> {
    if (!r.citizensReadable) return null;
    return petitionLoaders(ctx).citizens.load({ id: r.id, fields: selectedPaths(info), operation: readPurpose(info) });
  }
}
