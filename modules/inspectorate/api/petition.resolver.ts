import { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  AgencyType, ErrorResult, ModuleContext, Issues, NotAuthorized, pageSize, RateLimited, readPurpose, requirePrincipal,
  selectedPaths, ValidationFailed,
} from '../../../src/kernel';
import { ruleOf } from '../rules/deadlines';
import { mayViewPetitions, standingOf } from '../access';
import { PetitionService, PetitionWrite, secretHash } from '../services/petition.service';
import { PETITION_STATUS_LABELS } from '../workflows';
import { PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import {
  AcceptPetitionInput,
  AssignPetitionInspectorsInput,
  ConcludePetitionInput,
  DecidePetitionInput,
  ExtendEligibilityCheckInput,
  ExtendPetitionDeadlineInput,
  FileSecondComplaintInput,
  PetitionAccessLogFilter,
  PetitionFilter,
  PetitionStepInput,
  ReceivePetitionInput,
  RecordFilingObstacleInput,
  RefusePetitionInput,
  TransferPetitionInput,
  WithdrawPetitionInput,
} from './petition.inputs';
import {
  FileSecondComplaintResult,
  PetitionLinkType,
  PetitionAccessLogConnection,
  PetitionAccessLogResult,
  PetitionConnection,
  PetitionerIdentityType,
  PetitionExtensionType,
  PetitionHistoryEntryType,
  PetitionInspectorType,
  PetitionPayload,
  PetitionResult,
  PetitionsResult,
  PetitionTrackingType,
  PetitionType,
  ReceivePetitionPayload,
  ReceivePetitionResult,
  ReceptionSessionType,
} from './petition.output';
import { findPetition, listAccessLog, listPetitions, PetitionLoaders, PetitionView, ReceptionSessionView, trackPetition } from './petition.queries';

/** The module's loaders for this request (the principal is the same for the whole request). */
export function petitionLoaders(ctx: ModuleContext): PetitionLoaders {
  return ctx.loaders.forModule('inspectorate.petitions', () => new PetitionLoaders(ctx.em, standingOf(ctx.principal), () => ctx.services.clock.now()));
}

function service(ctx: ModuleContext): PetitionService {
  return new PetitionService({ clock: ctx.services.clock, calendar: ctx.services.calendar });
}

/** The written petition, re-read with the caller's rights. */
async function payload(ctx: ModuleContext, w: PetitionWrite): Promise<typeof PetitionResult> {
  if (w instanceof ErrorResult) return w;
  return Object.assign(new PetitionPayload(), { petition: await findPetition(ctx.em, standingOf(ctx.principal), w.petitionId) });
}

/**
 * Petitions (đơn thư): the register, the handling steps, public tracking and the access log.
 * Authorization is decided per node in the read path's SQL (ARCHITECTURE rule 7); the protected
 * identity is a field of its own whose every resolution is checked again and logged.
 */
@Resolver(() => PetitionType)
export class PetitionResolver {
  @Query(() => PetitionType, { nullable: true, description: 'A petition the caller may see (inspectorate officers, analysts, system admins); null otherwise.' })
  async petition(@Ctx() ctx: ModuleContext, @Arg('id', () => ID) id: string): Promise<PetitionView | null> {
    return findPetition(ctx.em, standingOf(requirePrincipal(ctx.principal)), id);
  }

  @Query(() => PetitionsResult, { description: 'The register of petitions, newest first (at most 100 a page).' })
  async petitions(
    @Ctx() ctx: ModuleContext,
    @Arg('filter', () => PetitionFilter, { nullable: true }) filter?: PetitionFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<typeof PetitionsResult> {
    const s = standingOf(requirePrincipal(ctx.principal));
    if (!mayViewPetitions(s)) return NotAuthorized.of('petitions: officers of the inspectorate, analysts and system admins');
    const page = await listPetitions(ctx.em, s, filter, pageSize(first, Math.min(100, ctx.services.config.limits.maxPageSize)), after, ctx.services.clock.now());
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node: node as unknown as PetitionType }));
    return Object.assign(new PetitionConnection(), { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } });
  }

  @Query(() => PetitionTrackingType, { nullable: true, description: 'Public tracking with the code and the secret from the receipt; null when either is wrong. Rate-limited per client address, each alias counting (`RATE_LIMITED`).' })
  @RateLimited('lookup')
  async trackPetition(@Ctx() ctx: ModuleContext, @Arg('code') code: string, @Arg('secret') secret: string): Promise<PetitionTrackingType | null> {
    const t = await trackPetition(ctx.em, code, secret, secretHash);
    return t && { ...t, statusLabel: PETITION_STATUS_LABELS[t.status] };
  }

  @Query(() => PetitionAccessLogResult, { description: 'Reads of protected fields, newest first: the head of the inspectorate only.' })
  async petitionAccessLog(
    @Ctx() ctx: ModuleContext,
    @Arg('petitionId', () => ID, { nullable: true }) petitionId?: string,
    @Arg('filter', () => PetitionAccessLogFilter, { nullable: true }) filter?: PetitionAccessLogFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<typeof PetitionAccessLogResult> {
    const s = standingOf(requirePrincipal(ctx.principal));
    if (!s.head.length) return NotAuthorized.of('the access log: the head of the inspectorate only');
    const issues = new Issues();
    if (petitionId) issues.uuid('petitionId', petitionId);
    if (filter?.accountId) issues.uuid('filter.accountId', filter.accountId);
    if (filter?.from && filter?.to && filter.from >= filter.to) issues.add('filter.to', 'Phải sau thời điểm bắt đầu / Must be after from');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    const page = await listAccessLog(ctx.em, s, { petitionId, ...filter }, pageSize(first, Math.min(100, ctx.services.config.limits.maxPageSize)), after);
    const edges = page.nodes.map((node) => ({ cursor: page.cursor(node), node }));
    return Object.assign(new PetitionAccessLogConnection(), { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } });
  }

  @Mutation(() => ReceivePetitionResult, { description: 'Records a petition (reception officer, inspector or head); returns its code and the tracking secret, once.' })
  async receivePetition(@Ctx() ctx: ModuleContext, @Arg('input') input: ReceivePetitionInput): Promise<typeof ReceivePetitionResult> {
    const w = await service(ctx).receive(ctx.em, requirePrincipal(ctx.principal), input);
    if (w instanceof ErrorResult) return w;
    const petition = await findPetition(ctx.em, standingOf(ctx.principal), w.petitionId);
    return Object.assign(new ReceivePetitionPayload(), {
      petition,
      code: w.code,
      secret: w.secret,
      // As the petition shows it to this caller: not when it would reveal who filed the earlier one.
      duplicate: !!petition?.isDuplicate,
    });
  }

  @Mutation(() => FileSecondComplaintResult, {
    description:
      'Files a second complaint (khiếu nại lần hai, Law on Complaints art. 33) on a first complaint, to the body above the one that handled it: the complainant signed in with a verified identity (online), or an officer of that body receiving it. Returns its code and tracking secret, once. Refused with nothing written before the first instance is over, after the time bar, or when one is already open.',
  })
  async fileSecondComplaint(@Ctx() ctx: ModuleContext, @Arg('input') input: FileSecondComplaintInput): Promise<typeof FileSecondComplaintResult> {
    const w = await service(ctx).fileSecondComplaint(ctx.em, requirePrincipal(ctx.principal), input);
    if (w instanceof ErrorResult) return w;
    // A citizen sees no petition through this API (null), only the code and the secret to track it.
    const petition = await findPetition(ctx.em, standingOf(ctx.principal), w.petitionId);
    return Object.assign(new ReceivePetitionPayload(), { petition, code: w.code, secret: w.secret, duplicate: false });
  }

  @Mutation(() => PetitionResult, { description: 'Starts checking the conditions of acceptance (assigned inspector or head).' })
  async checkPetitionEligibility(@Ctx() ctx: ModuleContext, @Arg('input') input: PetitionStepInput) {
    return payload(ctx, await service(ctx).checkEligibility(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Accepts the petition (thụ lý); the resolution time limit starts. A complaint past its time bar with no objective obstacle recorded is refused (`ComplaintTimeBarred`, nothing written).' })
  async acceptPetition(@Ctx() ctx: ModuleContext, @Arg('input') input: AcceptPetitionInput) {
    return payload(ctx, await service(ctx).accept(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Transfers (forwards) the petition to the competent body; a denunciation outside the competence may go as soon as it is received, within 5 working days (`forwardDueAt`).' })
  async transferPetition(@Ctx() ctx: ModuleContext, @Arg('input') input: TransferPetitionInput) {
    return payload(ctx, await service(ctx).transfer(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'The head extends a denunciation’s acceptance check to 10 working days from receipt when checks are needed in several places (Law on Denunciations art. 24(1)); once, before it runs out.' })
  async extendPetitionEligibilityCheck(@Ctx() ctx: ModuleContext, @Arg('input') input: ExtendEligibilityCheckInput) {
    return payload(ctx, await service(ctx).extendEligibilityCheck(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Records an objective obstacle whose time is not counted in a complaint’s time bar (Law on Complaints art. 9), before acceptance; replaces an earlier one.' })
  async recordPetitionFilingObstacle(@Ctx() ctx: ModuleContext, @Arg('input') input: RecordFilingObstacleInput) {
    return payload(ctx, await service(ctx).recordFilingObstacle(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Refuses to accept the petition, with the reasons.' })
  async refusePetition(@Ctx() ctx: ModuleContext, @Arg('input') input: RefusePetitionInput) {
    return payload(ctx, await service(ctx).refuse(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'The head assigns the inspectors (replaces the list).' })
  async assignPetitionInspectors(@Ctx() ctx: ModuleContext, @Arg('input') input: AssignPetitionInspectorsInput) {
    return payload(ctx, await service(ctx).assignInspectors(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Starts verifying the content of an accepted petition.' })
  async startVerification(@Ctx() ctx: ModuleContext, @Arg('input') input: PetitionStepInput) {
    return payload(ctx, await service(ctx).startVerification(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Records the conclusion (resolves a denunciation, recommendation or reflection).' })
  async concludePetition(@Ctx() ctx: ModuleContext, @Arg('input') input: ConcludePetitionInput) {
    return payload(ctx, await service(ctx).conclude(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'The head records the decision (resolves a complaint) and closes the petition.' })
  async decidePetition(@Ctx() ctx: ModuleContext, @Arg('input') input: DecidePetitionInput) {
    return payload(ctx, await service(ctx).decide(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'The head extends the time limit within what the law allows; anything beyond is refused and nothing is written.' })
  async extendPetitionDeadline(@Ctx() ctx: ModuleContext, @Arg('input') input: ExtendPetitionDeadlineInput) {
    return payload(ctx, await service(ctx).extendDeadline(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @Mutation(() => PetitionResult, { description: 'Records that the petitioner withdrew the petition.' })
  async withdrawPetition(@Ctx() ctx: ModuleContext, @Arg('input') input: WithdrawPetitionInput) {
    return payload(ctx, await service(ctx).withdraw(ctx.em, requirePrincipal(ctx.principal), input));
  }

  @FieldResolver(() => AgencyType, { description: 'The inspectorate handling it.' })
  agency(@Root() r: PetitionView, @Ctx() ctx: ModuleContext) {
    return ctx.services.reference.agency(r.agencyId);
  }

  @FieldResolver(() => String)
  statusLabel(@Root() r: PetitionView): string {
    return PETITION_STATUS_LABELS[r.status];
  }

  @FieldResolver(() => String)
  classificationLabel(@Root() r: PetitionView): string {
    return ruleOf(r).label;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Denunciations forwarded: after `forwardDueAt`; null when not forwarded or no limit applies.' })
  forwardedLate(@Root() r: PetitionView): boolean | null {
    return r.status === PetitionStatus.TRANSFERRED && r.forwardDueAt && r.closedAt ? r.closedAt.getTime() > r.forwardDueAt.getTime() : null;
  }

  @FieldResolver(() => PetitionLinkType, { nullable: true, description: 'A second complaint: the first complaint it is about (its course and decision, not its complainant).' })
  async firstComplaint(@Root() r: PetitionView, @Ctx() ctx: ModuleContext): Promise<PetitionLinkType | null> {
    return r.firstPetitionId ? petitionLoaders(ctx).link.load(r.firstPetitionId) : null;
  }

  @FieldResolver(() => [PetitionLinkType], { description: 'A first complaint: the second complaints filed on it, oldest first.' })
  async secondComplaints(@Root() r: PetitionView, @Ctx() ctx: ModuleContext): Promise<PetitionLinkType[]> {
    return r.instance === 1 && r.classification === PetitionClassification.COMPLAINT ? petitionLoaders(ctx).secondComplaints.load(r.id) : [];
  }

  @FieldResolver(() => Boolean, { description: 'Open and past the time limit now running (acceptance, then resolution).' })
  overdue(@Root() r: PetitionView, @Ctx() ctx: ModuleContext): boolean {
    if (r.closedAt || r.resolvedAt) return false;
    const due = r.acceptedAt ? r.dueAt : r.eligibilityDueAt;
    return !!due && due.getTime() < ctx.services.clock.now().getTime();
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Resolved within the time limit (extensions included); null until resolved.' })
  resolvedOnTime(@Root() r: PetitionView): boolean | null {
    return r.resolvedAt && r.dueAt ? r.resolvedAt.getTime() <= r.dueAt.getTime() : null;
  }

  @FieldResolver(() => PetitionerIdentityType, {
    nullable: true,
    description: 'The protected identity: null unless the caller may read it; every resolution that returns it writes an access-log row.',
  })
  async petitioner(@Root() r: PetitionView, @Ctx() ctx: ModuleContext, @Info() info: GraphQLResolveInfo): Promise<PetitionerIdentityType | null> {
    if (!r.identityReadable) return null;
    return petitionLoaders(ctx).identity.load({ id: r.id, fields: selectedPaths(info), operation: readPurpose(info) });
  }

  @FieldResolver(() => [PetitionInspectorType], { description: 'Inspectors assigned now.' })
  async inspectors(@Root() r: PetitionView, @Ctx() ctx: ModuleContext) {
    return petitionLoaders(ctx).inspectors.load(r.id);
  }

  @FieldResolver(() => [PetitionExtensionType])
  async extensions(@Root() r: PetitionView, @Ctx() ctx: ModuleContext) {
    return petitionLoaders(ctx).extensions.load(r.id);
  }

  @FieldResolver(() => [PetitionHistoryEntryType], { description: 'Every step, oldest first. Notes never carry the petitioner’s identity.' })
  async history(@Root() r: PetitionView, @Ctx() ctx: ModuleContext) {
    return petitionLoaders(ctx).history.load(r.id);
  }

  @FieldResolver(() => PetitionType, {
    nullable: true,
    description: 'The earlier open petition this one repeats; null for callers who may not read both petitioners’ identities.',
  })
  async duplicateOf(@Root() r: PetitionView, @Ctx() ctx: ModuleContext): Promise<PetitionView | null> {
    return r.duplicateOfId ? petitionLoaders(ctx).petition.load(r.duplicateOfId) : null;
  }

  @FieldResolver(() => ReceptionSessionType, { nullable: true, description: 'The citizen reception where it was handed in.' })
  async receptionSession(@Root() r: PetitionView, @Ctx() ctx: ModuleContext): Promise<ReceptionSessionView | null> {
    return r.receptionSessionId ? petitionLoaders(ctx).session.load(r.receptionSessionId) : null;
  }
}
