import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requirePrincipal } from '../../graphql/auth-guard';
import { AgencyNotFound, ErrorResult, NotAuthorized } from '../../graphql/errors';
import { Agency } from '../../org/agency.entity';
import { GraphQLContext } from '../../server/context';
import { DossierType } from '../dossier.output';
import type { DossierView } from '../dossier.view';
import { ActionInput } from '../workflow/workflow.types';
import { AssignmentRule } from './assignment-rule.entity';
import {
  AssignableOfficerType,
  AssignmentRuleDeleted,
  AssignmentRuleDeleteResult,
  AssignmentRuleList,
  AssignmentRuleListResult,
  AssignmentRulePayload,
  AssignmentRuleResult,
  AssignmentRuleType,
  CreateAssignmentRuleInput,
  UpdateAssignmentRuleInput,
} from './assignment-rule.output';
import { AssignmentRules, mayReadRules } from './assignment-rule.service';
import { eligibleOfficers } from './eligible-officers';

/** Rules with their units, team and agency: three statements for any number of rules. */
async function ruleTypes(ctx: GraphQLContext, rules: AssignmentRule[]): Promise<AssignmentRuleType[]> {
  const run = <T>(sql: string, ids: string[]) => (ids.length ? ctx.em.getConnection().execute<T[]>(sql, [`{${ids.join(',')}}`]) : Promise.resolve([] as T[]));
  const [units, officers] = await Promise.all([
    run<{ id: string; code: string; name: string; level: string; validFrom: string; validTo: string | null; parentId: string | null; successorId: string | null }>(
      `select id, code, name, level, to_char(valid_from, 'YYYY-MM-DD') as "validFrom", to_char(valid_to, 'YYYY-MM-DD') as "validTo", parent_id as "parentId", successor_id as "successorId"
       from admin_unit where id = any(?::uuid[])`,
      [...new Set(rules.flatMap((r) => r.unitIds))],
    ),
    run<{ id: string; fullName: string; agencies: string[] }>(
      `select a.id, a.full_name as "fullName", coalesce(array_agg(r.agency_id::text) filter (where r.role = 'SPECIALIST' and a.active), '{}') as agencies
       from account a left join role_assignment r on r.account_id = a.id where a.id = any(?::uuid[]) group by a.id`,
      [...new Set(rules.flatMap((r) => r.officerIds))],
    ),
  ]);
  return rules.map((r) => ({
    id: r.id,
    agency: ctx.services.reference.agency(r.agency.id),
    name: r.name,
    priority: r.priority,
    units: r.unitIds.flatMap((id) => units.filter((u) => u.id === id)) as AssignmentRuleType['units'],
    procedureCodes: r.procedureCodes,
    officers: r.officerIds.flatMap((id) => officers.filter((o) => o.id === id).map((o) => ({ id: o.id, fullName: o.fullName, eligible: o.agencies.includes(r.agency.id) }))),
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

async function ruleResult(ctx: GraphQLContext, r: AssignmentRule | ErrorResult) {
  if (r instanceof ErrorResult) return r;
  return Object.assign(new AssignmentRulePayload(), { rule: (await ruleTypes(ctx, [r]))[0] });
}

/** `Dossier.assignableOfficers`, batched per request (one statement for a page of dossiers). */
const officerLoaders = new WeakMap<GraphQLContext, DataLoader<string, AssignableOfficerType[]>>();

/**
 * Assignment rules (create, update, delete, list) for agency admins, and who a dossier may be
 * assigned to for the staff offered the assign action.
 */
@Resolver(() => DossierType)
export class AssignmentRuleResolver {
  @Query(() => AssignmentRuleListResult, { description: 'An agency’s assignment rules in the order they are tried: its admins, its officers and system admins.' })
  async assignmentRules(@Ctx() ctx: GraphQLContext, @Arg('agencyCode', { description: 'The agency’s electronic code.' }) agencyCode: string) {
    const p = requirePrincipal(ctx.principal);
    const agency = await ctx.em.findOne(Agency, { code: agencyCode });
    if (!agency) return AgencyNotFound.of(agencyCode);
    if (!mayReadRules(p, agency.id)) return NotAuthorized.of(`read the assignment rules of ${agency.code}`);
    const rules = await ctx.em.find(AssignmentRule, { agency }, { orderBy: { priority: 'asc', createdAt: 'asc', id: 'asc' } });
    return Object.assign(new AssignmentRuleList(), { rules: await ruleTypes(ctx, rules) });
  }

  @Mutation(() => AssignmentRuleResult, { description: 'Creates an assignment rule (the agency’s admins and system admins).' })
  async createAssignmentRule(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateAssignmentRuleInput) {
    const { agencyCode, ...fields } = input;
    return ruleResult(ctx, await new AssignmentRules(ctx.services.clock).create(ctx.em, requirePrincipal(ctx.principal), agencyCode, fields));
  }

  @Mutation(() => AssignmentRuleResult, { description: 'Replaces an assignment rule’s fields (the agency’s admins and system admins).' })
  async updateAssignmentRule(@Ctx() ctx: GraphQLContext, @Arg('input') input: UpdateAssignmentRuleInput) {
    const { ruleId, expectedVersion, ...fields } = input;
    return ruleResult(ctx, await new AssignmentRules(ctx.services.clock).update(ctx.em, requirePrincipal(ctx.principal), ruleId, expectedVersion, fields));
  }

  @Mutation(() => AssignmentRuleDeleteResult, { description: 'Deletes an assignment rule; dossiers it assigned stay assigned.' })
  async deleteAssignmentRule(
    @Ctx() ctx: GraphQLContext,
    @Arg('ruleId', () => ID, { description: 'Rule id.' }) ruleId: string,
    @Arg('expectedVersion', () => Int, { description: 'The version the admin saw.' }) expectedVersion: number,
  ) {
    const r = await new AssignmentRules(ctx.services.clock).delete(ctx.em, requirePrincipal(ctx.principal), ruleId, expectedVersion);
    return r instanceof ErrorResult ? r : Object.assign(new AssignmentRuleDeleted(), r);
  }

  @FieldResolver(() => [AssignableOfficerType], {
    description:
      'Who the dossier may be assigned to now, least loaded first: the officers of the first assignment rule that applies, else every active specialist of the holding agency. For the staff offered an action that takes an assignee (see availableActions); empty for anyone else. `assign` to anyone not listed is refused (ValidationFailed on assigneeId).',
  })
  async assignableOfficers(@Root() d: DossierView, @Ctx() ctx: GraphQLContext): Promise<AssignableOfficerType[]> {
    // Offered exactly when Dossier.availableActions offers an action that takes an assignee.
    if (!ctx.services.presenter.availableActions(d, ctx.principal, ctx.services.clock.now()).some((a) => a.inputs.includes(ActionInput.ASSIGNEE))) return [];
    let loader = officerLoaders.get(ctx);
    if (!loader) {
      loader = new DataLoader(async (ids) => eligibleOfficers(ctx.em, ids));
      officerLoaders.set(ctx, loader);
    }
    return loader.load(d.id);
  }
}
